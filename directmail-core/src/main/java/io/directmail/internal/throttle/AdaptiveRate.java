package io.directmail.internal.throttle;

import io.directmail.transport.DestinationLimits;
import java.time.Instant;

/**
 * The rate one recipient domain is sent at: additive increase, multiplicative decrease. A
 * throttling reply multiplies it by the decrease factor (at most once per decrease interval, never
 * below the floor); every {@code successesPerIncrease} delivered messages add the increase step
 * (never above the maximum). It starts at the maximum.
 *
 * <p>Not thread-safe: guarded by the owner's lock.
 */
final class AdaptiveRate {

    private final DestinationLimits limits;
    private double current;
    private int successes;
    private Instant lastDecrease;

    AdaptiveRate(DestinationLimits limits) {
        this.limits = limits;
        this.current = limits.maxMessagesPerSecond();
    }

    /** Returns the rate now in force, in messages per second. */
    double current() {
        return current;
    }

    /** Returns true when the rate is back at its maximum. */
    boolean isAtMaximum() {
        return current >= limits.maxMessagesPerSecond();
    }

    /**
     * Takes a throttling reply into account: lowers the rate unless it was lowered less than the
     * decrease interval ago or is at its floor, and restarts the count of successes.
     *
     * @return true when the rate was lowered
     */
    boolean throttled(Instant now) {
        successes = 0;
        if (lastDecrease != null && now.isBefore(lastDecrease.plus(limits.decreaseInterval()))) {
            return false;
        }
        double lowered = Math.max(limits.minMessagesPerSecond(), current * limits.decreaseFactor());
        if (lowered >= current) {
            return false;
        }
        current = lowered;
        lastDecrease = now;
        return true;
    }

    /**
     * Counts a delivered message; raises the rate by one step when enough have been counted.
     *
     * @return true when the rate was raised
     */
    boolean succeeded() {
        if (isAtMaximum()) {
            return false;
        }
        if (++successes < limits.successesPerIncrease()) {
            return false;
        }
        successes = 0;
        current = Math.min(limits.maxMessagesPerSecond(), current + limits.increaseStep());
        return true;
    }
}
