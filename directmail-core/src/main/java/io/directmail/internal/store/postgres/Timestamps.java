package io.directmail.internal.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Keeps an {@link Instant} exactly in two columns: a {@code timestamptz} holding it rounded down
 * to the microsecond, and a {@code smallint} {@code <column>_ns} with the nanoseconds below that
 * microsecond (0 to 999). Stateless.
 *
 * <p>Only the years 1 to 9999 are accepted: far more than a mail queue needs, and every part of
 * the path (Java, JDBC, PostgreSQL) handles them without surprises.
 */
final class Timestamps {

    /** The earliest time kept. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest time kept. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Timestamps() {}

    /**
     * Checks that a time can be kept.
     *
     * @param what names the time in the error
     * @param time the time, or null
     * @throws IllegalArgumentException naming the time if it is outside the years 1 to 9999
     */
    static void check(String what, Instant time) {
        if (time != null && !fits(time)) {
            throw new IllegalArgumentException(what + " " + time + " is outside the years 1 to 9999 that the PostgreSQL store keeps");
        }
    }

    /** {@return true if the time lies in the years 1 to 9999} */
    static boolean fits(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    /**
     * Binds a time to two parameters: the microsecond part at {@code index}, the nanoseconds below
     * it at {@code index + 1}; both null for a null time.
     *
     * @param statement the statement
     * @param index the first of the two parameters
     * @param time the time, or null; see {@link #check}
     * @throws SQLException if binding fails
     */
    static void bind(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(index + 1, Types.SMALLINT);
        } else {
            statement.setObject(index, micros(time), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setShort(index + 1, nanos(time));
        }
    }

    /**
     * Reads a time from a column and its {@code _ns} companion.
     *
     * @param row the result set, on a row
     * @param column the timestamptz column's label
     * @return the time, or null if the column is null
     * @throws SQLException if reading fails
     */
    static Instant read(ResultSet row, String column) throws SQLException {
        OffsetDateTime micros = row.getObject(column, OffsetDateTime.class);
        if (micros == null) {
            return null;
        }
        return micros.toInstant().plusNanos(row.getShort(column + "_ns"));
    }

    /** {@return the time rounded down to the microsecond, at UTC} */
    static OffsetDateTime micros(Instant time) {
        return OffsetDateTime.ofInstant(time.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** {@return the nanoseconds of the time below its microsecond} */
    static short nanos(Instant time) {
        return (short) (time.getNano() % 1000);
    }

    /** {@return the time rounded down to the microsecond as ISO-8601 text, for array parameters cast to timestamptz[]} */
    static String text(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.MICROS));
    }
}
