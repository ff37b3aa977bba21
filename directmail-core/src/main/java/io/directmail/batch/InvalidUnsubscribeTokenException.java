package io.directmail.batch;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when an unsubscribe token is not one that these {@link UnsubscribeSettings} issued: it
 * is not base64url, too short or too long, of an unknown version, or its signature does not
 * match (a forged or altered token, or one signed with another key). The message says which,
 * without repeating the token. Nothing has been changed.
 */
public final class InvalidUnsubscribeTokenException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason what is wrong with the token
     */
    public InvalidUnsubscribeTokenException(String reason) {
        super("Unsubscribe token refused: " + reason);
    }
}
