package io.directmail.batch;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A batch journal that keeps every record it gets and waits, boundedly, for the one a test expects. */
final class JournalRecorder implements Consumer<BatchRecord> {

    private final BlockingQueue<BatchRecord> arrived = new LinkedBlockingQueue<>();
    private final List<BatchRecord> seen = new ArrayList<>();
    private volatile Consumer<BatchRecord> also = record -> { };

    @Override
    public void accept(BatchRecord record) {
        also.accept(record);
        arrived.add(record);
    }

    /** Runs an action on each record before it is kept, e.g. to open a gate when a batch pauses. */
    void onEachRecord(Consumer<BatchRecord> action) {
        this.also = action;
    }

    /** Waits for a record that matches, looking at those already received first. */
    synchronized BatchRecord await(Predicate<BatchRecord> wanted, Duration timeout) throws InterruptedException {
        arrived.drainTo(seen);
        for (BatchRecord record : seen) {
            if (wanted.test(record)) {
                return record;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            BatchRecord next = arrived.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                return fail("no matching batch record within %s; received %s", timeout, seen);
            }
            seen.add(next);
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    /** Waits for the record that says a batch reached a state. */
    BatchRecord awaitState(String id, BatchState state, Duration timeout) throws InterruptedException {
        return await(record -> record.id().equals(id) && record.state() == state, timeout);
    }

    /** Returns every record received so far, in order. */
    synchronized List<BatchRecord> all() {
        arrived.drainTo(seen);
        return List.copyOf(seen);
    }
}
