package io.directmail.batch;

import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ForwardingMailStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store whose n-th {@code add} (the n-th message accepted) waits until the test opens the gate,
 * and says when it got there: a batch is then caught in the middle of a row.
 */
final class GatedStore extends ForwardingMailStore {

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(20);

    private final int gateAt;
    private final AtomicInteger adds = new AtomicInteger();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    GatedStore(MailStore delegate, int gateAt) {
        super(delegate);
        this.gateAt = gateAt;
    }

    @Override
    public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
        if (adds.incrementAndGet() == gateAt) {
            arrived.countDown();
            await(opened, "the test to open the gate");
        }
        delegate.add(message, content, leaseUntil);
    }

    /** Waits until the n-th add is waiting at the gate. */
    void awaitArrival() {
        await(arrived, "add number " + gateAt);
    }

    /** Lets the waiting add, and all later ones, through. */
    void open() {
        opened.countDown();
    }

    /** Returns how many adds have begun, including one waiting at the gate. */
    int adds() {
        return adds.get();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("waited " + LONGEST_WAIT + " for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}
