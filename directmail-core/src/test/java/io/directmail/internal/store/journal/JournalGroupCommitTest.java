package io.directmail.internal.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalGroupCommitTest {

    private static final int CALLERS = 256;
    private static final int PER_CALLER = 20;

    @TempDir
    Path dir;

    @Test
    void concurrent_appenders_share_fsyncs() throws Exception {
        JournalMetrics metrics;
        try (Journal journal = Journal.open(dir, JournalOptions.defaults());
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                done.add(callers.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_CALLER; i++) {
                        journal.append((byte) 1, ByteBuffer.allocate(8).putInt(caller).putInt(i).flip());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            metrics = journal.metrics();
        }
        int records = CALLERS * PER_CALLER;
        System.out.printf("group commit: %d records, %d fsyncs, %d batches%n",
                metrics.recordsAppended(), metrics.fsyncs(), metrics.writeBatches());

        assertThat(metrics.recordsAppended()).isEqualTo(records);
        assertThat(metrics.fsyncs()).isLessThan(records / 4);

        Set<Long> seen = new HashSet<>();
        for (ReplayedRecord r : ReplayedRecord.replayOnOpen(dir, JournalOptions.defaults())) {
            ByteBuffer b = ByteBuffer.wrap(r.payload());
            seen.add(((long) b.getInt() << 32) | b.getInt());
        }
        assertThat(seen).hasSize(records);
    }

    @Test
    void a_lone_appender_pays_one_fsync_per_record() {
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                journal.append((byte) 1, new byte[100]);
            }
            assertThat(journal.metrics().fsyncs()).isEqualTo(10);
        }
    }

    @Test
    void without_fsync_nothing_is_forced() {
        try (Journal journal = Journal.open(dir, JournalOptions.defaults().withFsync(false))) {
            journal.append((byte) 1, new byte[100]);
            assertThat(journal.metrics().fsyncs()).isZero();
            assertThat(journal.metrics().recordsAppended()).isEqualTo(1);
        }
    }

    @Test
    void appends_queued_before_close_are_all_completed() throws Exception {
        List<java.util.concurrent.CompletableFuture<RecordLocation>> futures = new ArrayList<>();
        Journal journal = Journal.open(dir, JournalOptions.defaults());
        for (int i = 0; i < 1000; i++) {
            futures.add(journal.appendAsync((byte) 1, ByteBuffer.allocate(4).putInt(i).flip()));
        }
        journal.close();

        for (var f : futures) {
            assertThat(f).isCompleted();
            assertThat(f.get()).isNotNull();
        }
        assertThat(ReplayedRecord.replayOnOpen(dir, JournalOptions.defaults())).hasSize(1000);
    }
}
