package io.directmail.internal.throttle;

import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * What one recipient domain may take now: its token bucket at the adaptive rate, its connection
 * slots, and the retry times promised to batch mail it turned away. Refused batch mail is given
 * times spaced one message interval apart after the last promise, so a large batch comes back at
 * the domain's pace instead of all at once.
 *
 * <p>Thread-safe; every method holds this object's monitor, briefly and without I/O.
 */
final class DomainState {

    private final String domain;
    private final DestinationLimits limits;
    private final TokenBucket bucket;
    private final AdaptiveRate rate;
    private int connectionsInUse;
    private long throttlingEvents;
    private Instant lastThrottledAt;
    private Instant lastActivity;
    private Instant batchPromisedUntil;

    DomainState(String domain, DestinationLimits limits, Instant now) {
        this.domain = domain;
        this.limits = limits;
        this.rate = new AdaptiveRate(limits);
        this.bucket = new TokenBucket(rate.current(), capacity(), now);
        this.lastActivity = now;
    }

    String domain() {
        return domain;
    }

    DestinationLimits limits() {
        return limits;
    }

    /**
     * Takes a connection slot and a token, leaving the trigger reserve alone for batch mail.
     *
     * @return null when both were taken, else why not and when to come back
     */
    synchronized Admission.Refused tryEnter(boolean batch, Instant now) {
        lastActivity = now;
        int keep = batch ? limits.triggerReserve() : 0;
        int slots = limits.maxConnectionsPerDomain() - keep;
        if (connectionsInUse >= slots) {
            return new Admission.Refused(promise(batch, now, now.plus(interval())), domain + " has all " + slots
                    + " connections " + (batch ? "open to batch mail " : "") + "in use");
        }
        if (!bucket.tryTake(now, keep)) {
            return new Admission.Refused(promise(batch, now, bucket.availableAt(now, keep)), domain + " is at its rate of "
                    + Rates.format(rate.current()) + " messages/s");
        }
        connectionsInUse++;
        return null;
    }

    /** Returns when a delivery that found every exchanger of the domain busy should come back. */
    synchronized Instant hostsBusy(boolean batch, Instant now) {
        return promise(batch, now, now.plus(interval()));
    }

    /** Gives back the connection slot taken by {@link #tryEnter}; with {@code unused}, the token too. */
    synchronized void exit(boolean unused, Instant now) {
        connectionsInUse--;
        if (unused) {
            bucket.giveBack(now);
        }
        lastActivity = now;
    }

    /**
     * Takes a throttling reply into account: lowers the rate (see {@link AdaptiveRate#throttled})
     * and empties the bucket down to the trigger reserve, so the next batch message waits for the
     * lowered rate.
     *
     * @return the rate before, when it was lowered; else a negative number
     */
    synchronized double throttled(Instant now) {
        throttlingEvents++;
        lastThrottledAt = now;
        lastActivity = now;
        double before = rate.current();
        boolean lowered = rate.throttled(now);
        bucket.reshape(now, rate.current(), capacity());
        bucket.drainTo(now, limits.triggerReserve());
        return lowered ? before : -1;
    }

    /** Counts a delivered message toward the next increase of the rate. */
    synchronized void succeeded(Instant now) {
        if (rate.succeeded()) {
            bucket.reshape(now, rate.current(), capacity());
        }
    }

    synchronized double currentRate() {
        return rate.current();
    }

    /** Returns true when forgetting this domain changes nothing: idle, nothing in use, rate and bucket back to full. */
    synchronized boolean isAtRest(Instant now, Duration idle) {
        return connectionsInUse == 0 && rate.isAtMaximum() && bucket.isFull(now) && !now.isBefore(lastActivity.plus(idle));
    }

    synchronized DestinationStatus status(Instant now) {
        return new DestinationStatus(DestinationStatus.Kind.DOMAIN, domain, connectionsInUse,
                limits.maxConnectionsPerDomain(), new DestinationStatus.Rate(limits.maxMessagesPerSecond(), rate.current(),
                        limits.minMessagesPerSecond(), bucket.tokens(now)), throttlingEvents, lastThrottledAt);
    }

    /** Returns the time to come back: {@code earliest}, and for batch mail no sooner than one interval after the last promise. */
    private Instant promise(boolean batch, Instant now, Instant earliest) {
        Instant at = earliest;
        if (batch) {
            if (batchPromisedUntil != null && !batchPromisedUntil.isBefore(now)) {
                Instant next = batchPromisedUntil.plus(interval());
                if (next.isAfter(at)) {
                    at = next;
                }
            }
            batchPromisedUntil = at;
        }
        return at;
    }

    /** The time between two messages at the current rate. */
    private Duration interval() {
        return Duration.ofNanos((long) Math.ceil(1e9 / rate.current()));
    }

    /** The bucket holds the burst at the maximum rate, proportionally less at a lowered rate, never less than the reserve and one. */
    private double capacity() {
        return Math.max(limits.triggerReserve() + 1, limits.burst() * rate.current() / limits.maxMessagesPerSecond());
    }
}
