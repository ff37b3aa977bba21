package io.directmail;

import java.io.Serial;

/**
 * Thrown when a new SMTP password breaks the {@link SmtpPasswordPolicy}: too short, too long, or
 * with a character it cannot contain. The message says which rule and never shows the password.
 * No hash was made.
 */
public final class InvalidPasswordException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception naming the broken rule.
     *
     * @param message the explanation, without the password
     */
    public InvalidPasswordException(String message) {
        super(message);
    }
}
