package io.directmail.internal.dns;

import java.io.Serial;

/**
 * A query that could not be answered now: every name server timed out, failed (SERVFAIL),
 * refused, or could not be reached. Completes lookup futures exceptionally; never cached.
 */
final class DnsTemporaryFailure extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    DnsTemporaryFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    DnsTemporaryFailure(String message) {
        this(message, null);
    }
}
