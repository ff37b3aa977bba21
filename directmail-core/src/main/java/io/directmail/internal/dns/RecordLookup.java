package io.directmail.internal.dns;

import java.util.List;
import java.util.Objects;

/**
 * What DNS holds for one name and record type, as {@link DnsjavaRecordLookup} reports it: the
 * records' values, their absence, or a failure that trying again later may cure.
 */
public sealed interface RecordLookup {

    /**
     * Records of the asked type exist.
     *
     * @param values one value per record, in the order the server sent them: for TXT the record's
     *     character-strings joined without separators (RFC 7208 §3.3, RFC 6376 §3.6.2.2) and
     *     decoded as UTF-8; for CNAME the target in lower case without the trailing dot
     */
    record Found(List<String> values) implements RecordLookup {
        /** Copies the values and requires at least one. */
        public Found {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a found lookup needs at least one value");
            }
        }
    }

    /**
     * The name has no records of the asked type: it does not exist (NXDOMAIN), owns only other
     * types (NODATA), or is an alias whose chain loops.
     *
     * @param reason what DNS said, for messages
     */
    record Absent(String reason) implements RecordLookup {
        /** Requires a reason. */
        public Absent {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * No usable answer now: every name server timed out, answered SERVFAIL or refused.
     *
     * @param reason what went wrong
     */
    record Unavailable(String reason) implements RecordLookup {
        /** Requires a reason. */
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
