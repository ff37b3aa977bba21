package io.directmail.account;

import java.util.List;
import java.util.Objects;

/**
 * What a verification found for one expected {@link DnsRecord}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param expected the record the domain's owner was asked to publish
 * @param result whether it was found
 * @param found the values DNS holds at the record's name and type (for TXT each record's strings
 *     joined), so that a {@link Result#WRONG} record can be compared with what was expected;
 *     empty when there are none
 * @param detail a sentence saying what was checked and, unless found, what is wrong; never empty
 */
public record RecordCheck(DnsRecord expected, Result result, List<String> found, String detail) {

    /** The outcome for one record. */
    public enum Result {
        /** The record is published as expected. */
        FOUND,
        /** There is no record of this kind at the name (the name does not exist, or has none). */
        MISSING,
        /**
         * There are records of this kind at the name, but not the expected one: another value, an
         * SPF record without DirectMail's mechanisms, or two SPF or DMARC records where one is allowed.
         */
        WRONG,
        /**
         * DNS could not answer now (timeout, SERVFAIL, refused); nothing is known about the record.
         * Check again later.
         */
        TEMPORARY_FAILURE
    }

    /** Checks that every part is present and copies the values. */
    public RecordCheck {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(result, "result");
        found = List.copyOf(found);
        Objects.requireNonNull(detail, "detail");
        if (detail.isEmpty()) {
            throw new IllegalArgumentException("detail must not be empty");
        }
    }

    /** Returns true when the record was found as expected. */
    public boolean ok() {
        return result == Result.FOUND;
    }
}
