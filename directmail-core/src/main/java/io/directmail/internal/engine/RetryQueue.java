package io.directmail.internal.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Messages waiting for their next attempt, ordered by due time. {@link #releaseDue} hands every
 * message whose time has come to the delivery workers. Thread-safe.
 */
final class RetryQueue {

    private record Due(Instant at, long order, QueuedMessage message) {
    }

    private final PriorityQueue<Due> waiting =
            new PriorityQueue<>(Comparator.comparing(Due::at).thenComparingLong(Due::order));
    private long order;

    synchronized void add(QueuedMessage message, Instant dueAt) {
        waiting.add(new Due(dueAt, order++, message));
    }

    /** Passes every message due at or before {@code now} to {@code release}, earliest first. */
    void releaseDue(Instant now, Consumer<QueuedMessage> release) {
        while (true) {
            QueuedMessage next;
            synchronized (this) {
                Due head = waiting.peek();
                if (head == null || head.at().isAfter(now)) {
                    return;
                }
                next = waiting.poll().message();
            }
            release.accept(next);
        }
    }

    /** {@return when the earliest message is due, or null when none waits} */
    synchronized Instant earliest() {
        Due head = waiting.peek();
        return head == null ? null : head.at();
    }

    synchronized int size() {
        return waiting.size();
    }
}
