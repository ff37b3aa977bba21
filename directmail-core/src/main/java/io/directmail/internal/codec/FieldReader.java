package io.directmail.internal.codec;

import io.directmail.EmailAddress;
import io.directmail.internal.text.VisibleText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the fields of one record that a {@link FieldWriter} wrote. Every read checks that the
 * field fits in what is left and that its value is one the writer can produce; anything else
 * throws a {@link CorruptedRecordException} naming the kind of record, the field and the offset
 * where it starts. Not thread-safe: one reader per record.
 */
final class FieldReader {
    private static final int NANOS_PER_SECOND = 1_000_000_000;

    private final String kind;
    private final ByteBuffer in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

    /**
     * Starts reading a record.
     *
     * @param kind what the bytes are read as, e.g. {@code "template"}
     * @param bytes the record
     * @throws NullPointerException if the bytes are null
     */
    FieldReader(String kind, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        this.kind = kind;
        this.in = ByteBuffer.wrap(bytes);
    }

    /** Returns the offset of the next field. */
    int position() {
        return in.position();
    }

    /**
     * Reads the format version, the first byte, and checks that this release reads it.
     *
     * @param first the oldest version this release reads
     * @param last the newest
     * @return the version
     * @throws CorruptedRecordException if the record is empty or has a version outside the range
     */
    int versionBetween(int first, int last) {
        int version = u8("format version");
        if (version < first || version > last) {
            throw corrupted(0, "format version " + version + " is unknown; this release reads versions " + first + " to " + last,
                    null);
        }
        return version;
    }

    /**
     * Reads the format version, the first byte, and checks that it is the one this release reads.
     *
     * @throws CorruptedRecordException if the record is empty or has another version
     */
    void expectVersion(int supported) {
        int version = u8("format version");
        if (version != supported) {
            throw corrupted(0, "format version " + version + " is unknown; this release reads version " + supported, null);
        }
    }

    /** Reads one unsigned byte. */
    int u8(String field) {
        need(1, field);
        return in.get() & 0xff;
    }

    /** Reads a presence byte: true when the optional field that follows is there. */
    boolean present(String field) {
        int start = in.position();
        int flag = u8(field + " presence");
        if (flag > 1) {
            throw corrupted(start, "the presence byte of " + field + " is " + flag + ", not 0 or 1", null);
        }
        return flag == 1;
    }

    /** Reads a big-endian 32-bit integer. */
    int i32(String field) {
        need(4, field);
        return in.getInt();
    }

    /** Reads a big-endian 64-bit integer. */
    long i64(String field) {
        need(8, field);
        return in.getLong();
    }

    /**
     * Reads how many entries follow, each at least {@code minBytesEach} long, and checks that they
     * can fit in what is left, so that a damaged count cannot make a reader allocate without bound.
     */
    int count(String field, int minBytesEach) {
        int start = in.position();
        int count = i32(field + " count");
        if (count < 0 || (long) count * minBytesEach > in.remaining()) {
            throw corrupted(start, field + " count " + count + " does not fit the " + in.remaining() + " bytes that follow", null);
        }
        return count;
    }

    /** Reads a text: its UTF-8 length in an {@link #i32} and the UTF-8 octets, which must be well-formed. */
    String string(String field) {
        int start = in.position();
        int length = i32(field + " length");
        if (length < 0) {
            throw corrupted(start, field + " has a negative length " + length, null);
        }
        need(length, field);
        ByteBuffer octets = in.slice(in.position(), length);
        try {
            String value = utf8.decode(octets).toString();
            in.position(in.position() + length);
            return value;
        } catch (CharacterCodingException e) {
            throw corrupted(start, field + " is not well-formed UTF-8", e);
        }
    }

    /** Reads octets written by {@code FieldWriter.octets}. */
    byte[] octets(String field) {
        int start = in.position();
        int length = i32(field + " length");
        if (length < 0) {
            throw corrupted(start, field + " has a negative length " + length, null);
        }
        need(length, field);
        byte[] octets = new byte[length];
        in.get(octets);
        return octets;
    }

    /** Reads a presence byte and, when it is 1, a {@link #string text}; null when it is 0. */
    String nullableString(String field) {
        return present(field) ? string(field) : null;
    }

    /** Reads an instant: epoch second and nanosecond. */
    Instant instant(String field) {
        int start = in.position();
        long seconds = i64(field + " seconds");
        int nanos = i32(field + " nanoseconds");
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw corrupted(start, field + " has nanosecond " + nanos + ", outside 0 to 999999999", null);
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw corrupted(start, field + " is outside the range of an instant: " + seconds + " s", e);
        }
    }

    /** Reads a day from its epoch day. */
    LocalDate date(String field) {
        int start = in.position();
        long epochDay = i64(field);
        try {
            return LocalDate.ofEpochDay(epochDay);
        } catch (DateTimeException e) {
            throw corrupted(start, field + " is outside the range of a date: epoch day " + epochDay, e);
        }
    }

    /** Reads a period: years, months and days. */
    Period period(String field) {
        int years = i32(field + " years");
        int months = i32(field + " months");
        int days = i32(field + " days");
        return Period.of(years, months, days);
    }

    /** Reads a duration: seconds and nanosecond adjustment. */
    Duration duration(String field) {
        int start = in.position();
        long seconds = i64(field + " seconds");
        int nanos = i32(field + " nanoseconds");
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw corrupted(start, field + " has nanosecond " + nanos + ", outside 0 to 999999999", null);
        }
        return Duration.ofSeconds(seconds, nanos);
    }

    /** Reads an exact decimal: scale (not negative), then the count and octets of the unscaled value. */
    BigDecimal decimal(String field) {
        int scaleStart = in.position();
        int scale = i32(field + " scale");
        if (scale < 0) {
            throw corrupted(scaleStart, field + " has a negative scale " + scale, null);
        }
        int start = in.position();
        int length = count(field + " octet", 1);
        if (length == 0) {
            throw corrupted(start, field + " has an unscaled value of no octets", null);
        }
        byte[] unscaled = new byte[length];
        in.get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    /** Reads a constant of {@code type} by its name. */
    <E extends Enum<E>> E enumName(Class<E> type, String field) {
        int start = in.position();
        String name = string(field);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw corrupted(start, field + " names no " + type.getSimpleName() + ": " + VisibleText.quote(name), e);
        }
    }

    /** Reads an address: local part and ASCII domain. */
    EmailAddress address(String field) {
        int start = in.position();
        String localPart = string(field + " local part");
        String domain = string(field + " domain");
        return valid(start, field, () -> new EmailAddress(localPart, domain));
    }

    /**
     * Makes a value from fields read, turning a refusal of the value's own checks into a
     * {@link CorruptedRecordException} at the offset where its fields start.
     *
     * @param start the offset of the value's first field
     * @param what the value, e.g. {@code "sending domain"}
     * @param make builds the value
     * @return the value
     */
    <T> T valid(int start, String what, Supplier<T> make) {
        try {
            return make.get();
        } catch (CorruptedRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupted(start, "the fields do not make a valid " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the whole record was read.
     *
     * @throws CorruptedRecordException if bytes follow the last field
     */
    void end() {
        if (in.hasRemaining()) {
            throw corrupted(in.position(), bytes(in.remaining()) + " after the last field", null);
        }
    }

    /** Returns an exception for damage at {@code offset}. */
    CorruptedRecordException corrupted(int offset, String problem, Throwable cause) {
        return new CorruptedRecordException(kind, offset, problem, cause);
    }

    private void need(int bytes, String field) {
        if (in.remaining() < bytes) {
            throw corrupted(in.position(), "the record ends inside " + field + ": it needs " + bytes(bytes) + ", "
                    + bytes(in.remaining()) + " left", null);
        }
    }

    private static String bytes(int count) {
        return count == 1 ? "1 byte" : count + " bytes";
    }
}
