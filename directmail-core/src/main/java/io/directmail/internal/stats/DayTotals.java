package io.directmail.internal.stats;

import io.directmail.internal.store.KeyOrder;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.StatisticsOptions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One account's day as a query reads it: the rows by tag and by recipient domain, each adding up
 * every row read for its name (the store's totals and this node's counts the store lacks).
 *
 * <p><b>Caps.</b> Each node counts at most the day's cap of tags and of domains on their own, but
 * nodes sharing a store may each have counted different names, so the day read can hold more. The
 * breakdowns then keep the first names in key order (by code point, the order in which the store
 * lists them and in which a starting node learns them) up to the cap, and add the others to
 * {@link DailyCounts#OTHER}; so every node answers the same. Untagged mail never counts against
 * the cap. Not thread-safe; each query makes its own.
 */
final class DayTotals {

    /** Most requests first, then by name; the order of a breakdown. */
    private static final Comparator<DailyCounts> BUSIEST_FIRST = Comparator.comparingLong(DailyCounts::requests).reversed()
            .thenComparing(DayTotals::nameOf);

    private final LocalDate day;
    private final String account;
    private final Map<String, Counts> tags = new HashMap<>();
    private final Map<String, Counts> domains = new HashMap<>();

    DayTotals(LocalDate day, String account) {
        this.day = day;
        this.account = account;
    }

    /** Adds a row of this day and account, which names a tag or a domain. */
    void add(DailyCounts row) {
        Map<String, Counts> names = row.tag() != null ? tags : domains;
        names.computeIfAbsent(row.tag() != null ? row.tag() : row.recipientDomain(), name -> new Counts()).add(Counts.of(row));
    }

    /** {@return the day's totals: every tag's counts together} */
    DailyCounts total() {
        Counts sum = new Counts();
        tags.values().forEach(sum::add);
        return sum.toRow(day, account, null, null);
    }

    /** {@return one row per tag, beyond the cap under {@link DailyCounts#OTHER}, busiest first} */
    List<DailyCounts> byTag(StatisticsOptions options) {
        List<DailyCounts> rows = new ArrayList<>();
        capped(tags, options.maxTagsPerDay(), true).forEach((tag, counts) -> rows.add(counts.toRow(day, account, tag, null)));
        rows.sort(BUSIEST_FIRST);
        return rows;
    }

    /** {@return one row per domain, beyond the cap under {@link DailyCounts#OTHER}, busiest first} */
    List<DailyCounts> byDomain(StatisticsOptions options) {
        List<DailyCounts> rows = new ArrayList<>();
        capped(domains, options.maxDomainsPerDay(), false)
                .forEach((domain, counts) -> rows.add(counts.toRow(day, account, null, domain)));
        rows.sort(BUSIEST_FIRST);
        return rows;
    }

    /** {@return the row of one tag of the breakdown by tag; zeros when it has none (no mail, or beyond the cap)} */
    DailyCounts tag(String tag, StatisticsOptions options) {
        Counts counts = capped(tags, options.maxTagsPerDay(), true).get(tag);
        return counts == null ? DailyCounts.empty(day, account, tag, null) : counts.toRow(day, account, tag, null);
    }

    /** The names within the cap with their own counts, and {@link DailyCounts#OTHER} with the rest. */
    private static Map<String, Counts> capped(Map<String, Counts> byName, int cap, boolean untaggedExempt) {
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(KeyOrder.CODE_POINTS);
        Map<String, Counts> kept = new HashMap<>();
        int named = 0;
        for (String name : names) {
            boolean counted = !name.equals(DailyCounts.OTHER) && !(untaggedExempt && name.equals(DailyCounts.UNTAGGED));
            String keptAs = counted && named++ >= cap ? DailyCounts.OTHER : name;
            kept.computeIfAbsent(keptAs, n -> new Counts()).add(byName.get(name));
        }
        return kept;
    }

    private static String nameOf(DailyCounts row) {
        return row.tag() != null ? row.tag() : Objects.requireNonNullElse(row.recipientDomain(), "");
    }
}
