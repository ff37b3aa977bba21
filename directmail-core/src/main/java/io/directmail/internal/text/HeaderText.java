package io.directmail.internal.text;

/**
 * The rule for text that ends up in a message header, such as a subject: no CR, LF or NUL (they
 * could inject other headers), no other control character except TAB, no Unicode line or
 * paragraph separator and no unpaired surrogate.
 */
public final class HeaderText {

    /**
     * The first character that breaks the rule.
     *
     * @param what the character described for a message, e.g. {@code "a line feed (LF)"}
     * @param injection true for CR, LF and NUL, which could start another header
     */
    public record Problem(String what, boolean injection) {
    }

    private HeaderText() {
    }

    /**
     * Finds the first character that may not appear in a header.
     *
     * @param value the text, not null
     * @return the problem, or {@code null} when the text is fine
     */
    public static Problem find(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\r' -> {
                    return new Problem("a carriage return (CR)", true);
                }
                case '\n' -> {
                    return new Problem("a line feed (LF)", true);
                }
                case '\0' -> {
                    return new Problem("a NUL character", true);
                }
                case '\t' -> { }
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        return new Problem(String.format("control character U+%04X", (int) c), false);
                    }
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        return new Problem(String.format("an unpaired surrogate U+%04X", (int) c), false);
                    }
                }
            }
        }
        return null;
    }
}
