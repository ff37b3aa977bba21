package io.directmail.internal.smtp;

import io.directmail.transport.SmtpReply;
import java.io.Serial;

/**
 * A target could not be used for this attempt (connection refused or timed out, a 4xx/5xx
 * greeting, EHLO refused, TLS required but unavailable, AUTH failed, no free pooled connection):
 * the client moves on to the next target.
 */
public final class TargetFailure extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    /**
     * @param message what went wrong, naming the host
     * @param reply the server's reply that caused it, or null
     * @param cause the underlying failure, or null
     */
    public TargetFailure(String message, SmtpReply reply, Throwable cause) {
        super(message, cause);
        this.reply = reply;
    }

    /** Returns the server's reply that caused the failure, or null when none did. */
    public SmtpReply reply() {
        return reply;
    }
}
