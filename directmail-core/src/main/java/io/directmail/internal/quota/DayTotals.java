package io.directmail.internal.quota;

import io.directmail.quota.LedgerEntry;
import io.directmail.quota.PackageDraw;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one day took: free messages, messages per package, pay-as-you-go messages, and the messages
 * counted against its cap (charges made outside reservations, plus the reservations made that day).
 * Mutable; guarded by the ledger's lock.
 */
final class DayTotals {

    private long free;
    private long payAsYouGo;
    private long capTaken;
    private final Map<String, Long> draws = new TreeMap<>();

    long free() {
        return free;
    }

    long payAsYouGo() {
        return payAsYouGo;
    }

    long capTaken() {
        return capTaken;
    }

    /** Returns the messages the day took from one package. */
    long drawn(String packageId) {
        return draws.getOrDefault(packageId, 0L);
    }

    /** Adds a charge; {@code capped} says whether it counts against the day's cap. */
    void add(LedgerEntry.Charged charge, boolean capped) {
        free += charge.free();
        payAsYouGo += charge.payAsYouGo();
        addDraws(charge.packages(), 1);
        if (capped) {
            capTaken += charge.count();
        }
    }

    /** Takes back a charge added with {@link #add(LedgerEntry.Charged, boolean)}. */
    void remove(LedgerEntry.Charged charge, boolean capped) {
        free -= charge.free();
        payAsYouGo -= charge.payAsYouGo();
        addDraws(charge.packages(), -1);
        if (capped) {
            capTaken -= charge.count();
        }
    }

    /** Adds the totals of a summary. */
    void add(LedgerEntry.DaySummary summary) {
        free += summary.free();
        payAsYouGo += summary.payAsYouGo();
        capTaken += summary.capTaken();
        addDraws(summary.packages(), 1);
    }

    /** Changes the messages counted against the cap by {@code delta}. */
    void addCapTaken(long delta) {
        capTaken += delta;
    }

    /** Returns an independent copy. */
    DayTotals copy() {
        DayTotals copy = new DayTotals();
        copy.free = free;
        copy.payAsYouGo = payAsYouGo;
        copy.capTaken = capTaken;
        copy.draws.putAll(draws);
        return copy;
    }

    /** Returns whether every figure is zero. */
    boolean isEmpty() {
        return free == 0 && payAsYouGo == 0 && capTaken == 0 && draws.isEmpty();
    }

    /** Returns the figures as a summary entry of {@code day}, packages by id. */
    LedgerEntry.DaySummary toSummary(LocalDate day) {
        List<PackageDraw> packages = new ArrayList<>(draws.size());
        draws.forEach((id, messages) -> packages.add(new PackageDraw(id, messages)));
        return new LedgerEntry.DaySummary(day, free, packages, payAsYouGo, capTaken);
    }

    private void addDraws(List<PackageDraw> packages, int sign) {
        for (PackageDraw draw : packages) {
            long total = draws.getOrDefault(draw.packageId(), 0L) + sign * draw.messages();
            if (total == 0) {
                draws.remove(draw.packageId());
            } else {
                draws.put(draw.packageId(), total);
            }
        }
    }
}
