package io.directmail.internal.engine;

import io.directmail.MailType;
import io.directmail.store.MailStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages this node has claimed from the store and holds in memory: waiting in a lane, being
 * delivered, or waiting for a retry the store could not record. At most {@code window} per lane,
 * so the heap holds a bounded part of the queue however long it is; the rest waits in the store
 * until {@link MailStore#claimDue} hands it out. Keeps the claims alive by renewing their leases.
 * Thread-safe.
 */
final class ClaimedMessages {

    private final ConcurrentHashMap<String, QueuedMessage> byId = new ConcurrentHashMap<>();
    private final Map<MailType, AtomicInteger> counts = new EnumMap<>(MailType.class);
    private final int window;
    private final Duration lease;
    private volatile Instant lastRenewal;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long changes;

    /**
     * @param window how many messages of one lane may be held at once
     * @param lease how long a claim lasts without renewal
     */
    ClaimedMessages(int window, Duration lease) {
        this.window = window;
        this.lease = lease;
        for (MailType lane : MailType.values()) {
            counts.put(lane, new AtomicInteger());
        }
    }

    /** {@return the end of a lease taken now} */
    Instant leaseFrom(Instant now) {
        return now.plus(lease);
    }

    /** {@return true if a lane holds fewer messages than its window} */
    boolean hasRoom(MailType lane) {
        return counts.get(lane).get() < window;
    }

    /** {@return how many more messages a lane may hold} */
    int room(MailType lane) {
        return Math.max(0, window - counts.get(lane).get());
    }

    /**
     * Holds a claimed message.
     *
     * @return false if it is held already (claimed again after its lease ended): the caller drops
     *     the new copy
     */
    boolean hold(QueuedMessage message) {
        if (byId.putIfAbsent(message.id(), message) != null) {
            return false;
        }
        counts.get(message.type()).incrementAndGet();
        return true;
    }

    /**
     * Lets go of a message whose outcome is in the store.
     *
     * @return true if its lane just fell to half its window: time to claim more
     */
    boolean letGo(QueuedMessage message) {
        if (!byId.remove(message.id(), message)) {
            return false;
        }
        boolean halfEmpty = counts.get(message.type()).decrementAndGet() == window / 2;
        lock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return halfEmpty;
    }

    /** {@return a count of the messages let go so far, for {@link #awaitChangeAfter}} */
    long changes() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a message was let go since {@link #changes()} returned {@code seen}.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @return false if the deadline passed first, or the thread was interrupted
     */
    boolean awaitChangeAfter(long seen, long deadline) {
        lock.lock();
        try {
            while (changes == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    QueuedMessage get(String messageId) {
        return byId.get(messageId);
    }

    /** Renews every claim when a third of the lease has passed since the last renewal. */
    void renewIfDue(MailStore store, Instant now) {
        Instant last = lastRenewal;
        if (last != null && now.isBefore(last.plus(lease.dividedBy(3)))) {
            return;
        }
        if (!byId.isEmpty()) {
            store.renewClaims(new ArrayList<>(byId.keySet()), leaseFrom(now));
        }
        // Only once renewed: a renewal that failed is tried again at the next tick.
        lastRenewal = now;
    }

    /** {@return the ids of every message held} */
    List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }

    int size() {
        return byId.size();
    }
}
