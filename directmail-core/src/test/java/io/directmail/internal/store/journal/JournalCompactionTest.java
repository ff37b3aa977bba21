package io.directmail.internal.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCompactionTest {

    private static final JournalOptions SMALL = JournalOptions.defaults().withSegmentSize(8 * 1024).withFsync(false);
    private static final int RECORDS = 1000;

    @TempDir
    Path dir;

    /** The store's index as the oracle sees it: record id by current location. */
    private static final class Index implements LivenessOracle {
        final Map<RecordLocation, Long> live = new ConcurrentHashMap<>();
        final Map<Long, RecordLocation> byId = new ConcurrentHashMap<>();
        final Map<Long, Long> sequenceById = new ConcurrentHashMap<>();
        final List<RecordLocation> relocatedFrom = java.util.Collections.synchronizedList(new ArrayList<>());

        void add(long id, RecordLocation location) {
            live.put(location, id);
            byId.put(id, location);
        }

        void kill(long id) {
            live.remove(byId.remove(id));
        }

        /** Records of this type, appended while a compaction runs, are live whether or not the index knows them yet. */
        static final byte CONCURRENT = 2;
        /** Where compaction moved concurrent records, by id; their appenders still hold the old location. */
        final Map<Long, RecordLocation> movedConcurrent = new ConcurrentHashMap<>();
        volatile Journal journal;

        @Override
        public boolean isLive(RecordLocation location, long sequence, byte type) {
            return type == CONCURRENT || live.containsKey(location);
        }

        @Override
        public void relocated(RecordLocation from, RecordLocation to) {
            Long id = live.remove(from);
            if (id != null) {
                add(id, to);
            } else {
                movedConcurrent.put(id(journal.read(to)), to);
            }
            relocatedFrom.add(from);
        }
    }

    private static ByteBuffer payload(long id) {
        ByteBuffer b = ByteBuffer.allocate(100).putLong(id);
        while (b.hasRemaining()) {
            b.put((byte) id);
        }
        return b.flip();
    }

    private static long id(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong();
    }

    private Index fill(Journal journal) {
        Index index = new Index();
        for (long id = 0; id < RECORDS; id++) {
            index.add(id, journal.append((byte) 1, payload(id)));
        }
        return index;
    }

    @Test
    void killing_most_records_shrinks_the_journal_and_live_records_move_intact() {
        try (Journal journal = Journal.open(dir, SMALL)) {
            Index index = fill(journal);
            for (long id = 0; id < RECORDS; id++) {
                if (id % 10 != 0) {
                    index.kill(id);
                }
            }
            Map<Long, RecordLocation> before = new HashMap<>(index.byId);

            CompactionResult result = journal.compact(index);

            System.out.println("compaction: " + result);
            assertThat(result.bytesAfter()).isLessThan(result.bytesBefore() / 3);
            assertThat(journal.diskUsage()).isEqualTo(result.bytesAfter());
            assertThat(result.recordsRelocated()).isPositive();
            for (Map.Entry<Long, RecordLocation> e : index.byId.entrySet()) {
                assertThat(id(journal.read(e.getValue()))).isEqualTo(e.getKey());
                assertThat(journal.read(e.getValue())).isEqualTo(payload(e.getKey()).array());
            }
            RecordLocation moved = index.relocatedFrom.getFirst();
            assertThatThrownBy(() -> journal.read(moved)).isInstanceOf(RecordNotFoundException.class);
            assertThat(before.get(0L)).isNotEqualTo(index.byId.get(0L));
        }

        Map<Long, Long> replayedSequences = new HashMap<>();
        for (ReplayedRecord r : ReplayedRecord.replayOnOpen(dir, SMALL)) {
            replayedSequences.merge(id(r.payload()), r.sequence(), (a, b) -> {
                assertThat(a).as("a copy keeps its sequence").isEqualTo(b);
                return a;
            });
        }
        for (long id = 0; id < RECORDS; id += 10) {
            assertThat(replayedSequences).as("record %d after reopen", id).containsEntry(id, id + 1);
        }
    }

    @Test
    void fully_dead_sealed_segments_are_deleted_without_copying() {
        try (Journal journal = Journal.open(dir, SMALL)) {
            Index index = fill(journal);
            long activeSegment = journal.segments().getLast();
            index.byId.keySet().forEach(index::kill);

            CompactionResult result = journal.compact(index);

            assertThat(result.recordsRelocated()).isZero();
            assertThat(journal.segments()).containsExactly(activeSegment);
            assertThat(result.segmentsDeleted()).isEqualTo(result.segmentsExamined()).isPositive();
        }
    }

    @Test
    void segments_the_oracle_counts_as_mostly_live_are_not_even_read() {
        try (Journal journal = Journal.open(dir, SMALL)) {
            Index index = fill(journal);
            for (long id = 0; id < RECORDS; id++) {
                index.kill(id);
            }
            List<Long> segments = journal.segments();
            java.util.Set<Long> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();
            LivenessOracle counting = new LivenessOracle() {
                @Override
                public boolean isLive(RecordLocation location, long sequence, byte type) {
                    asked.add(location.segment());
                    return index.isLive(location, sequence, type);
                }

                @Override
                public void relocated(RecordLocation from, RecordLocation to) {
                    index.relocated(from, to);
                }

                @Override
                public long liveBytes(long segment) {
                    // Wrong on purpose: says the first sealed segment is all live, the others all dead.
                    return segment == segments.getFirst() ? SMALL.segmentSize() : 0;
                }
            };

            CompactionResult result = journal.compact(counting);

            assertThat(asked).as("segments read").doesNotContain(segments.getFirst()).isNotEmpty();
            assertThat(journal.segments()).as("the segment counted as live stays").contains(segments.getFirst());
            assertThat(result.segmentsExamined()).isEqualTo(segments.size() - 2);
        }
    }

    @Test
    void segments_mostly_alive_are_left_alone() {
        try (Journal journal = Journal.open(dir, SMALL)) {
            Index index = fill(journal);
            List<Long> segments = journal.segments();

            CompactionResult result = journal.compact(index);

            assertThat(result.segmentsDeleted()).isZero();
            assertThat(journal.segments()).isEqualTo(segments);
        }
    }

    @Test
    void appends_made_while_compacting_survive() throws Exception {
        Map<Long, RecordLocation> concurrent = new ConcurrentHashMap<>();
        Index index;
        try (Journal journal = Journal.open(dir, SMALL);
                ExecutorService appenders = Executors.newVirtualThreadPerTaskExecutor()) {
            index = fill(journal);
            for (long id = 0; id < RECORDS; id++) {
                if (id % 4 != 0) {
                    index.kill(id);
                }
            }
            CountDownLatch started = new CountDownLatch(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long base = 1_000_000L * (t + 1);
                done.add(appenders.submit(() -> {
                    started.countDown();
                    for (long id = base; id < base + 200; id++) {
                        concurrent.put(id, journal.append(Index.CONCURRENT, payload(id)));
                    }
                    return null;
                }));
            }
            started.await();
            index.journal = journal;
            CompactionResult result = journal.compact(index);
            for (Future<?> f : done) {
                f.get();
            }

            assertThat(result.segmentsDeleted()).isPositive();
            for (Map.Entry<Long, RecordLocation> e : concurrent.entrySet()) {
                RecordLocation at = index.movedConcurrent.getOrDefault(e.getKey(), e.getValue());
                assertThat(id(journal.read(at))).isEqualTo(e.getKey());
            }
            for (Map.Entry<Long, RecordLocation> e : index.byId.entrySet()) {
                assertThat(id(journal.read(e.getValue()))).isEqualTo(e.getKey());
            }
        }

        java.util.Set<Long> replayed = new java.util.HashSet<>();
        ReplayedRecord.replayOnOpen(dir, SMALL).forEach(r -> replayed.add(id(r.payload())));
        assertThat(replayed).containsAll(concurrent.keySet()).containsAll(index.byId.keySet());
    }
}
