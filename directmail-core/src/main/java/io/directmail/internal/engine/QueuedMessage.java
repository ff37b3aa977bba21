package io.directmail.internal.engine;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageStatus;
import io.directmail.RecipientStatus;
import io.directmail.store.StoredMessage;
import io.directmail.transport.RecipientOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A message the engine is delivering: its stored metadata with each recipient's status, as it
 * changes attempt by attempt. The content stays in the store until an attempt reads it. The
 * state is guarded by this object's monitor.
 */
final class QueuedMessage {

    private StoredMessage state;

    QueuedMessage(StoredMessage state) {
        this.state = state;
    }

    String id() {
        return state.messageId();
    }

    synchronized MailType type() {
        return state.type();
    }

    synchronized StoredMessage state() {
        return state;
    }

    /** Returns the recipients that have no final status yet (empty when none). */
    synchronized List<EmailAddress> pendingRecipients() {
        List<EmailAddress> pending = new ArrayList<>();
        for (RecipientStatus status : state.recipients()) {
            if (!status.status().isTerminal()) {
                pending.add(status.recipient());
            }
        }
        return pending;
    }

    /**
     * Records one attempt's outcome for one recipient and returns the new status.
     *
     * @throws IllegalArgumentException for a {@code NOT_ATTEMPTED} outcome, which changes nothing
     */
    synchronized RecipientStatus record(RecipientOutcome outcome, Instant at) {
        List<RecipientStatus> recipients = new ArrayList<>(state.recipients());
        for (int i = 0; i < recipients.size(); i++) {
            RecipientStatus before = recipients.get(i);
            if (before.recipient().equals(outcome.recipient())) {
                if (before.status().isTerminal()) {
                    throw new IllegalStateException(outcome.recipient() + " of " + id() + " already has the final status "
                            + before.status());
                }
                DeliveryStatus status = switch (outcome.result()) {
                    case DELIVERED -> DeliveryStatus.DELIVERED;
                    case TEMPORARY_FAILURE -> DeliveryStatus.DEFERRED;
                    case PERMANENT_FAILURE -> DeliveryStatus.BOUNCED;
                    case NOT_ATTEMPTED -> throw new IllegalArgumentException(outcome.recipient() + " of " + id()
                            + " was not attempted; that is no attempt to record");
                };
                RecipientStatus after = new RecipientStatus(outcome.recipient(), status, before.attempts() + 1,
                        outcome.reply(), outcome.remoteHost(), outcome.detail(), at);
                recipients.set(i, after);
                state = state.withProgress(recipients, state.nextAttemptAt());
                return after;
            }
        }
        throw new IllegalStateException(outcome.recipient() + " is not a recipient of " + id());
    }

    /** Gives up on every pending recipient and returns their new statuses. */
    synchronized List<RecipientStatus> expire(Instant at, String detail) {
        List<RecipientStatus> recipients = new ArrayList<>(state.recipients());
        List<RecipientStatus> expired = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientStatus before = recipients.get(i);
            if (!before.status().isTerminal()) {
                RecipientStatus after = new RecipientStatus(before.recipient(), DeliveryStatus.EXPIRED, before.attempts(),
                        before.lastReply(), before.remoteHost(), detail + "; last failure: " + before.detail(), at);
                recipients.set(i, after);
                expired.add(after);
            }
        }
        state = state.withProgress(recipients, null);
        return expired;
    }

    /** Sets when the next attempt is due (null when nothing is pending) and returns the state to store. */
    synchronized StoredMessage dueAt(Instant next) {
        state = state.withProgress(state.recipients(), next);
        return state;
    }

    /** Returns the most attempts any pending recipient has had. */
    synchronized int attempts() {
        int most = 0;
        for (RecipientStatus status : state.recipients()) {
            if (!status.status().isTerminal()) {
                most = Math.max(most, status.attempts());
            }
        }
        return most;
    }

    synchronized MessageStatus snapshot() {
        return status(state);
    }

    static MessageStatus status(StoredMessage stored) {
        return new MessageStatus(stored.messageId(), stored.acceptedAt(), stored.recipients(), stored.account(), stored.tag());
    }
}
