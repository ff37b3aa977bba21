package io.directmail.internal.stats;

import io.directmail.stats.DailyCounts;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one tally counts: an account's mail of one day, either with one tag or to one recipient
 * domain. Exactly one of {@code tag} and {@code recipientDomain} is set.
 *
 * @param day the day of the requests counted
 * @param account the account
 * @param tag the tag, {@link DailyCounts#UNTAGGED} or {@link DailyCounts#OTHER}; {@code null} for a domain tally
 * @param recipientDomain the recipient domain or {@link DailyCounts#OTHER}; {@code null} for a tag tally
 */
record TallyKey(LocalDate day, String account, String tag, String recipientDomain) {

    TallyKey {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(account, "account");
        if ((tag == null) == (recipientDomain == null)) {
            throw new IllegalArgumentException("a tally counts either one tag or one recipient domain, was tag " + tag
                    + " and recipientDomain " + recipientDomain);
        }
    }

    /** Returns the key of a stored row, which names a tag or a domain but not both. */
    static TallyKey of(DailyCounts row) {
        return new TallyKey(row.day(), row.account(), row.tag(), row.recipientDomain());
    }

    boolean isTag() {
        return tag != null;
    }
}
