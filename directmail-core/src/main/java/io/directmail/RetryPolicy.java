package io.directmail;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try again after a temporary failure, and when to give up. The default follows RFC 5321
 * §4.5.4.1: the first retries come after minutes, later ones no more often than every 30
 * minutes, and a message that could not be delivered for 5 days expires.
 *
 * <p>The delay before retry {@code n} (1 for the first) is {@code firstDelay × multiplier^(n-1)},
 * but at most {@code maxDelay}; with the defaults: 5, 10, 20, 40, 60, 60, ... minutes. The last
 * attempt is made when the lifetime ends.
 *
 * @param firstDelay the delay before the first retry
 * @param multiplier how much each delay grows, at least 1
 * @param maxDelay the longest delay between two attempts
 * @param lifetime how long after acceptance (for a scheduled message: after its scheduled time) a
 *     message is given up (it then {@link DeliveryStatus#EXPIRED expires}); at most 365 days
 */
public record RetryPolicy(Duration firstDelay, double multiplier, Duration maxDelay, Duration lifetime) {

    /** 5 minutes, doubling, at most 1 hour apart, for 5 days. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(1), Duration.ofDays(5));

    /** Checks that the delays are positive and consistent. */
    public RetryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(lifetime, "lifetime");
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("firstDelay must be positive, was " + firstDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than firstDelay " + firstDelay);
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("lifetime must be positive and at most 365 days, was " + lifetime);
        }
    }

    /**
     * Returns the delay before retry {@code n}.
     *
     * @param retry 1 for the first retry, 2 for the second, ...
     * @return the delay, at most {@code maxDelay}
     */
    public Duration delayBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, was " + retry);
        }
        double millis = firstDelay.toMillis() * Math.pow(multiplier, retry - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** Returns a copy with another lifetime. */
    public RetryPolicy withLifetime(Duration value) {
        return new RetryPolicy(firstDelay, multiplier, maxDelay, value);
    }
}
