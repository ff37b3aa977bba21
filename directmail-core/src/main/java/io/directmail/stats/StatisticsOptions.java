package io.directmail.stats;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How {@link DeliveryStatistics} divides time and how much it keeps. Start from {@link #defaults()}
 * and change single values with the {@code with...} methods; every instance is immutable.
 *
 * <p><b>Size.</b> The counts are kept per account and day, once per tag and once per recipient
 * domain that had mail that day: one record each in the store, and in memory the name (with the
 * counts not stored yet), a few hundred bytes each, for {@code retainedDays} days. The caps bound
 * one account's day: with the defaults at most 1,002 tag rows (the tags, untagged mail and
 * {@link DailyCounts#OTHER}) and 1,001 domain rows. Mail whose tag or domain comes after the cap
 * was reached that day is counted under {@link DailyCounts#OTHER}, so the day's totals stay exact
 * while its breakdown names only the first tags and domains.
 *
 * <p><b>Several instances on one store.</b> Each instance applies the caps to the names it knows:
 * those the store held when it started and those it counted since. Instances running side by
 * side may together count more names in a day than the cap (at most the cap per instance); the
 * queries then name the first ones in key order (by code point) up to the cap and count the
 * others under {@link DailyCounts#OTHER}, so that every instance answers the same. Give every
 * instance sharing a store the same options.
 *
 * @param zone the time zone whose midnight starts a new day; default UTC
 * @param retainedDays how many days are kept, today included; older days are dropped. Default 400,
 *     from 1 to 3,660
 * @param maxTagsPerDay how many distinct tags one account's day counts on their own; default 1,000,
 *     from 1 to 100,000
 * @param maxDomainsPerDay how many distinct recipient domains one account's day counts on their
 *     own; default 1,000, from 1 to 100,000
 */
public record StatisticsOptions(ZoneId zone, int retainedDays, int maxTagsPerDay, int maxDomainsPerDay) {

    /** The most days that can be kept, about ten years. */
    public static final int MAX_RETAINED_DAYS = 3_660;
    /** The highest cap on tags or domains of one account's day. */
    public static final int MAX_NAMES_PER_DAY = 100_000;

    /**
     * Checks the values.
     *
     * @throws NullPointerException if the zone is null
     * @throws IllegalArgumentException naming the value if it is out of range
     */
    public StatisticsOptions {
        Objects.requireNonNull(zone, "zone");
        if (retainedDays < 1 || retainedDays > MAX_RETAINED_DAYS) {
            throw new IllegalArgumentException("retainedDays must be 1 to " + MAX_RETAINED_DAYS + ", was " + retainedDays);
        }
        if (maxTagsPerDay < 1 || maxTagsPerDay > MAX_NAMES_PER_DAY) {
            throw new IllegalArgumentException("maxTagsPerDay must be 1 to " + MAX_NAMES_PER_DAY + ", was " + maxTagsPerDay);
        }
        if (maxDomainsPerDay < 1 || maxDomainsPerDay > MAX_NAMES_PER_DAY) {
            throw new IllegalArgumentException("maxDomainsPerDay must be 1 to " + MAX_NAMES_PER_DAY + ", was " + maxDomainsPerDay);
        }
    }

    /** {@return the defaults: days in UTC, 400 days kept, 1,000 tags and 1,000 domains a day} */
    public static StatisticsOptions defaults() {
        return new StatisticsOptions(ZoneOffset.UTC, 400, 1_000, 1_000);
    }

    /** {@return a copy whose days start at midnight in another zone} */
    public StatisticsOptions withZone(ZoneId value) {
        return new StatisticsOptions(value, retainedDays, maxTagsPerDay, maxDomainsPerDay);
    }

    /** {@return a copy that keeps another number of days} */
    public StatisticsOptions withRetainedDays(int value) {
        return new StatisticsOptions(zone, value, maxTagsPerDay, maxDomainsPerDay);
    }

    /** {@return a copy with another cap on the tags of one account's day} */
    public StatisticsOptions withMaxTagsPerDay(int value) {
        return new StatisticsOptions(zone, retainedDays, value, maxDomainsPerDay);
    }

    /** {@return a copy with another cap on the recipient domains of one account's day} */
    public StatisticsOptions withMaxDomainsPerDay(int value) {
        return new StatisticsOptions(zone, retainedDays, maxTagsPerDay, value);
    }
}
