package io.directmail.internal.store;

import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The checks and the retention arithmetic every built-in {@link io.directmail.store.MailStore}
 * applies in the same way, so that both pass the same contract. Stateless.
 */
public final class StoreArguments {

    private StoreArguments() {}

    /**
     * Checks the arguments of {@code add}.
     *
     * @param message the new message
     * @param content its content
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if the content's length differs from the message's size
     */
    public static void checkNew(StoredMessage message, byte[] content) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(content, "content");
        if (content.length != message.size()) {
            throw new IllegalArgumentException("the content of " + message.messageId() + " has " + content.length
                    + " octets but the message says size " + message.size());
        }
    }

    /**
     * Checks that an update changes only statuses and the due time.
     *
     * @param stored the message as stored
     * @param progress the update
     * @throws IllegalArgumentException naming the part that changed
     * @throws IllegalStateException if a final message would become pending again
     */
    public static void checkProgress(StoredMessage stored, StoredMessage progress) {
        String id = stored.messageId();
        if (!stored.acceptedAt().equals(progress.acceptedAt())) {
            throw new IllegalArgumentException("an update of " + id + " cannot change acceptedAt from "
                    + stored.acceptedAt() + " to " + progress.acceptedAt());
        }
        if (stored.size() != progress.size()) {
            throw new IllegalArgumentException("an update of " + id + " cannot change the size from " + stored.size()
                    + " to " + progress.size());
        }
        if (!stored.account().equals(progress.account())) {
            throw new IllegalArgumentException("an update of " + id + " cannot change the account from " + stored.account()
                    + " to " + progress.account());
        }
        if (!Objects.equals(stored.idempotencyKey(), progress.idempotencyKey())) {
            throw new IllegalArgumentException("an update of " + id + " cannot change the idempotency key");
        }
        if (!addresses(stored.recipients()).equals(addresses(progress.recipients()))) {
            throw new IllegalArgumentException("an update of " + id + " must keep the recipients " + addresses(stored.recipients())
                    + ", was " + addresses(progress.recipients()));
        }
        if (!stored.isPending() && progress.isPending()) {
            throw new IllegalStateException(id + " is final and its content was released; it cannot become pending again");
        }
    }

    /**
     * Checks the arguments of {@code claimDue}.
     *
     * @param lane the lane
     * @param now the current time
     * @param limit how many at most
     * @param leaseUntil the end of the claims
     * @throws NullPointerException if a time or the lane is null
     * @throws IllegalArgumentException if the limit is below 1 or the lease ends before {@code now}
     */
    public static void checkClaim(MailType lane, Instant now, int limit, Instant leaseUntil) {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (leaseUntil.isBefore(now)) {
            throw new IllegalArgumentException("leaseUntil " + leaseUntil + " is before now " + now);
        }
    }

    /**
     * Returns when a pending message is next due: its next attempt, or its acceptance if it has none.
     *
     * @param message a pending message
     * @return its due time
     */
    public static Instant dueOf(StoredMessage message) {
        return message.nextAttemptAt() != null ? message.nextAttemptAt() : message.deliverableFrom();
    }

    private static List<String> addresses(List<RecipientStatus> recipients) {
        return recipients.stream().map(r -> r.recipient().address()).toList();
    }

    /**
     * Returns when a message stops being findable.
     *
     * @param message the message
     * @param retention the retention of final statuses
     * @return the latest recipient status time plus the retention, or {@link Instant#MAX} while a
     *     recipient is pending
     */
    public static Instant forgetAt(StoredMessage message, Duration retention) {
        if (message.isPending()) {
            return Instant.MAX;
        }
        Instant last = Instant.MIN;
        for (RecipientStatus r : message.recipients()) {
            if (r.updatedAt().isAfter(last)) {
                last = r.updatedAt();
            }
        }
        try {
            return last.plus(retention);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.MAX;
        }
    }
}
