package io.directmail.internal.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads one record back by location and verifies it: the header checksum, that the header's
 * length matches the location's, and the payload checksum. Small records take one positional
 * read; large ones two, so the payload lands in its final array without a copy.
 *
 * <p>Stateless; safe for concurrent use. The caller holds a reference to the segment.
 */
final class RecordReader {

    private static final int SINGLE_READ_LIMIT = 64 * 1024;

    private RecordReader() {}

    static byte[] read(Segment s, RecordLocation location) throws IOException {
        int length = location.length();
        CRC32C crc = new CRC32C();
        if (length <= SINGLE_READ_LIMIT) {
            byte[] frame = new byte[RecordFrame.HEADER_SIZE + length];
            s.readFully(ByteBuffer.wrap(frame), location.offset());
            RecordFrame.Header h = header(s, location, frame, crc);
            if (!h.matches(frame, RecordFrame.HEADER_SIZE, crc)) {
                throw mismatch(s, location, h);
            }
            return Arrays.copyOfRange(frame, RecordFrame.HEADER_SIZE, frame.length);
        }
        byte[] frame = new byte[RecordFrame.HEADER_SIZE];
        s.readFully(ByteBuffer.wrap(frame), location.offset());
        RecordFrame.Header h = header(s, location, frame, crc);
        byte[] payload = new byte[length];
        s.readFully(ByteBuffer.wrap(payload), location.offset() + RecordFrame.HEADER_SIZE);
        if (!h.matches(payload, 0, crc)) {
            throw mismatch(s, location, h);
        }
        return payload;
    }

    private static RecordFrame.Header header(Segment s, RecordLocation location, byte[] frame, CRC32C crc) {
        RecordFrame.Header h = RecordFrame.readHeader(frame, 0, crc);
        if (h == null) {
            throw new JournalCorruptedException(s.path(), location.offset(),
                    "record header checksum mismatch (or " + location + " is not the start of a record)");
        }
        if (h.length() != location.length()) {
            throw new RecordNotFoundException(location, "the record there has " + h.length() + " bytes");
        }
        return h;
    }

    private static JournalCorruptedException mismatch(Segment s, RecordLocation location, RecordFrame.Header h) {
        return new JournalCorruptedException(s.path(), location.offset(),
                "payload checksum mismatch (record type " + h.type() + ", " + h.length() + " bytes)");
    }
}
