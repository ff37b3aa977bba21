package io.directmail.internal.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The maintenance thread of a durable {@link io.directmail.store.MailStore}: one daemon thread
 * of its own, so that maintenance never runs on a caller's thread, and a bounded stop for
 * {@code close()}. Stateless.
 */
public final class StoreMaintenance {

    private StoreMaintenance() {}

    /**
     * Starts a store's maintenance thread.
     *
     * @param threadName the thread's name
     * @return a single-threaded scheduler on one daemon thread
     */
    public static ScheduledExecutorService start(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true).name(threadName).factory());
    }

    /**
     * Stops a store's maintenance: runs nothing new and waits, at most {@code grace}, for what is
     * running. Gives up the wait, keeping the interrupt, if the calling thread is interrupted.
     *
     * @param maintenance the maintenance thread
     * @param grace how long to wait for a running task
     * @param log where to warn if the task outlasts the wait
     * @param what the task, for the warning (such as "The mail store's maintenance")
     */
    public static void stop(ScheduledExecutorService maintenance, Duration grace, Logger log, String what) {
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {}; closing anyway", what, grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
