package io.directmail;

import java.io.Serial;

/**
 * The root of every exception DirectMail throws. It is unchecked: callers catch the typed
 * subclasses they can act on, such as {@link InvalidMailException}.
 */
public class DirectMailException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what went wrong and with which value.
     *
     * @param message the explanation
     */
    public DirectMailException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message the explanation
     * @param cause the underlying failure
     */
    public DirectMailException(String message, Throwable cause) {
        super(message, cause);
    }
}
