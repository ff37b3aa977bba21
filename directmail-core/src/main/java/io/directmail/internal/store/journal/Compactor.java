package io.directmail.internal.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims disk space from sealed segments: deletes those whose records are all dead and
 * rewrites those whose live share is below the threshold, by appending copies of their live
 * records (same type, same sequence, flagged as copies) through the normal group-commit path and
 * then deleting the old file.
 *
 * <p>Only sealed segments are touched, so appends continue meanwhile. One run at a time: the
 * caller serialises runs. The crash-safe order is: copies durable, oracle told, old file deleted
 * and the directory forced. A crash before the deletion leaves both copies; replay then shows
 * the record twice with the same sequence.
 */
final class Compactor {

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int COPIES_IN_FLIGHT = 256;

    private record Live(RecordLocation location, long sequence, byte type) {}

    private final Journal journal;
    private final SegmentDirectory dir;
    private final ConcurrentNavigableMap<Long, Segment> segments;
    private final GroupCommitWriter writer;
    private final JournalOptions options;

    Compactor(Journal journal, SegmentDirectory dir, ConcurrentNavigableMap<Long, Segment> segments,
              GroupCommitWriter writer, JournalOptions options) {
        this.journal = journal;
        this.dir = dir;
        this.segments = segments;
        this.writer = writer;
        this.options = options;
    }

    CompactionResult run(LivenessOracle oracle) throws IOException {
        long before = journal.diskUsage();
        long active = writer.position().segment();
        int examined = 0;
        int deleted = 0;
        long relocated = 0;
        for (Segment s : new ArrayList<>(segments.headMap(active).values())) {
            examined++;
            long size = s.size();
            long[] liveBytes = {0};
            List<Live> live = liveRecords(s, size, oracle, liveBytes);
            double liveShare = (double) liveBytes[0] / Math.max(1, size - SegmentHeader.SIZE);
            if (!live.isEmpty() && liveShare >= options.compactionThreshold()) {
                continue;
            }
            relocated += copyForward(live, oracle);
            segments.remove(s.number());
            s.retire();
            dir.delete(s.number());
            deleted++;
            LOG.debug("Compacted journal segment {}: {} live records copied forward", s.path(), live.size());
        }
        return new CompactionResult(examined, deleted, relocated, before, journal.diskUsage());
    }

    private List<Live> liveRecords(Segment s, long size, LivenessOracle oracle, long[] liveBytes) throws IOException {
        List<Live> live = new ArrayList<>();
        if (!s.tryRetain()) {
            return live;
        }
        try {
            SegmentScanner scanner = new SegmentScanner(s::readFully, s.path(), s.number(), size);
            while (true) {
                SegmentScanner.Step step = scanner.next();
                if (step == SegmentScanner.Step.END) {
                    return live;
                }
                if (step == SegmentScanner.Step.DAMAGE) {
                    if (!options.salvage()) {
                        throw new JournalCorruptedException(s.path(), scanner.offset(), scanner.problem());
                    }
                    long next = scanner.resync(scanner.offset() + 1);
                    LOG.warn("Journal segment {} is damaged at offset {} ({}); salvage: compaction skips it",
                            s.path(), scanner.offset(), scanner.problem());
                    if (next < 0) {
                        return live;
                    }
                    scanner.skipTo(next);
                    continue;
                }
                RecordFrame.Header h = scanner.header();
                RecordLocation location = scanner.location();
                if (oracle.isLive(location, h.sequence(), h.type())) {
                    live.add(new Live(location, h.sequence(), h.type()));
                    liveBytes[0] += h.frameSize();
                }
            }
        } finally {
            s.release();
        }
    }

    private long copyForward(List<Live> live, LivenessOracle oracle) {
        long copied = 0;
        for (int from = 0; from < live.size(); from += COPIES_IN_FLIGHT) {
            List<Live> chunk = live.subList(from, Math.min(live.size(), from + COPIES_IN_FLIGHT));
            List<Live> copiedRecords = new ArrayList<>(chunk.size());
            List<CompletableFuture<RecordLocation>> copies = new ArrayList<>(chunk.size());
            for (Live r : chunk) {
                if (oracle.isLive(r.location(), r.sequence(), r.type())) {
                    ByteBuffer payload = ByteBuffer.wrap(journal.read(r.location()));
                    copies.add(writer.submit(r.type(), payload, r.sequence(), RecordFrame.FLAG_RELOCATED));
                    copiedRecords.add(r);
                }
            }
            for (int i = 0; i < copies.size(); i++) {
                RecordLocation to = Journal.await(copies.get(i));
                oracle.relocated(copiedRecords.get(i).location(), to);
                copied++;
            }
        }
        return copied;
    }
}
