package io.directmail;

import io.directmail.internal.text.VisibleText;
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
        return VisibleText.quote(text);
    }
}
