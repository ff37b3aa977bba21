package io.directmail.internal.store.embedded;

import io.directmail.EmailAddress;
import io.directmail.Suppression;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The value of a suppression record (see {@link SuppressionRecords}): a format byte, the address,
 * the reason, the time and the detail. Strings are a 4-byte length and UTF-8. Stateless.
 */
final class SuppressionCodec {

    private static final byte FORMAT = 1;
    /** Details longer than this are cut: they are a bounce's text, kept for people to read. */
    private static final int MAX_DETAIL_CHARS = 2000;

    private SuppressionCodec() {}

    static byte[] encode(Suppression entry) {
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

    /**
     * Decodes a value.
     *
     * @throws IllegalArgumentException if the format or contents are not a valid entry
     */
    static Suppression decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        try {
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown suppression record format");
            }
            EmailAddress address = EmailAddress.of(getString(in));
            Suppression.Reason reason = Suppression.Reason.valueOf(getString(in));
            Instant since = Instant.ofEpochSecond(in.getLong(), in.getInt());
            return new Suppression(address, reason, since, getString(in));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the entry ends early", e);
        }
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
