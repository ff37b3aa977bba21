package io.directmail;

import java.time.Duration;
import java.util.Objects;

/**
 * Admission limits of one {@link DirectMail}. The defaults are those of a hosted sender; the
 * embedding application may change them. A request beyond a limit is refused with a
 * {@link LimitExceededException} naming it.
 *
 * @param maxRecipientsPerMessage recipients (to + cc + bcc) of one message; default 100
 * @param maxMessageBytes size of one composed message in octets; default 25 MiB
 * @param maxScheduleAhead how far in the future {@link Mail#sendAt()} may lie; default 30 days (a
 *     {@link LimitExceededException} for it counts seconds)
 */
public record Limits(int maxRecipientsPerMessage, long maxMessageBytes, Duration maxScheduleAhead) {

    /** The defaults: 100 recipients, 25 MiB, scheduled at most 30 days ahead. */
    public static final Limits DEFAULT = new Limits(100, 25L * 1024 * 1024, Duration.ofDays(30));

    /** Checks that every limit is positive. */
    public Limits {
        if (maxRecipientsPerMessage < 1) {
            throw new IllegalArgumentException("maxRecipientsPerMessage must be at least 1, was " + maxRecipientsPerMessage);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        Objects.requireNonNull(maxScheduleAhead, "maxScheduleAhead");
        if (maxScheduleAhead.isNegative()) {
            throw new IllegalArgumentException("maxScheduleAhead must not be negative, was " + maxScheduleAhead);
        }
    }

    /** Returns a copy with another recipient limit. */
    public Limits withMaxRecipientsPerMessage(int value) {
        return new Limits(value, maxMessageBytes, maxScheduleAhead);
    }

    /** Returns a copy with another size limit. */
    public Limits withMaxMessageBytes(long value) {
        return new Limits(maxRecipientsPerMessage, value, maxScheduleAhead);
    }

    /** Returns a copy with another limit on how far ahead a message may be scheduled. */
    public Limits withMaxScheduleAhead(Duration value) {
        return new Limits(maxRecipientsPerMessage, maxMessageBytes, value);
    }
}
