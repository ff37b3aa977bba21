package io.directmail.internal.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file in order, streaming through a reusable buffer, and
 * reports the first damaged frame instead of guessing. Also finds the next intact record after
 * damage ({@link #resync(long)}), which is how a torn tail is told from damage in the middle.
 *
 * <p>Not thread-safe: one scanner per scan.
 */
final class SegmentScanner {

    /** What {@link #next()} found. */
    enum Step {
        /** An intact record: see {@link #header()}, {@link #offset()}, {@link #payload()}. */
        RECORD,
        /** The end of the scanned range, exactly at a record boundary. */
        END,
        /** A frame that is not intact: see {@link #offset()} and {@link #problem()}. */
        DAMAGE
    }

    /** Positional reads that fill the buffer completely or throw. */
    @FunctionalInterface
    interface Source {
        void readFully(ByteBuffer dst, long position) throws IOException;
    }

    private static final int BUFFER_SIZE = 256 * 1024;

    private final Source source;
    private final Path file;
    private final long segment;
    private final long end;
    private final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[BUFFER_SIZE];
    private long bufferStart;
    private int bufferLength;
    private long position = SegmentHeader.SIZE;

    private long offset;
    private RecordFrame.Header header;
    private RecordFrame.Header damagedHeader;
    private String problem;

    SegmentScanner(Source source, Path file, long segment, long end) {
        this.source = source;
        this.file = file;
        this.segment = segment;
        this.end = end;
    }

    Path file() {
        return file;
    }

    long end() {
        return end;
    }

    /** Moves on to the next frame. */
    Step next() throws IOException {
        offset = position;
        header = null;
        damagedHeader = null;
        problem = null;
        if (position == end) {
            return Step.END;
        }
        long left = end - position;
        if (left < RecordFrame.HEADER_SIZE) {
            problem = "a record header is cut short: only " + left + " bytes remain";
            return Step.DAMAGE;
        }
        fill(position, RecordFrame.HEADER_SIZE);
        RecordFrame.Header h = RecordFrame.readHeader(buffer, index(position), crc);
        if (h == null) {
            problem = "record header checksum mismatch";
            return Step.DAMAGE;
        }
        if (h.frameSize() > left) {
            problem = "a record of " + h.length() + " payload bytes runs past the end of the file at " + end;
            return Step.DAMAGE;
        }
        fill(position, (int) h.frameSize());
        if (!h.matches(buffer, index(position) + RecordFrame.HEADER_SIZE, crc)) {
            problem = "payload checksum mismatch (record type " + h.type() + ", " + h.length() + " bytes)";
            damagedHeader = h;
            return Step.DAMAGE;
        }
        header = h;
        position += h.frameSize();
        return Step.RECORD;
    }

    /** Continues scanning at {@code offset}, which must be a record boundary (from {@link #resync}). */
    void skipTo(long newPosition) {
        position = newPosition;
    }

    /**
     * Finds the first intact record that starts at or after {@code from}: its header checksum,
     * its length and its payload checksum must all agree.
     *
     * @return its offset, or -1 if none
     */
    long resync(long from) throws IOException {
        for (long p = from; p + RecordFrame.HEADER_SIZE <= end; p++) {
            fill(p, RecordFrame.HEADER_SIZE);
            RecordFrame.Header h = RecordFrame.readHeader(buffer, index(p), crc);
            if (h != null && h.frameSize() <= end - p) {
                fill(p, (int) h.frameSize());
                if (h.matches(buffer, index(p) + RecordFrame.HEADER_SIZE, crc)) {
                    return p;
                }
            }
        }
        return -1;
    }

    /** {@return the offset of the frame last returned or found damaged} */
    long offset() {
        return offset;
    }

    RecordFrame.Header header() {
        return header;
    }

    /** {@return the header of the damaged frame if the header itself is intact, else null} */
    RecordFrame.Header damagedHeader() {
        return damagedHeader;
    }

    String problem() {
        return problem;
    }

    RecordLocation location() {
        return new RecordLocation(segment, offset, header.length());
    }

    /** {@return the current record's payload, read-only, valid until the next call} */
    ByteBuffer payload() {
        return ByteBuffer.wrap(buffer, index(offset) + RecordFrame.HEADER_SIZE, header.length())
                .slice()
                .asReadOnlyBuffer();
    }

    private int index(long filePosition) {
        return (int) (filePosition - bufferStart);
    }

    private void fill(long from, int length) throws IOException {
        if (from >= bufferStart && from + length <= bufferStart + bufferLength) {
            return;
        }
        if (length > buffer.length) {
            buffer = new byte[length];
        }
        int n = (int) Math.min(buffer.length, end - from);
        ByteBuffer dst = ByteBuffer.wrap(buffer, 0, n);
        source.readFully(dst, from);
        bufferStart = from;
        bufferLength = n;
    }
}
