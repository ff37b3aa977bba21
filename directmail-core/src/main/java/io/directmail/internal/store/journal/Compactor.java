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
 * <p>A segment the oracle counts as mostly live ({@link LivenessOracle#liveBytes}) is not read at
 * all, so a run costs reads of the segments worth compacting only, however large the journal.
 * Only sealed segments are touched, so appends continue meanwhile. One run at a time: the
 * caller serialises runs. The crash-safe order is: copies durable, oracle told, old file deleted
 * and the directory forced. A crash before the deletion leaves both copies; replay then shows
 * the record twice with the same sequence.
 */
final class Compactor {

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int COPIES_IN_FLIGHT = 256;
    private static final int BYTES_IN_FLIGHT = 8 * 1024 * 1024;

    private record Live(RecordLocation location, long sequence, byte type) {}

    /** The live records of one segment and the bytes their frames take. */
    private record Census(List<Live> live, long liveBytes) {}

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
            long size = s.size();
            long known = oracle.liveBytes(s.number());
            if (known >= 0 && (double) known / Math.max(1, size - SegmentHeader.SIZE) >= options.compactionThreshold()) {
                // Mostly live by the oracle's count: not worth reading.
                continue;
            }
            examined++;
            Census census = census(s, size, oracle);
            List<Live> live = census.live();
            double liveShare = (double) census.liveBytes() / Math.max(1, size - SegmentHeader.SIZE);
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

    private Census census(Segment s, long size, LivenessOracle oracle) throws IOException {
        List<Live> live = new ArrayList<>();
        long liveBytes = 0;
        if (!s.tryRetain()) {
            return new Census(live, 0);
        }
        try {
            SegmentScanner scanner = new SegmentScanner(s::readFully, s.path(), s.number(), size);
            while (true) {
                SegmentScanner.Step step = scanner.next();
                if (step == SegmentScanner.Step.END) {
                    return new Census(live, liveBytes);
                }
                if (step == SegmentScanner.Step.DAMAGE) {
                    if (!options.salvage()) {
                        throw new JournalCorruptedException(s.path(), scanner.offset(), scanner.problem());
                    }
                    long next = scanner.resync(scanner.offset() + 1);
                    LOG.warn("Journal segment {} is damaged at offset {} ({}); salvage: compaction skips it",
                            s.path(), scanner.offset(), scanner.problem());
                    if (next < 0) {
                        return new Census(live, liveBytes);
                    }
                    scanner.skipTo(next);
                    continue;
                }
                RecordFrame.Header h = scanner.header();
                RecordLocation location = scanner.location();
                if (oracle.isLive(location, h.sequence(), h.type())) {
                    live.add(new Live(location, h.sequence(), h.type()));
                    liveBytes += h.frameSize();
                }
            }
        } finally {
            s.release();
        }
    }

    /**
     * Copies live records forward in rounds of at most {@value #COPIES_IN_FLIGHT} records or
     * {@value #BYTES_IN_FLIGHT} bytes, so that copying a segment of large bodies never holds more
     * than one round in the heap.
     */
    private long copyForward(List<Live> live, LivenessOracle oracle) {
        long copied = 0;
        List<Live> round = new ArrayList<>();
        List<CompletableFuture<RecordLocation>> copies = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < live.size(); i++) {
            Live r = live.get(i);
            if (oracle.isLive(r.location(), r.sequence(), r.type())) {
                ByteBuffer payload = ByteBuffer.wrap(journal.read(r.location()));
                copies.add(writer.submit(r.type(), payload, r.sequence(), RecordFrame.FLAG_RELOCATED));
                round.add(r);
                bytes += r.location().length();
            }
            if (round.size() >= COPIES_IN_FLIGHT || bytes >= BYTES_IN_FLIGHT || i == live.size() - 1) {
                for (int k = 0; k < copies.size(); k++) {
                    oracle.relocated(round.get(k).location(), Journal.await(copies.get(k)));
                    copied++;
                }
                round.clear();
                copies.clear();
                bytes = 0;
            }
        }
        return copied;
    }
}
