package io.directmail;

import java.io.Serial;

/**
 * Thrown when a text is not a usable email address. {@link #input()} gives the refused text
 * (with control characters made visible) and the message says why it was refused.
 */
public final class InvalidAddressException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * Creates an exception for a refused address.
     *
     * @param input the text that was refused, as given
     * @param reason why it was refused
     */
    public InvalidAddressException(String input, String reason) {
        super("Invalid email address " + visible(input) + ": " + reason);
        this.input = input;
    }

    /** Returns the refused text, as given (may be {@code null}). */
    public String input() {
        return input;
    }

    /**
     * Returns the text in double quotes with line breaks, control characters, quotes and
     * backslashes escaped Java-style, cut after 80 characters: safe to put in a message or a log.
     */
    static String visible(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        int shown = Math.min(text.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > shown) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.append('"').toString();
    }
}
