package io.directmail.store;

import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message as a {@link MailStore} keeps it, without its content (which the store reads from
 * storage only when a delivery attempt needs it, so queued bodies are not held in the heap).
 *
 * @param messageId the id, as in the {@code Receipt}
 * @param acceptedAt when {@code send} accepted it
 * @param returnPath the envelope sender, or {@code null} for the null path
 * @param recipients each envelope recipient's status, in envelope order
 * @param nextAttemptAt when the next delivery attempt is due, or {@code null} when every
 *     recipient has a final status
 * @param tag the statistics tag, or {@code null}
 * @param idempotencyKey the idempotency key it is stored under, or {@code null}: {@code DirectMail}
 *     stores a mail's key as {@code account:key}, so that accounts' keys never meet
 * @param size the content's size in octets
 * @param smtpUtf8 true when the message needs SMTPUTF8
 * @param eightBit true when the body has 8-bit octets
 * @param type the lane the message is delivered in
 * @param notBefore the time the caller scheduled it for ({@code Mail.sendAt}), or {@code null}
 * @param account the account it was sent for ({@link io.directmail.Mail#account()})
 */
public record StoredMessage(String messageId, Instant acceptedAt, EmailAddress returnPath, List<RecipientStatus> recipients,
        Instant nextAttemptAt, String tag, String idempotencyKey, int size, boolean smtpUtf8, boolean eightBit,
        MailType type, Instant notBefore, String account) {

    /** Creates a message of the default account. */
    public StoredMessage(String messageId, Instant acceptedAt, EmailAddress returnPath, List<RecipientStatus> recipients,
            Instant nextAttemptAt, String tag, String idempotencyKey, int size, boolean smtpUtf8, boolean eightBit,
            MailType type, Instant notBefore) {
        this(messageId, acceptedAt, returnPath, recipients, nextAttemptAt, tag, idempotencyKey, size, smtpUtf8, eightBit,
                type, notBefore, Mail.DEFAULT_ACCOUNT);
    }

    /** Creates an unscheduled trigger message. */
    public StoredMessage(String messageId, Instant acceptedAt, EmailAddress returnPath, List<RecipientStatus> recipients,
            Instant nextAttemptAt, String tag, String idempotencyKey, int size, boolean smtpUtf8, boolean eightBit) {
        this(messageId, acceptedAt, returnPath, recipients, nextAttemptAt, tag, idempotencyKey, size, smtpUtf8, eightBit,
                MailType.TRIGGER, null);
    }

    /** Validates and copies the parts. */
    public StoredMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(recipients, "recipients");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a stored message needs at least one recipient");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
    }

    /** Returns true while some recipient has no final status. */
    public boolean isPending() {
        return recipients.stream().anyMatch(r -> !r.status().isTerminal());
    }

    /** Returns a copy with other recipient states and another due time. */
    public StoredMessage withProgress(List<RecipientStatus> newRecipients, Instant newNextAttemptAt) {
        return new StoredMessage(messageId, acceptedAt, returnPath, newRecipients, newNextAttemptAt, tag, idempotencyKey,
                size, smtpUtf8, eightBit, type, notBefore, account);
    }

    /** Returns when delivery may begin: the scheduled time, or else the acceptance time. */
    public Instant deliverableFrom() {
        return notBefore != null ? notBefore : acceptedAt;
    }
}
