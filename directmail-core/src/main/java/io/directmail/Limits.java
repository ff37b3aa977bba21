package io.directmail;

/**
 * Admission limits of one {@link DirectMail}. The defaults are those of a hosted sender; the
 * embedding application may change them. A request beyond a limit is refused with a
 * {@link LimitExceededException} naming it.
 *
 * @param maxRecipientsPerMessage recipients (to + cc + bcc) of one message; default 100
 * @param maxMessageBytes size of one composed message in octets; default 25 MiB
 */
public record Limits(int maxRecipientsPerMessage, long maxMessageBytes) {

    /** The defaults: 100 recipients, 25 MiB. */
    public static final Limits DEFAULT = new Limits(100, 25L * 1024 * 1024);

    /** Checks that every limit is positive. */
    public Limits {
        if (maxRecipientsPerMessage < 1) {
            throw new IllegalArgumentException("maxRecipientsPerMessage must be at least 1, was " + maxRecipientsPerMessage);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
    }

    /** Returns a copy with another recipient limit. */
    public Limits withMaxRecipientsPerMessage(int value) {
        return new Limits(value, maxMessageBytes);
    }

    /** Returns a copy with another size limit. */
    public Limits withMaxMessageBytes(long value) {
        return new Limits(maxRecipientsPerMessage, value);
    }
}
