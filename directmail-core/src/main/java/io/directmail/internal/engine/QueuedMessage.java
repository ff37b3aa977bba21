package io.directmail.internal.engine;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageStatus;
import io.directmail.RecipientStatus;
import io.directmail.Suppression;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message the engine has accepted, with the status of each recipient. The per-recipient state
 * is guarded by this object's monitor.
 */
final class QueuedMessage {

    private final OutboundMessage message;
    private final Instant acceptedAt;
    private final String tag;
    private final Instant notBefore;
    private final MailType type;
    private final Map<EmailAddress, RecipientStatus> recipients = new LinkedHashMap<>();
    private int attempts;

    QueuedMessage(OutboundMessage message, Instant acceptedAt, String tag, MailType type, Instant notBefore,
            Map<EmailAddress, Suppression> suppressed) {
        this.message = message;
        this.type = type;
        this.acceptedAt = acceptedAt;
        this.tag = tag;
        this.notBefore = notBefore;
        for (EmailAddress recipient : message.recipients()) {
            Suppression suppression = suppressed.get(recipient);
            recipients.put(recipient, suppression == null
                    ? new RecipientStatus(recipient, DeliveryStatus.QUEUED, 0, null, null, "queued", acceptedAt)
                    : new RecipientStatus(recipient, DeliveryStatus.SUPPRESSED, 0, null, null,
                            "on the suppression list (" + suppression.reason() + " since " + suppression.since() + ")", acceptedAt));
        }
    }

    String id() {
        return message.messageId();
    }

    MailType type() {
        return type;
    }

    String tag() {
        return tag;
    }

    Instant acceptedAt() {
        return acceptedAt;
    }

    /** Returns when delivery may begin: the scheduled time, or the acceptance time. */
    Instant deliverableFrom() {
        return notBefore != null ? notBefore : acceptedAt;
    }

    /** Returns the message addressed to the recipients that have no final status yet, or null if none. */
    synchronized OutboundMessage pending() {
        List<EmailAddress> pending = new ArrayList<>();
        for (RecipientStatus status : recipients.values()) {
            if (!status.status().isTerminal()) {
                pending.add(status.recipient());
            }
        }
        return pending.isEmpty() ? null : message.withRecipients(pending);
    }

    /** Records one attempt's outcome for one recipient and returns the new status. */
    synchronized RecipientStatus record(RecipientOutcome outcome, Instant at) {
        RecipientStatus before = recipients.get(outcome.recipient());
        if (before == null) {
            throw new IllegalStateException(outcome.recipient() + " is not a recipient of " + id());
        }
        DeliveryStatus status = switch (outcome.result()) {
            case DELIVERED -> DeliveryStatus.DELIVERED;
            case TEMPORARY_FAILURE -> DeliveryStatus.DEFERRED;
            case PERMANENT_FAILURE -> DeliveryStatus.BOUNCED;
        };
        RecipientStatus after = new RecipientStatus(outcome.recipient(), status, before.attempts() + 1,
                outcome.reply(), outcome.remoteHost(), outcome.detail(), at);
        recipients.put(outcome.recipient(), after);
        return after;
    }

    /** Counts a finished delivery attempt and returns how many there have been. */
    synchronized int countAttempt() {
        return ++attempts;
    }

    /** Gives up on every pending recipient and returns their new statuses. */
    synchronized List<RecipientStatus> expire(Instant at, String detail) {
        List<RecipientStatus> expired = new ArrayList<>();
        for (RecipientStatus before : recipients.values()) {
            if (!before.status().isTerminal()) {
                RecipientStatus after = new RecipientStatus(before.recipient(), DeliveryStatus.EXPIRED, before.attempts(),
                        before.lastReply(), before.remoteHost(), detail + "; last failure: " + before.detail(), at);
                recipients.put(before.recipient(), after);
                expired.add(after);
            }
        }
        return expired;
    }

    synchronized MessageStatus snapshot() {
        return new MessageStatus(id(), acceptedAt, List.copyOf(recipients.values()));
    }
}
