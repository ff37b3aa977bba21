package io.directmail.internal.stats;

import io.directmail.stats.DailyCounts;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The tallies of one account's mail of one day as this node knows them: one per tag and one per
 * recipient domain, each dimension capped. Once a dimension has its cap of distinct names, a new
 * name is counted under {@link DailyCounts#OTHER}; names already there keep their own tally, so a
 * message's outcomes land in the same tallies as its request did. Not thread-safe; guarded by the
 * recorder's lock.
 */
final class AccountDay {

    private final LocalDate day;
    private final String account;
    private final Names tags = new Names();
    private final Names domains = new Names();

    AccountDay(LocalDate day, String account) {
        this.day = day;
        this.account = account;
    }

    /**
     * Returns the tally of a tag, made if need be.
     *
     * @param tag the tag, or null for untagged mail
     * @param cap the most distinct tags of the day
     */
    Tally tag(String tag, int cap) {
        String name = tag == null ? DailyCounts.UNTAGGED : tag;
        return tags.tally(name, !name.equals(DailyCounts.UNTAGGED), cap, n -> new TallyKey(day, account, n, null));
    }

    /**
     * Returns the tally of a recipient domain, made if need be.
     *
     * @param domain the domain
     * @param cap the most distinct domains of the day
     */
    Tally domain(String domain, int cap) {
        return domains.tally(domain, true, cap, n -> new TallyKey(day, account, null, n));
    }

    /** Returns the tally of a key of this day and account, or null when it has none. */
    Tally existing(TallyKey key) {
        return key.isTag() ? tags.tallies.get(key.tag()) : domains.tallies.get(key.recipientDomain());
    }

    Collection<Tally> tagTallies() {
        return tags.tallies.values();
    }

    Collection<Tally> domainTallies() {
        return domains.tallies.values();
    }

    /** The tallies of one dimension by name, and how many names count against its cap. */
    private static final class Names {

        private final Map<String, Tally> tallies = new HashMap<>();
        private int named;

        /**
         * Returns the tally of a name, or of {@link DailyCounts#OTHER} when the name is new and
         * the cap is reached.
         *
         * @param capped false for a name that never counts against the cap (untagged mail)
         */
        Tally tally(String name, boolean capped, int cap, Function<String, TallyKey> keyOf) {
            Tally tally = tallies.get(name);
            if (tally != null) {
                return tally;
            }
            boolean counted = capped && !name.equals(DailyCounts.OTHER);
            String kept = counted && named >= cap ? DailyCounts.OTHER : name;
            tally = tallies.get(kept);
            if (tally == null) {
                tally = new Tally(keyOf.apply(kept));
                tallies.put(kept, tally);
                if (counted && kept.equals(name)) {
                    named++;
                }
            }
            return tally;
        }
    }
}
