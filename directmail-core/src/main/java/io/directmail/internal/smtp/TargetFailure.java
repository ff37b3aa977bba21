package io.directmail.internal.smtp;

import io.directmail.transport.SmtpReply;
import java.io.Serial;

/**
 * A target could not be used for this attempt (connection refused or timed out, a 4xx/5xx
 * greeting, EHLO refused, TLS required but unavailable, AUTH failed, no free pooled connection):
 * the client moves on to the next target. A {@linkplain #isBusy() busy} target was not tried at all.
 */
public final class TargetFailure extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;
    private final boolean busy;

    /**
     * @param message what went wrong, naming the host
     * @param reply the server's reply that caused it, or null
     * @param cause the underlying failure, or null
     */
    public TargetFailure(String message, SmtpReply reply, Throwable cause) {
        this(message, reply, cause, false);
    }

    private TargetFailure(String message, SmtpReply reply, Throwable cause, boolean busy) {
        super(message, cause);
        this.reply = reply;
        this.busy = busy;
    }

    /**
     * Returns a failure that is no failure of the target: every connection to it was in use and
     * the caller chose not to wait. Nothing was sent to the target.
     *
     * @param message which target was busy
     */
    public static TargetFailure busy(String message) {
        return new TargetFailure(message, null, null, true);
    }

    /** Returns true when the target was not tried because every connection to it was in use. */
    public boolean isBusy() {
        return busy;
    }

    /** Returns the server's reply that caused the failure, or null when none did. */
    public SmtpReply reply() {
        return reply;
    }
}
