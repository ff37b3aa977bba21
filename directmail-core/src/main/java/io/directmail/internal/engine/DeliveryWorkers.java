package io.directmail.internal.engine;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of workers taking messages from one queue. {@link #drainAndStop} lets the
 * workers finish everything queued before it was called, then stops them.
 */
final class DeliveryWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorkers.class);

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Object stopMarker = new Object();
    private final CountDownLatch stopped;
    private final List<Future<?>> workers = new ArrayList<>();

    DeliveryWorkers(ExecutorService executor, int count, Consumer<QueuedMessage> delivery) {
        this.stopped = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            workers.add(executor.submit(() -> run(delivery)));
        }
    }

    void submit(QueuedMessage message) {
        queue.add(message);
    }

    int queued() {
        return queue.size();
    }

    private void run(Consumer<QueuedMessage> delivery) {
        try {
            while (true) {
                Object next = queue.take();
                if (next == stopMarker) {
                    return;
                }
                try {
                    delivery.accept((QueuedMessage) next);
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("Delivery of message {} failed unexpectedly", ((QueuedMessage) next).id(), e);
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
        for (int i = 0; i < workers.size(); i++) {
            queue.add(stopMarker);
        }
        try {
            if (stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(worker -> worker.cancel(true));
        return false;
    }
}
