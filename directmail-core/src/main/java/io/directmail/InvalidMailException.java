package io.directmail;

import java.io.Serial;

/**
 * Thrown when a caller's input cannot become a message: a missing sender, a header value with a
 * line break, an attachment without a name. The message names the field and the bad value.
 * Nothing has been queued when this is thrown.
 */
public class InvalidMailException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception explaining what is wrong with the input.
     *
     * @param message the explanation, naming the field and value
     */
    public InvalidMailException(String message) {
        super(message);
    }
}
