package io.directmail.internal.text;

/**
 * Shows caller-supplied text inside an error message or a log line without letting it break
 * either: quoted, with line breaks and other invisible characters escaped, and cut when long.
 */
public final class VisibleText {

    private static final int MAX_SHOWN = 80;

    private VisibleText() {
    }

    /**
     * Returns the text in double quotes with line breaks, control characters, quotes and
     * backslashes escaped Java-style, cut after 80 characters; {@code null} becomes the word null.
     *
     * @param text the text, may be null
     * @return a one-line rendering that is safe to put in a message or a log
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        int shown = Math.min(text.length(), MAX_SHOWN);
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
