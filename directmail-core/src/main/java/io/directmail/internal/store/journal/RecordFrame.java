package io.directmail.internal.store.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record. All integers are big-endian.
 *
 * <pre>
 *  0  u32  payload length
 *  4  u32  CRC32C over the type byte followed by the payload
 *  8  u64  sequence number (kept when compaction copies the record)
 * 16  u8   type, defined by the application
 * 17  u8   flags: bit 0 = last record of a write batch, bit 1 = copied by compaction,
 *           bit 2 = first record of a write batch
 * 18  u16  reserved, zero
 * 20  u32  CRC32C over bytes 0..19 (guards the length, so damage can be told from a torn tail)
 * 24       payload
 * </pre>
 *
 * <p>Stateless; safe for concurrent use.
 */
final class RecordFrame {

    static final int HEADER_SIZE = 24;
    static final int FLAG_BATCH_END = 1;
    static final int FLAG_RELOCATED = 2;
    static final int FLAG_BATCH_START = 4;
    private static final int KNOWN_FLAGS = FLAG_BATCH_END | FLAG_RELOCATED | FLAG_BATCH_START;

    private RecordFrame() {}

    /** Writes a header at the buffer's position, advancing it by {@link #HEADER_SIZE}. */
    static void writeHeader(ByteBuffer out, int length, int payloadCrc, long sequence, byte type, int flags) {
        int start = out.position();
        out.putInt(length).putInt(payloadCrc).putLong(sequence).put(type).put((byte) flags).putShort((short) 0);
        out.putInt(headerCrc(out, start));
    }

    /** {@return the CRC32C of the type byte followed by the payload's remaining bytes} */
    static int payloadCrc(byte type, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    private static int headerCrc(ByteBuffer buffer, int start) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(start).limit(start + 20));
        return (int) crc.getValue();
    }

    /**
     * Decodes a header from an array without checking the payload.
     *
     * @param crc a scratch checksum, reset here (callers reuse one to scan quickly)
     * @return the header, or {@code null} if its own checksum or reserved bits are wrong
     */
    static Header readHeader(byte[] a, int at, CRC32C crc) {
        int flags = a[at + 17] & 0xff;
        if (a[at + 18] != 0 || a[at + 19] != 0 || (flags & ~KNOWN_FLAGS) != 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(a);
        crc.reset();
        crc.update(a, at, 20);
        if (b.getInt(at + 20) != (int) crc.getValue()) {
            return null;
        }
        int length = b.getInt(at);
        if (length < 0) {
            return null;
        }
        return new Header(length, b.getInt(at + 4), b.getLong(at + 8), a[at + 16], flags);
    }

    /**
     * A decoded, self-consistent header; the payload is not yet checked.
     *
     * @param length the payload length
     * @param payloadCrc the CRC32C of type and payload
     * @param sequence the append sequence number
     * @param type the application-defined type
     * @param flags the batch and copy flags
     */
    record Header(int length, int payloadCrc, long sequence, byte type, int flags) {

        boolean batchEnd() {
            return (flags & FLAG_BATCH_END) != 0;
        }

        boolean batchStart() {
            return (flags & FLAG_BATCH_START) != 0;
        }

        long frameSize() {
            return HEADER_SIZE + (long) length;
        }

        /** {@return whether the payload at {@code a[at..at+length)} has this header's checksum} */
        boolean matches(byte[] a, int at, CRC32C crc) {
            crc.reset();
            crc.update(type);
            crc.update(a, at, length);
            return (int) crc.getValue() == payloadCrc;
        }

        boolean relocated() {
            return (flags & FLAG_RELOCATED) != 0;
        }
    }
}
