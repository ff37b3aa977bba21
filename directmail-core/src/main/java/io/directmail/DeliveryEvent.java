package io.directmail;

import io.directmail.transport.SmtpReply;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to one recipient of one message: it was queued, delivered, deferred
 * or bounced.
 *
 * @param type what happened; the recipient's status from now on
 * @param messageId the message's id, as in its {@link Receipt}
 * @param recipient the envelope recipient it happened to
 * @param at when it happened, by the engine's clock
 * @param attempt the number of delivery attempts made so far (0 for {@code QUEUED})
 * @param reply the SMTP reply that decided it, or {@code null} when no server replied
 * @param remoteHost the server that answered, or {@code null}
 * @param detail a human-readable explanation, never {@code null}
 */
public record DeliveryEvent(DeliveryStatus type, String messageId, EmailAddress recipient, Instant at, int attempt,
        SmtpReply reply, String remoteHost, String detail) {

    /** Validates that the required parts are present. */
    public DeliveryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
    }

    /** Returns the SMTP reply that decided this event, if a server replied. */
    public Optional<SmtpReply> smtpReply() {
        return Optional.ofNullable(reply);
    }
}
