package io.directmail.internal.engine;

import io.directmail.MailType;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages waiting for a delivery worker, in two lanes. A worker always takes trigger mail
 * first, and batch mail may occupy at most {@code maxBatchInFlight} workers, so the rest stay free
 * for trigger mail however long a batch runs. Thread-safe.
 */
final class LaneQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<QueuedMessage> trigger = new ArrayDeque<>();
    private final ArrayDeque<QueuedMessage> batch = new ArrayDeque<>();
    private final int maxBatchInFlight;
    private int batchInFlight;
    private boolean stopping;

    LaneQueue(int maxBatchInFlight) {
        this.maxBatchInFlight = maxBatchInFlight;
    }

    void add(QueuedMessage message) {
        lock.lock();
        try {
            (message.type() == MailType.BATCH ? batch : trigger).add(message);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next message a worker may take; returns null once {@link #stop()} was called
     * and nothing is left.
     */
    QueuedMessage take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (!trigger.isEmpty()) {
                    return trigger.poll();
                }
                if (!batch.isEmpty() && batchInFlight < maxBatchInFlight) {
                    batchInFlight++;
                    return batch.poll();
                }
                if (stopping && batch.isEmpty()) {
                    return null;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tells the queue a worker has finished with a message it took. */
    void finished(QueuedMessage message) {
        if (message.type() != MailType.BATCH) {
            return;
        }
        lock.lock();
        try {
            batchInFlight--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Lets workers leave once the lanes are empty. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return trigger.size() + batch.size();
        } finally {
            lock.unlock();
        }
    }
}
