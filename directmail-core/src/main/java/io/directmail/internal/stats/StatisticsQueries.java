package io.directmail.internal.stats;

import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Answers {@link DeliveryStatistics} queries from the store's totals, which every node sharing
 * the store adds to, plus what this node counted that the store does not hold yet. Each query
 * reads the records of the one account it is about, and only of the days it asks for that are
 * still kept: one listing per calendar year or month the days cover (one day's listing for a
 * single day). Days before {@link StatisticsRecorder#firstKeptDay()} read as nothing.
 *
 * <p>Thread-safe; holds nothing of its own between queries.
 */
public final class StatisticsQueries implements DeliveryStatistics {

    private final StatisticsRecorder recorder;
    private final StoredStatistics stored;
    private final StatisticsOptions options;

    /**
     * @param recorder what this node counts, and the options and clock of the days
     * @param stored the store's totals
     */
    public StatisticsQueries(StatisticsRecorder recorder, StoredStatistics stored) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.options = recorder.options();
    }

    @Override
    public LocalDate today() {
        return recorder.today();
    }

    @Override
    public List<DailyCounts> daily(String account, LocalDate from, LocalDate to) {
        QueryArguments.account(account);
        int count = QueryArguments.days(from, to, options.retainedDays());
        Map<LocalDate, DayTotals> days = read(account, from, to);
        List<DailyCounts> rows = new ArrayList<>(count);
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            DayTotals totals = days.get(day);
            rows.add(totals == null ? DailyCounts.empty(day, account, null, null) : totals.total());
        }
        return List.copyOf(rows);
    }

    @Override
    public List<DailyCounts> daily(String account, LocalDate from, LocalDate to, String tag) {
        QueryArguments.account(account);
        QueryArguments.tag(tag);
        int count = QueryArguments.days(from, to, options.retainedDays());
        Map<LocalDate, DayTotals> days = read(account, from, to);
        List<DailyCounts> rows = new ArrayList<>(count);
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            DayTotals totals = days.get(day);
            rows.add(totals == null ? DailyCounts.empty(day, account, tag, null) : totals.tag(tag, options));
        }
        return List.copyOf(rows);
    }

    @Override
    public List<DailyCounts> byTag(String account, LocalDate day) {
        QueryArguments.account(account);
        Objects.requireNonNull(day, "day");
        DayTotals totals = read(account, day, day).get(day);
        return totals == null ? List.of() : List.copyOf(totals.byTag(options));
    }

    @Override
    public List<DailyCounts> byDomain(String account, LocalDate day) {
        QueryArguments.account(account);
        Objects.requireNonNull(day, "day");
        DayTotals totals = read(account, day, day).get(day);
        return totals == null ? List.of() : List.copyOf(totals.byDomain(options));
    }

    /** Reads the account's days from {@code from} to {@code to} that are still kept, by day. */
    private Map<LocalDate, DayTotals> read(String account, LocalDate from, LocalDate to) {
        Map<LocalDate, DayTotals> days = new TreeMap<>();
        LocalDate first = from.isBefore(recorder.firstKeptDay()) ? recorder.firstKeptDay() : from;
        if (first.isAfter(to)) {
            return days;
        }
        for (DailyCounts row : stored.read(account, keyPrefixes(account, first, to), first, to)) {
            days.computeIfAbsent(row.day(), day -> new DayTotals(day, account)).add(row);
        }
        return days;
    }

    /**
     * Returns the key prefixes whose listings cover an account's days from {@code from} to
     * {@code to}: {@code account/day/} for a single day, else {@code account/yyyy-} for each
     * whole calendar year and {@code account/yyyy-mm-} for each other month the days touch.
     */
    static List<String> keyPrefixes(String account, LocalDate from, LocalDate to) {
        if (from.equals(to)) {
            return List.of(account + "/" + from + "/");
        }
        List<String> prefixes = new ArrayList<>();
        LocalDate day = from;
        while (!day.isAfter(to)) {
            // A day's key holds its ISO form, which ends in -mm-dd (and starts with + past year 9999).
            String iso = day.toString();
            if (day.getDayOfYear() == 1 && !day.plusYears(1).isAfter(to.plusDays(1))) {
                prefixes.add(account + "/" + iso.substring(0, iso.length() - "mm-dd".length()));
                day = day.plusYears(1);
            } else {
                prefixes.add(account + "/" + iso.substring(0, iso.length() - "dd".length()));
                day = YearMonth.from(day).plusMonths(1).atDay(1);
            }
        }
        return prefixes;
    }
}
