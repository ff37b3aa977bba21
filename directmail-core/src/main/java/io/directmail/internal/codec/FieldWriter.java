package io.directmail.internal.codec;

import io.directmail.EmailAddress;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

/**
 * Writes the fields of one record in the layout described in {@code package-info.java}, starting
 * with the record's format version. Field names are used only to name a text that UTF-8 cannot
 * hold. Not thread-safe: one writer per record.
 */
final class FieldWriter {
    private final String kind;
    private final ByteArrayOutputStream out;

    /**
     * Starts a record.
     *
     * @param kind what is written, e.g. {@code "template"}, for error messages
     * @param version the record's format version, its first byte
     * @param expectedSize how many bytes the record is expected to take, to size the buffer
     */
    FieldWriter(String kind, int version, int expectedSize) {
        this.kind = kind;
        this.out = new ByteArrayOutputStream(Math.max(16, expectedSize));
        u8(version);
    }

    /** Writes one unsigned byte: a version, a variant tag or a presence flag. */
    void u8(int value) {
        out.write(value);
    }

    /** Writes a presence byte, 1 when the optional field that follows is there and 0 when not. */
    void present(boolean present) {
        out.write(present ? 1 : 0);
    }

    /** Writes a big-endian 32-bit integer. */
    void i32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    /** Writes a big-endian 64-bit integer. */
    void i64(long value) {
        i32((int) (value >>> 32));
        i32((int) value);
    }

    /**
     * Writes a text as its UTF-8 length in an {@link #i32} and the UTF-8 octets.
     *
     * @throws IllegalArgumentException if the text holds half of a surrogate pair, which UTF-8
     *     cannot hold; the message names the field
     */
    void string(String field, String value) {
        checkEncodable(field, value);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        i32(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** Writes a presence byte and, when the text is not null, the {@link #string text}. */
    void nullableString(String field, String value) {
        present(value != null);
        if (value != null) {
            string(field, value);
        }
    }

    /** Writes an instant as its epoch second in an {@link #i64} and its nanosecond in an {@link #i32}. */
    void instant(Instant value) {
        i64(value.getEpochSecond());
        i32(value.getNano());
    }

    /** Writes a day as its epoch day (days since 1970-01-01) in an {@link #i64}. */
    void date(LocalDate value) {
        i64(value.toEpochDay());
    }

    /** Writes a period as three {@link #i32}s: years, months and days. */
    void period(Period value) {
        i32(value.getYears());
        i32(value.getMonths());
        i32(value.getDays());
    }

    /** Writes a duration as its seconds in an {@link #i64} and its nanosecond adjustment in an {@link #i32}. */
    void duration(Duration value) {
        i64(value.getSeconds());
        i32(value.getNano());
    }

    /**
     * Writes an exact decimal: its scale in an {@link #i32}, then its unscaled value as the
     * big-endian two's-complement octets of {@link java.math.BigInteger#toByteArray()}, preceded
     * by their count in an {@link #i32}. The model keeps every amount with a scale of at least 0
     * (without trailing zeros), and only such decimals are written: a reader need never scale a
     * damaged amount up by a huge power of ten.
     *
     * @throws IllegalArgumentException if the scale is negative
     */
    void decimal(String field, BigDecimal value) {
        if (value.scale() < 0) {
            throw new IllegalArgumentException("cannot encode " + kind + ": " + field + " " + value
                    + " has a negative scale " + value.scale());
        }
        i32(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        i32(unscaled.length);
        out.write(unscaled, 0, unscaled.length);
    }

    /** Writes a constant by its {@linkplain Enum#name() name}, as a {@link #string text}. */
    void enumName(String field, Enum<?> value) {
        string(field, value.name());
    }

    /** Writes an address as two {@link #string texts}: the local part and the ASCII domain. */
    void address(String field, EmailAddress value) {
        string(field + " local part", value.localPart());
        string(field + " domain", value.domain());
    }

    /** Writes octets: their count in an {@link #i32}, then the octets (another record's encoding, say). */
    void octets(byte[] value) {
        i32(value.length);
        out.write(value, 0, value.length);
    }

    /** Returns the bytes written. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void checkEncodable(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("cannot encode " + kind + ": " + field + " holds an unpaired surrogate U+"
                        + String.format("%04X", (int) c) + " at index " + i + ", which UTF-8 cannot represent");
            }
        }
    }
}
