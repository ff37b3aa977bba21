package io.directmail.internal.throttle;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: tokens flow in at a rate up to a capacity, and each message takes one. A caller
 * may ask to leave some tokens in the bucket ({@code keep}), which is how batch mail leaves the
 * trigger reserve alone. Time is whatever the caller passes in; a clock that goes back adds nothing.
 *
 * <p>Not thread-safe: guarded by the owner's lock.
 */
final class TokenBucket {

    /** Slack for the rounding of fractional tokens, so that a token due at an instant is there at that instant. */
    private static final double SLACK = 1e-9;

    private double ratePerSecond;
    private double capacity;
    private double tokens;
    private Instant refilledAt;

    /**
     * Creates a full bucket.
     *
     * @param ratePerSecond tokens added per second, above 0
     * @param capacity the most tokens it holds, at least 1
     * @param now the current time
     */
    TokenBucket(double ratePerSecond, double capacity, Instant now) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Returns the tokens in the bucket at {@code now}. */
    double tokens(Instant now) {
        refill(now);
        return tokens;
    }

    /** Returns the most tokens the bucket holds. */
    double capacity() {
        return capacity;
    }

    /** Returns true when the bucket is full at {@code now}. */
    boolean isFull(Instant now) {
        return tokens(now) >= capacity - SLACK;
    }

    /**
     * Takes one token if that leaves at least {@code keep} in the bucket.
     *
     * @return true when a token was taken
     */
    boolean tryTake(Instant now, int keep) {
        refill(now);
        if (tokens + SLACK >= keep + 1) {
            tokens = Math.max(0, tokens - 1);
            return true;
        }
        return false;
    }

    /** Returns when {@link #tryTake} with the same {@code keep} will succeed, if nobody else takes a token first. */
    Instant availableAt(Instant now, int keep) {
        refill(now);
        double missing = keep + 1 - tokens;
        if (missing <= SLACK) {
            return now;
        }
        return now.plusNanos((long) Math.ceil(missing / ratePerSecond * 1e9));
    }

    /** Puts back a token taken for a message that was then not sent. */
    void giveBack(Instant now) {
        refill(now);
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Lowers the fill to at most {@code level} tokens. */
    void drainTo(Instant now, double level) {
        refill(now);
        tokens = Math.min(tokens, level);
    }

    /** Changes rate and capacity from now on; tokens above the new capacity are dropped. */
    void reshape(Instant now, double newRatePerSecond, double newCapacity) {
        refill(now);
        ratePerSecond = newRatePerSecond;
        capacity = newCapacity;
        tokens = Math.min(tokens, capacity);
    }

    private void refill(Instant now) {
        if (!now.isAfter(refilledAt)) {
            return;
        }
        Duration elapsed = Duration.between(refilledAt, now);
        double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
        tokens = Math.min(capacity, tokens + seconds * ratePerSecond);
        refilledAt = now;
    }
}
