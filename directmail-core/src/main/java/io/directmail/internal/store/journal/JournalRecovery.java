package io.directmail.internal.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a journal directory to a consistent state at open time, in one streaming pass that also
 * feeds every intact record to the caller's {@link RecordVisitor}.
 *
 * <p>The rules:
 * <ul>
 *   <li>Damage at the end of the <em>last</em> segment that a crash explains (a short header, a
 *       short payload, a checksum mismatch, zeros or garbage with no intact record after it, or
 *       intact records that all belong to the one write batch that was never forced) is a torn
 *       tail: the file is truncated to the last intact record and a warning gives the counts.
 *       Records of that batch were never acknowledged, so nothing acknowledged is lost.
 *   <li>A last segment whose header was never completely written (shorter than the header, or
 *       nothing but zeros) is a segment whose creation was interrupted: it is deleted.
 *   <li>Anything else (damage followed by records of a later batch, damage in an earlier
 *       segment, a wrong magic number or version) is a {@link JournalCorruptedException}
 *       naming the file and offset, or, with {@link JournalOptions#salvage()}, a warning and a
 *       skip to the next intact record.
 * </ul>
 *
 * <p>Runs before the journal accepts appends; not thread-safe.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    /**
     * The outcome of recovery.
     *
     * @param segments the segment numbers kept, ascending
     * @param lastSegmentEnd the end of the last segment's intact records, -1 if there is none
     * @param nextSequence the sequence number for the next append
     * @param records the intact records replayed
     */
    record Recovered(List<Long> segments, long lastSegmentEnd, long nextSequence, long records) {}

    private final SegmentDirectory dir;
    private final boolean salvage;
    private final RecordVisitor visitor;
    private long maxSequence;
    private long records;

    JournalRecovery(SegmentDirectory dir, boolean salvage, RecordVisitor visitor) {
        this.dir = dir;
        this.salvage = salvage;
        this.visitor = visitor;
    }

    Recovered run() throws IOException {
        List<Long> numbers = dir.list();
        List<Long> kept = new ArrayList<>();
        long lastEnd = -1;
        for (int i = 0; i < numbers.size(); i++) {
            long n = numbers.get(i);
            boolean last = i == numbers.size() - 1;
            long end = recover(n, last);
            if (end >= 0) {
                kept.add(n);
                lastEnd = end;
            }
        }
        return new Recovered(kept, lastEnd, maxSequence + 1, records);
    }

    /** {@return the end of the segment's intact records, or -1 if the segment was removed} */
    private long recover(long segment, boolean last) throws IOException {
        Path file = dir.file(segment);
        try (FileChannel ch = last
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate((int) Math.min(SegmentHeader.SIZE, size));
            readFully(ch, header, 0);
            String problem = SegmentHeader.problem(header.flip(), segment);
            if (problem != null) {
                if (last && isInterruptedCreation(ch, size)) {
                    LOG.warn("Journal segment {} was being created when the process stopped ({} bytes, no header); "
                            + "deleting it", file, size);
                    ch.close();
                    dir.delete(segment);
                    return -1;
                }
                if (salvage) {
                    ch.close();
                    Path aside = dir.setAside(segment);
                    LOG.warn("Journal segment {} is unreadable ({}); salvage: moved it to {} and skipped its {} bytes",
                            file, problem, aside, size);
                    return -1;
                }
                throw new JournalCorruptedException(file, 0, problem);
            }
            SegmentScanner scanner = new SegmentScanner((dst, at) -> readFully(ch, dst, at), file, segment, size);
            return scan(scanner, ch, last);
        }
    }

    private long scan(SegmentScanner scanner, FileChannel ch, boolean last) throws IOException {
        while (true) {
            switch (scanner.next()) {
                case RECORD -> {
                    RecordFrame.Header h = scanner.header();
                    maxSequence = Math.max(maxSequence, h.sequence());
                    records++;
                    visitor.visit(scanner.location(), h.sequence(), h.type(), scanner.payload());
                }
                case END -> {
                    return scanner.end();
                }
                case DAMAGE -> {
                    long damage = scanner.offset();
                    String problem = scanner.problem();
                    TailExamination tail = last ? TailExamination.of(scanner, damage) : null;
                    if (tail != null && tail.isTornWrite()) {
                        ch.truncate(damage);
                        ch.force(true);
                        LOG.warn("Journal segment {} had a torn tail at offset {} ({}): truncated {} bytes "
                                        + "holding {} intact but unacknowledged records; the {} records before it are kept",
                                scanner.file(), damage, problem, scanner.end() - damage, tail.intactAfter(), records);
                        return damage;
                    }
                    if (!salvage) {
                        throw new JournalCorruptedException(scanner.file(), damage, problem
                                + (last ? "; intact records of later write batches follow, so this is not a torn write" : ""));
                    }
                    long next = scanner.resync(damage + 1);
                    long skippedTo = next < 0 ? scanner.end() : next;
                    LOG.warn("Journal segment {} is damaged at offset {} ({}); salvage: skipped {} bytes",
                            scanner.file(), damage, problem, skippedTo - damage);
                    if (next < 0) {
                        if (last) {
                            ch.truncate(damage);
                            ch.force(true);
                            return damage;
                        }
                        return scanner.end();
                    }
                    scanner.skipTo(next);
                }
            }
        }
    }

    private static boolean isInterruptedCreation(FileChannel ch, long size) throws IOException {
        if (size > 1024 * 1024) {
            return false;
        }
        ByteBuffer all = ByteBuffer.allocate((int) size);
        readFully(ch, all, 0);
        if (size < SegmentHeader.SIZE) {
            return true;
        }
        for (int i = 0; i < size; i++) {
            if (all.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of file at " + at);
            }
            at += n;
        }
    }
}
