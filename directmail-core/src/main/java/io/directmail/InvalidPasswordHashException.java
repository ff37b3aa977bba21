package io.directmail;

import java.io.Serial;

/**
 * Thrown by {@link SmtpPasswordHash#parse(String)} when a stored text is not an encoded password
 * hash: the wrong number of fields, an unknown algorithm, an iteration count out of range, or a
 * salt or hash that is not canonical Base64 of the right length. The message names the field; it
 * shows the algorithm and iteration count as given but never the salt or the hash.
 */
public final class InvalidPasswordHashException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception naming the bad field.
     *
     * @param message the explanation
     */
    public InvalidPasswordHashException(String message) {
        super(message);
    }
}
