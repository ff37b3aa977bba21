package io.directmail.internal.store.embedded;

import io.directmail.EmailAddress;
import io.directmail.Suppression;
import io.directmail.internal.store.SuppressionList;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The records of the suppression journal. Both start with a format byte and the address; an ADD
 * record goes on with the reason, the time and the detail. Strings are a 4-byte length and UTF-8.
 * Stateless.
 */
final class SuppressionCodec {

    static final byte ADD = 1;
    static final byte REMOVE = 2;
    private static final byte FORMAT = 1;
    /** Details longer than this are cut: they are a bounce's text, kept for people to read. */
    private static final int MAX_DETAIL_CHARS = 2000;

    /** A decoded record: the address's suppression key, and the entry it lists (null for a removal). */
    record Change(String key, Suppression entry) {}

    private SuppressionCodec() {}

    static byte[] encodeAdd(Suppression entry) {
        String detail = entry.detail().length() > MAX_DETAIL_CHARS ? entry.detail().substring(0, MAX_DETAIL_CHARS) : entry.detail();
        byte[] address = utf8(entry.address().address());
        byte[] reason = utf8(entry.reason().name());
        byte[] text = utf8(detail);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + address.length + 4 + reason.length + 8 + 4 + 4 + text.length);
        out.put(FORMAT);
        putString(out, address);
        putString(out, reason);
        out.putLong(entry.since().getEpochSecond()).putInt(entry.since().getNano());
        putString(out, text);
        return out.array();
    }

    static byte[] encodeRemove(EmailAddress address) {
        byte[] bytes = utf8(address.address());
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + bytes.length);
        out.put(FORMAT);
        putString(out, bytes);
        return out.array();
    }

    /**
     * Decodes a record.
     *
     * @throws IllegalArgumentException if the type, format or contents are not a valid record
     */
    static Change decode(byte type, ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        if (in.get() != FORMAT) {
            throw new IllegalArgumentException("unknown suppression record format");
        }
        EmailAddress address = EmailAddress.of(getString(in));
        String key = SuppressionList.key(address);
        return switch (type) {
            case ADD -> {
                Suppression.Reason reason = Suppression.Reason.valueOf(getString(in));
                Instant since = Instant.ofEpochSecond(in.getLong(), in.getInt());
                yield new Change(key, new Suppression(address, reason, since, getString(in)));
            }
            case REMOVE -> new Change(key, null);
            default -> throw new IllegalArgumentException("unknown suppression record type " + type);
        };
    }

    /** Returns the suppression key of the address a record is about. */
    static String key(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        in.get();
        return SuppressionList.key(EmailAddress.of(getString(in)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " octets does not fit the record");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
