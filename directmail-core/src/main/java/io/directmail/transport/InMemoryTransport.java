package io.directmail.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A transport that keeps every message in memory and reports each recipient as delivered. For
 * tests of code that sends mail, and for applications that want to look at what would be sent.
 * Chosen by the URI {@code memory:}, or passed to the builder as an instance to read it back.
 *
 * <p>Thread-safe.
 */
public final class InMemoryTransport implements Transport {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<OutboundMessage> messages = new ArrayList<>();

    /** Creates an empty transport. */
    public InMemoryTransport() {
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        lock.lock();
        try {
            messages.add(message);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        SmtpReply ok = new SmtpReply(250, "2.0.0", "kept in memory");
        return message.recipients().stream().map(r -> RecipientOutcome.fromReply(r, ok, "memory")).toList();
    }

    /** Returns the messages delivered so far, oldest first. */
    public List<OutboundMessage> messages() {
        lock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} messages have arrived, or the timeout passes.
     *
     * @return the messages delivered so far
     * @throws InterruptedException if interrupted while waiting
     */
    public List<OutboundMessage> awaitMessages(int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (messages.size() < count && remaining > 0) {
                remaining = arrived.awaitNanos(remaining);
            }
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every message kept so far. */
    public void clear() {
        lock.lock();
        try {
            messages.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "memory:";
    }
}
