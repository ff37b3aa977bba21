package io.directmail.internal.store.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The records of the keyed-records journal. A PUT record stores a value under a kind and a key;
 * a REMOVE record says that kind and key have none. Both start with a format byte, the kind (one
 * length octet, then US-ASCII) and the key (two length octets, then UTF-8); a PUT record's value
 * is everything after the key. The journal's frame already checksums the whole. Stateless.
 */
final class RecordCodec {

    static final byte PUT = 1;
    static final byte REMOVE = 2;
    private static final byte FORMAT = 1;
    private static final int MAX_KIND_OCTETS = 0xFF;
    private static final int MAX_KEY_OCTETS = 0xFFFF;

    /** A record's kind and key, and where its value starts in the payload. */
    record Head(String kind, String key, int valueOffset) {}

    private RecordCodec() {}

    /**
     * Encodes a PUT record.
     *
     * @param kind the kind, US-ASCII
     * @param key the key
     * @param value the value, copied into the record
     * @return the payload
     */
    static byte[] put(String kind, String key, byte[] value) {
        byte[] kindOctets = kind.getBytes(StandardCharsets.US_ASCII);
        byte[] keyOctets = key.getBytes(StandardCharsets.UTF_8);
        if (kindOctets.length > MAX_KIND_OCTETS || keyOctets.length > MAX_KEY_OCTETS) {
            throw new IllegalArgumentException("the kind or key of " + kind + "/" + key + " is too long for a record");
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + kindOctets.length + 2 + keyOctets.length + value.length);
        out.put(FORMAT);
        out.put((byte) kindOctets.length).put(kindOctets);
        out.putShort((short) keyOctets.length).put(keyOctets);
        out.put(value);
        return out.array();
    }

    /**
     * Encodes a REMOVE record: the head of a PUT record, with no value.
     *
     * @param kind the kind, US-ASCII
     * @param key the key
     * @return the payload
     */
    static byte[] remove(String kind, String key) {
        return put(kind, key, new byte[0]);
    }

    /**
     * Reads the kind and key of a record.
     *
     * @param payload the record's payload; its position is not changed
     * @return the head
     * @throws IllegalArgumentException if the payload is not a record of this format
     */
    static Head head(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        int start = in.position();
        if (in.remaining() < 4 || in.get() != FORMAT) {
            throw new IllegalArgumentException("unknown keyed record format");
        }
        String kind = string(in, in.get() & MAX_KIND_OCTETS, StandardCharsets.US_ASCII);
        if (in.remaining() < 2) {
            throw new IllegalArgumentException("the record ends inside its key's length");
        }
        String key = string(in, in.getShort() & MAX_KEY_OCTETS, StandardCharsets.UTF_8);
        if (kind.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("the record has an empty kind or key");
        }
        return new Head(kind, key, in.position() - start);
    }

    /**
     * Returns a PUT record's value.
     *
     * @param payload the record's payload, as read back from the journal
     * @return a fresh copy of the value
     */
    static byte[] value(byte[] payload) {
        return Arrays.copyOfRange(payload, head(ByteBuffer.wrap(payload)).valueOffset(), payload.length);
    }

    /**
     * Says whether a PUT record holds a value, without copying it.
     *
     * @param payload the record's payload, as read back from the journal
     * @param value the value to compare with
     * @return true if the record's value has the same octets
     */
    static boolean holds(byte[] payload, byte[] value) {
        int offset = head(ByteBuffer.wrap(payload)).valueOffset();
        return Arrays.equals(payload, offset, payload.length, value, 0, value.length);
    }

    private static String string(ByteBuffer in, int length, Charset charset) {
        if (length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " octets does not fit the record");
        }
        byte[] octets = new byte[length];
        in.get(octets);
        return new String(octets, charset);
    }
}
