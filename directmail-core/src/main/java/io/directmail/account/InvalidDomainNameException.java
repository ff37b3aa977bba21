package io.directmail.account;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when a text is not a usable domain or host name: empty, with spaces or control
 * characters, an empty label, a label starting or ending with {@code -}, a name without a dot, an
 * IP address or address literal, or a name too long for DNS. {@link #input()} gives the refused
 * text and the message says why it was refused. Nothing has been changed when this is thrown.
 */
public final class InvalidDomainNameException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * Creates an exception for a refused name.
     *
     * @param field what the name was for, e.g. {@code "domain"} or {@code "bounceHost"}
     * @param input the text that was refused, as given (may be null)
     * @param reason why it was refused
     */
    public InvalidDomainNameException(String field, String input, String reason) {
        super("Invalid " + field + " " + DomainNames.visible(input) + ": " + reason);
        this.input = input;
    }

    /** Returns the refused text, as given (may be {@code null}). */
    public String input() {
        return input;
    }
}
