package io.directmail;

import io.directmail.transport.SmtpReply;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to one recipient of one message: it was queued, suppressed, delivered,
 * deferred, bounced or expired. The account and tag of the message come with every event, so a
 * listener can keep its own figures per account and tag.
 *
 * <p>An unsubscribe is not a change of a recipient's delivery status; it reaches listeners as an
 * {@link UnsubscribeEvent} through {@link DeliveryListener#onUnsubscribe(UnsubscribeEvent)}.
 *
 * @param type what happened; the recipient's status from now on
 * @param messageId the message's id, as in its {@link Receipt}
 * @param recipient the envelope recipient it happened to
 * @param at when it happened, by the engine's clock
 * @param attempt the number of delivery attempts made so far (0 for {@code QUEUED})
 * @param reply the SMTP reply that decided it, or {@code null} when no server replied
 * @param remoteHost the server that answered, or {@code null}
 * @param detail a human-readable explanation, never {@code null}
 * @param account the account the message was sent for ({@link Mail#account()})
 * @param tag the message's statistics tag ({@link Mail#tag()}), or {@code null} when it has none
 */
public record DeliveryEvent(DeliveryStatus type, String messageId, EmailAddress recipient, Instant at, int attempt,
        SmtpReply reply, String remoteHost, String detail, String account, String tag) {

    /** Validates that the required parts are present. */
    public DeliveryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(account, "account");
        detail = detail == null ? "" : detail;
    }

    /** Creates an event about an untagged message of the {@linkplain Mail#DEFAULT_ACCOUNT default account}. */
    public DeliveryEvent(DeliveryStatus type, String messageId, EmailAddress recipient, Instant at, int attempt,
            SmtpReply reply, String remoteHost, String detail) {
        this(type, messageId, recipient, at, attempt, reply, remoteHost, detail, Mail.DEFAULT_ACCOUNT, null);
    }

    /** Returns the SMTP reply that decided this event, if a server replied. */
    public Optional<SmtpReply> smtpReply() {
        return Optional.ofNullable(reply);
    }
}
