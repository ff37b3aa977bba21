package io.directmail.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * What one day or one month of a {@link QuotaLedger} used and cost: messages covered by the free
 * allowance, taken from each resource package, and billed pay-as-you-go, with the bill.
 *
 * <p>Pay-as-you-go is billed per day: each day's messages are priced and rounded on their own
 * (see {@link QuotaPolicy#payAsYouGoCost(long)}), and a month's cost is the sum of its days'
 * bills. So a month with one pay-as-you-go message on each of three days costs 0.03 USD, not 0.01.
 *
 * @param firstDay the first day of the period, in the policy's zone
 * @param lastDay the last day of the period, inclusive
 * @param asOf the instant the package figures describe: the end of the period, or the time of the
 *     report if the period has not ended
 * @param freeMessages messages covered by the free allowance
 * @param packages every package that could be drawn on at some time in the period, earliest-expiring
 *     first
 * @param payAsYouGoMessages messages billed at the pay-as-you-go price
 * @param payAsYouGoCost the sum of the period's daily pay-as-you-go bills
 * @param currency the currency of the cost
 */
public record QuotaUsage(LocalDate firstDay, LocalDate lastDay, Instant asOf, long freeMessages, List<PackageUsage> packages,
        long payAsYouGoMessages, BigDecimal payAsYouGoCost, Currency currency) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException naming the value if it is out of range
     */
    public QuotaUsage {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        Objects.requireNonNull(asOf, "asOf");
        packages = List.copyOf(packages);
        Objects.requireNonNull(payAsYouGoCost, "payAsYouGoCost");
        Objects.requireNonNull(currency, "currency");
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("lastDay " + lastDay + " is before firstDay " + firstDay);
        }
        if (freeMessages < 0 || payAsYouGoMessages < 0 || payAsYouGoCost.signum() < 0) {
            throw new IllegalArgumentException("usage counts and cost must not be negative: free " + freeMessages
                    + ", payAsYouGo " + payAsYouGoMessages + ", cost " + payAsYouGoCost.toPlainString());
        }
    }

    /** {@return the messages taken from packages in the period} */
    public long packageMessages() {
        return packages.stream().mapToLong(PackageUsage::used).sum();
    }

    /** {@return every message charged in the period: free, from packages and pay-as-you-go} */
    public long totalMessages() {
        return freeMessages + packageMessages() + payAsYouGoMessages;
    }
}
