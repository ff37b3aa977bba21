package io.directmail.transport;

import io.directmail.EmailAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * What one delivery attempt did for one recipient, or why it was not attempted.
 *
 * @param recipient the envelope recipient
 * @param result delivered, failed for now, failed for good, or not attempted
 * @param reply the SMTP reply that decided it, or {@code null} when no server replied
 *     (connection refused, DNS failure, timeout)
 * @param remoteHost the host that answered (name or address), or {@code null}
 * @param detail a human-readable explanation, never {@code null}
 * @param enhancedStatus the RFC 3463 status code of the outcome, such as {@code 5.1.1}: the reply's,
 *     or one the transport assigned when no server replied ({@code 5.1.2} for a domain that does not
 *     exist, {@code 5.1.10} for a null MX); {@code null} when unknown
 * @param retryAt for {@link Result#NOT_ATTEMPTED}, when the destination is expected to have room;
 *     {@code null} for every other result
 */
public record RecipientOutcome(EmailAddress recipient, Result result, SmtpReply reply, String remoteHost, String detail,
        String enhancedStatus, Instant retryAt) {

    /** The ways an attempt can end for a recipient. */
    public enum Result {
        /** The receiving server accepted responsibility for the message (250 after DATA). */
        DELIVERED,
        /** A temporary failure (4xx reply, timeout, network or DNS trouble): try again later. */
        TEMPORARY_FAILURE,
        /** A permanent failure (5xx reply, no such domain, null MX): do not try again. */
        PERMANENT_FAILURE,
        /**
         * The transport did not try: the destination was busy (at its rate or connection limit, see
         * {@link DestinationLimits}). No server was contacted, so this is not a delivery attempt:
         * the recipient keeps its status and its count of attempts, and is tried again at
         * {@link RecipientOutcome#retryAt()}.
         */
        NOT_ATTEMPTED
    }

    /**
     * Validates that the required parts are present; takes the reply's enhanced status when none is given.
     *
     * @throws IllegalArgumentException if a {@link Result#NOT_ATTEMPTED} outcome has no retry time
     *     or another result has one
     */
    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(result, "result");
        if ((result == Result.NOT_ATTEMPTED) != (retryAt != null)) {
            throw new IllegalArgumentException(result == Result.NOT_ATTEMPTED
                    ? "a NOT_ATTEMPTED outcome needs the time to try again (retryAt)"
                    : "only a NOT_ATTEMPTED outcome has a retryAt; " + result + " had " + retryAt);
        }
        detail = detail == null ? (reply == null ? result.name() : reply.toString()) : detail;
        if (enhancedStatus == null && reply != null) {
            enhancedStatus = reply.enhancedStatus();
        }
    }

    /** Creates an outcome of an attempt, with the given enhanced status (or the reply's when {@code null}). */
    public RecipientOutcome(EmailAddress recipient, Result result, SmtpReply reply, String remoteHost, String detail,
            String enhancedStatus) {
        this(recipient, result, reply, remoteHost, detail, enhancedStatus, null);
    }

    /** Creates an outcome of an attempt whose enhanced status is the reply's. */
    public RecipientOutcome(EmailAddress recipient, Result result, SmtpReply reply, String remoteHost, String detail) {
        this(recipient, result, reply, remoteHost, detail, null, null);
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

    /** Returns a permanent failure that no server reply decided, with the RFC 3463 status that describes it. */
    public static RecipientOutcome permanent(EmailAddress recipient, String remoteHost, String enhancedStatus, String detail) {
        return new RecipientOutcome(recipient, Result.PERMANENT_FAILURE, null, remoteHost, detail, enhancedStatus);
    }

    /**
     * Returns an outcome for a recipient the transport did not try because its destination was
     * busy. It is not a delivery attempt: see {@link Result#NOT_ATTEMPTED}.
     *
     * @param recipient the envelope recipient
     * @param retryAt when the destination is expected to have room
     * @param detail why it was not attempted, naming the destination
     * @return the outcome
     */
    public static RecipientOutcome notAttempted(EmailAddress recipient, Instant retryAt, String detail) {
        Objects.requireNonNull(retryAt, "retryAt");
        return new RecipientOutcome(recipient, Result.NOT_ATTEMPTED, null, null, detail, null, retryAt);
    }

    /** Returns true unless the transport did not try this recipient ({@link Result#NOT_ATTEMPTED}). */
    public boolean isAttempted() {
        return result != Result.NOT_ATTEMPTED;
    }

    /**
     * Returns true when this outcome says the address itself cannot receive mail — no such user,
     * no such domain, a null MX, a malformed address (RFC 3463 {@code 5.1.1}, {@code 5.1.2},
     * {@code 5.1.3}, {@code 5.1.10}, or a 550 whose text says the user is unknown) — as opposed
     * to a refusal of this one message (too big, policy, spam) or a full mailbox.
     */
    public boolean isInvalidAddress() {
        if (result != Result.PERMANENT_FAILURE) {
            return false;
        }
        if (enhancedStatus != null) {
            return enhancedStatus.equals("5.1.1") || enhancedStatus.equals("5.1.2") || enhancedStatus.equals("5.1.3")
                    || enhancedStatus.equals("5.1.10");
        }
        if (reply == null || (reply.code() != 550 && reply.code() != 551 && reply.code() != 553)) {
            return false;
        }
        String text = reply.text().toLowerCase(java.util.Locale.ROOT);
        return text.contains("user unknown") || text.contains("unknown user") || text.contains("no such user")
                || text.contains("does not exist") || text.contains("no mailbox") || text.contains("mailbox unavailable")
                || text.contains("recipient unknown") || text.contains("unknown recipient");
    }
}
