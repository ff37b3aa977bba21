package io.directmail.internal.smtp;

import java.io.IOException;
import java.io.Serial;

/**
 * The server broke the protocol (a malformed or oversized reply): the connection can no longer be
 * trusted and is discarded.
 */
public final class SmtpProtocolException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with what was wrong. */
    public SmtpProtocolException(String message) {
        super(message);
    }
}
