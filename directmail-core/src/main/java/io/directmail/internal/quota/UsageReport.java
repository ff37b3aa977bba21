package io.directmail.internal.quota;

import io.directmail.quota.PackageUsage;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.QuotaUsage;
import io.directmail.quota.ResourcePackage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Answers what a period of days used and cost, from a {@link LedgerState}. */
public final class UsageReport {

    private UsageReport() {
    }

    /**
     * Reports the days from {@code first} to {@code last}, both included. Pay-as-you-go is billed per
     * day: the cost is the sum of each day's rounded bill.
     *
     * @param state the ledger's state
     * @param first the first day
     * @param last the last day, not before {@code first}
     * @param now the current time; package figures are as of the end of the period or now, whichever
     *     is earlier
     * @param policy the zone of the days and the price
     * @return the report
     */
    public static QuotaUsage of(LedgerState state, LocalDate first, LocalDate last, Instant now, QuotaPolicy policy) {
        Instant start = first.atStartOfDay(policy.zone()).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(policy.zone()).toInstant();
        Instant asOf = now.isBefore(end) ? now : end;
        Map<LocalDate, DayTotals> period = state.days(first, last);
        long free = 0;
        long payAsYouGo = 0;
        BigDecimal cost = policy.payAsYouGoCost(0);
        for (DayTotals day : period.values()) {
            free += day.free();
            payAsYouGo += day.payAsYouGo();
            cost = cost.add(policy.payAsYouGoCost(day.payAsYouGo()));
        }
        Map<LocalDate, DayTotals> untilEnd = state.daysUntil(last);
        List<PackageUsage> packages = new ArrayList<>();
        for (PackageBalance balance : state.packages()) {
            ResourcePackage resourcePackage = balance.resourcePackage();
            String id = resourcePackage.id();
            long used = period.values().stream().mapToLong(day -> day.drawn(id)).sum();
            boolean overlaps = resourcePackage.purchasedAt().isBefore(end) && resourcePackage.expiresAt().isAfter(start);
            if (overlaps || used > 0) {
                long drawnByEnd = untilEnd.values().stream().mapToLong(day -> day.drawn(id)).sum();
                packages.add(new PackageUsage(resourcePackage, used, resourcePackage.messages() - drawnByEnd,
                        !resourcePackage.expiresAt().isAfter(asOf)));
            }
        }
        packages.sort(Comparator.comparing(PackageUsage::resourcePackage, PackageBalance.CONSUMPTION_ORDER));
        return new QuotaUsage(first, last, asOf, free, packages, payAsYouGo, cost, policy.currency());
    }
}
