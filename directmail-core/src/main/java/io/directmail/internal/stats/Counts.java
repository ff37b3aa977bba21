package io.directmail.internal.stats;

import io.directmail.stats.DailyCounts;
import java.time.LocalDate;

/**
 * The seven figures of a {@link DailyCounts} row as mutable counters. Not thread-safe; whoever
 * holds an instance guards it (the recorder with its lock, a query by keeping it to itself).
 */
final class Counts {

    long requests;
    long delivered;
    long failed;
    long invalidAddresses;
    long suppressed;
    long deferred;
    long unsubscribed;

    /** Returns counters holding the figures of a row. */
    static Counts of(DailyCounts row) {
        Counts counts = new Counts();
        counts.requests = row.requests();
        counts.delivered = row.delivered();
        counts.failed = row.failed();
        counts.invalidAddresses = row.invalidAddresses();
        counts.suppressed = row.suppressed();
        counts.deferred = row.deferred();
        counts.unsubscribed = row.unsubscribed();
        return counts;
    }

    /** Adds another set of counters to this one. */
    void add(Counts other) {
        requests += other.requests;
        delivered += other.delivered;
        failed += other.failed;
        invalidAddresses += other.invalidAddresses;
        suppressed += other.suppressed;
        deferred += other.deferred;
        unsubscribed += other.unsubscribed;
    }

    /** Takes another set of counters, no greater in any figure, from this one. */
    void subtract(Counts other) {
        requests -= other.requests;
        delivered -= other.delivered;
        failed -= other.failed;
        invalidAddresses -= other.invalidAddresses;
        suppressed -= other.suppressed;
        deferred -= other.deferred;
        unsubscribed -= other.unsubscribed;
    }

    /** Returns an independent copy. */
    Counts copy() {
        Counts copy = new Counts();
        copy.add(this);
        return copy;
    }

    /** Returns true when every counter is zero. */
    boolean isZero() {
        return requests == 0 && delivered == 0 && failed == 0 && invalidAddresses == 0 && suppressed == 0 && deferred == 0
                && unsubscribed == 0;
    }

    /** Returns the counters as a row of the given day, account, tag and domain. */
    DailyCounts toRow(LocalDate day, String account, String tag, String recipientDomain) {
        return new DailyCounts(day, account, tag, recipientDomain, requests, delivered, failed, invalidAddresses, suppressed,
                deferred, unsubscribed);
    }
}
