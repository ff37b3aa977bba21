package io.directmail.internal.store.journal;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the records of one segment of an open journal up to a given end, refusing damage (or
 * skipping it under salvage). Used by {@link Journal#replay(RecordVisitor)}; recovery at open
 * time has its own rules for the torn tail ({@link JournalRecovery}). Not thread-safe.
 */
final class SegmentReplay {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentReplay.class);

    private final Segment segment;
    private final long end;
    private final boolean salvage;

    /** The caller holds a reference to the segment for the duration of {@link #run}. */
    SegmentReplay(Segment segment, long end, boolean salvage) {
        this.segment = segment;
        this.end = end;
        this.salvage = salvage;
    }

    void run(RecordVisitor visitor) throws IOException {
        SegmentScanner scanner = new SegmentScanner(segment::readFully, segment.path(), segment.number(), end);
        while (true) {
            switch (scanner.next()) {
                case END -> {
                    return;
                }
                case RECORD -> {
                    RecordFrame.Header h = scanner.header();
                    visitor.visit(scanner.location(), h.sequence(), h.type(), scanner.payload());
                }
                case DAMAGE -> {
                    if (!salvage) {
                        throw new JournalCorruptedException(segment.path(), scanner.offset(), scanner.problem());
                    }
                    long next = scanner.resync(scanner.offset() + 1);
                    LOG.warn("Journal segment {} is damaged at offset {} ({}); salvage: replay skips it",
                            segment.path(), scanner.offset(), scanner.problem());
                    if (next < 0) {
                        return;
                    }
                    scanner.skipTo(next);
                }
            }
        }
    }
}
