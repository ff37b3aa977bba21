package io.directmail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Proof that a message was accepted: once {@link DirectMail#send(Mail)} returns a receipt, the
 * library has taken responsibility for the message.
 *
 * @param messageId the message's id: its {@code Message-ID} header without angle brackets, and
 *     the key to ask {@link DirectMail#status(String)} about it
 * @param acceptedAt when it was accepted, by the engine's clock
 * @param recipients the envelope recipients (to, cc and bcc, without duplicates)
 */
public record Receipt(String messageId, Instant acceptedAt, List<EmailAddress> recipients) {

    /** Validates and copies the parts. */
    public Receipt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        recipients = List.copyOf(recipients);
    }
}
