package io.directmail.internal.store.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The 32-byte header at the start of every segment file. All integers are big-endian.
 *
 * <pre>
 *  0  8 bytes  magic, the ASCII bytes "DMJRNL" followed by CR LF
 *  8  u16      format version, {@value #FORMAT_VERSION}
 * 10  u16      reserved, zero
 * 12  u32      reserved, zero
 * 16  u64      segment number, equal to the number in the file name
 * 24  u32      reserved, zero
 * 28  u32      CRC32C over bytes 0..27
 * </pre>
 *
 * <p>Stateless; safe for concurrent use.
 */
final class SegmentHeader {

    static final int SIZE = 32;
    static final int FORMAT_VERSION = 1;
    /** "DMJRNL" then CR LF: a text-mode transfer that mangles line ends also breaks the magic. */
    static final byte[] MAGIC = "DMJRNL\r\n".getBytes(StandardCharsets.US_ASCII);

    private SegmentHeader() {}

    static ByteBuffer encode(long segment) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0).putInt(0).putLong(segment).putInt(0);
        b.putInt(crc(b, 0));
        return b.flip();
    }

    /**
     * Checks a header read from a segment file.
     *
     * @return {@code null} if it is valid for the given segment, otherwise what is wrong with it
     */
    static String problem(ByteBuffer header, long expectedSegment) {
        if (header.remaining() < SIZE) {
            return "the file is shorter than the " + SIZE + "-byte segment header";
        }
        byte[] magic = new byte[MAGIC.length];
        header.duplicate().get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return "wrong magic number (not a DirectMail journal segment)";
        }
        int version = header.getShort(header.position() + 8) & 0xffff;
        if (version != FORMAT_VERSION) {
            return "unsupported format version " + version + " (this build reads version " + FORMAT_VERSION + ")";
        }
        if (header.getInt(header.position() + 28) != crc(header, header.position())) {
            return "segment header checksum mismatch";
        }
        long segment = header.getLong(header.position() + 16);
        if (segment != expectedSegment) {
            return "header names segment " + segment + " but the file name says " + expectedSegment;
        }
        return null;
    }

    private static int crc(ByteBuffer b, int start) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(start).limit(start + 28));
        return (int) crc.getValue();
    }
}
