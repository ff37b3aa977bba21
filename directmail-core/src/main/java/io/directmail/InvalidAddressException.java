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
                case '\0' -> out.append("\\0");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
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
