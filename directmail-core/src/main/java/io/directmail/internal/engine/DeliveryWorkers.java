package io.directmail.internal.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of workers taking messages from the two lanes of a {@link LaneQueue}. {@link #drainAndStop} lets the
 * workers finish everything queued before it was called, then stops them.
 */
final class DeliveryWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorkers.class);

    private final LaneQueue lanes;
    private final CountDownLatch stopped;
    private final List<Future<?>> workers = new ArrayList<>();

    /**
     * Starts the workers.
     *
     * @param count how many workers
     * @param reservedForTrigger how many of them batch mail may never occupy (at least 1 when count > 1)
     */
    DeliveryWorkers(ExecutorService executor, int count, int reservedForTrigger, Consumer<QueuedMessage> delivery) {
        this.lanes = new LaneQueue(Math.max(1, count - reservedForTrigger));
        this.stopped = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            workers.add(executor.submit(() -> run(delivery)));
        }
    }

    void submit(QueuedMessage message) {
        lanes.add(message);
    }

    int queued() {
        return lanes.size();
    }

    private void run(Consumer<QueuedMessage> delivery) {
        try {
            QueuedMessage next;
            while ((next = lanes.take()) != null) {
                try {
                    delivery.accept(next);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.error("Delivery of message {} failed unexpectedly", next.id(), e);
                } finally {
                    lanes.finished(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Lets the workers finish what is queued, then stops them; gives up waiting after the timeout
     * and interrupts them.
     *
     * @return true when the queue drained in time
     */
    boolean drainAndStop(Duration timeout) {
        lanes.stop();
        if (awaitStopped(timeout)) {
            return true;
        }
        workers.forEach(worker -> worker.cancel(true));
        return false;
    }

    /** Waits, boundedly, for every worker to have left; returns true if they all did. */
    boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
