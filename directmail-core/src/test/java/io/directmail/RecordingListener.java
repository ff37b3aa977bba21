package io.directmail;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects delivery events and waits, boundedly, for the ones a test expects. */
final class RecordingListener implements DeliveryListener {

    private final BlockingQueue<DeliveryEvent> events = new LinkedBlockingQueue<>();
    private final List<DeliveryEvent> seen = new ArrayList<>();

    @Override
    public void onEvent(DeliveryEvent event) {
        events.add(event);
    }

    /** Waits for {@code count} events that end a recipient's delivery attempt (anything but QUEUED). */
    synchronized List<DeliveryEvent> awaitOutcomes(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<DeliveryEvent> outcomes = new ArrayList<>(seen.stream().filter(e -> e.type() != DeliveryStatus.QUEUED).toList());
        while (outcomes.size() < count) {
            DeliveryEvent next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                fail("expected %d delivery outcomes within %s, got %s", count, timeout, outcomes);
            }
            seen.add(next);
            if (next.type() != DeliveryStatus.QUEUED) {
                outcomes.add(next);
            }
        }
        return outcomes;
    }

    /** Returns every event received so far. */
    synchronized List<DeliveryEvent> all() {
        events.drainTo(seen);
        return List.copyOf(seen);
    }
}
