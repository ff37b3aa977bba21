package io.directmail.transport;

import io.directmail.EmailAddress;
import java.util.Objects;

/**
 * What one delivery attempt did for one recipient.
 *
 * @param recipient the envelope recipient
 * @param result delivered, failed for now, or failed for good
 * @param reply the SMTP reply that decided it, or {@code null} when no server replied
 *     (connection refused, DNS failure, timeout)
 * @param remoteHost the host that answered (name or address), or {@code null}
 * @param detail a human-readable explanation, never {@code null}
 */
public record RecipientOutcome(EmailAddress recipient, Result result, SmtpReply reply, String remoteHost, String detail) {

    /** The three ways an attempt can end for a recipient. */
    public enum Result {
        /** The receiving server accepted responsibility for the message (250 after DATA). */
        DELIVERED,
        /** A temporary failure (4xx reply, timeout, network or DNS trouble): try again later. */
        TEMPORARY_FAILURE,
        /** A permanent failure (5xx reply, no such domain, null MX): do not try again. */
        PERMANENT_FAILURE
    }

    /** Validates that the required parts are present. */
    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(result, "result");
        detail = detail == null ? (reply == null ? result.name() : reply.toString()) : detail;
    }

    /** Returns an outcome decided by an SMTP reply: 2xx delivered, 4xx temporary, 5xx permanent. */
    public static RecipientOutcome fromReply(EmailAddress recipient, SmtpReply reply, String remoteHost) {
        Result result = reply.isPositive() ? Result.DELIVERED
                : reply.isTransient() ? Result.TEMPORARY_FAILURE : Result.PERMANENT_FAILURE;
        return new RecipientOutcome(recipient, result, reply, remoteHost, reply.toString());
    }

    /** Returns a temporary failure that no server reply decided. */
    public static RecipientOutcome temporary(EmailAddress recipient, String remoteHost, String detail) {
        return new RecipientOutcome(recipient, Result.TEMPORARY_FAILURE, null, remoteHost, detail);
    }

    /** Returns a permanent failure that no server reply decided. */
    public static RecipientOutcome permanent(EmailAddress recipient, String remoteHost, String detail) {
        return new RecipientOutcome(recipient, Result.PERMANENT_FAILURE, null, remoteHost, detail);
    }
}
