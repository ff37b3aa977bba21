package io.directmail.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the direct-to-MX transport may push one destination: how many connections it may hold
 * to one recipient domain and to one mail exchanger, how many messages one connection carries,
 * and how many messages per second a recipient domain receives. The rate adapts: a throttling
 * reply from the destination (see {@link SmtpReply#isThrottling()}) multiplies it by
 * {@link #decreaseFactor()}, at most once per {@link #decreaseInterval()}, down to
 * {@link #minMessagesPerSecond()}; every {@link #successesPerIncrease()} delivered messages raise
 * it by {@link #increaseStep()} again, up to {@link #maxMessagesPerSecond()}.
 *
 * <p>The rate is a token bucket: one token per message (per recipient domain, however many
 * recipients of that domain the message has), refilled at the current rate and holding at most
 * {@link #burst()} tokens while the rate is at its maximum (proportionally fewer while it is
 * lowered). Batch mail never takes the last {@link #triggerReserve()} tokens, domain connections
 * or exchanger connections: those are kept for trigger mail, so a password reset to a busy
 * destination goes ahead of the batch waiting for it.
 *
 * <p>A delivery never waits for a busy destination: when no token or connection is free its
 * recipients are {@linkplain RecipientOutcome.Result#NOT_ATTEMPTED not attempted} and come back
 * when the destination is expected to have room. That costs no delivery attempt.
 *
 * <p>Start from {@link #defaults()} and change single values with the {@code with...} methods.
 * Immutable and thread-safe.
 *
 * @param maxConnectionsPerDomain connections open at once for one recipient domain, 1..10000;
 *     default 20 (Postfix's {@code default_destination_concurrency_limit})
 * @param maxConnectionsPerHost connections open at once to one mail exchanger (by host name), 1..10000;
 *     default 20
 * @param maxMessagesPerConnection messages one connection carries before it is closed and a new
 *     one opened, 1..10000; default 100
 * @param maxMessagesPerSecond the rate a recipient domain receives when it does not push back,
 *     0.001..1,000,000; default 50
 * @param burst how many messages may leave at once after a quiet spell, the bucket's size at the
 *     maximum rate, 1..1,000,000; default 50
 * @param minMessagesPerSecond the floor the adaptive rate never drops below, 0.001..1,000,000 and
 *     at most the maximum; default 1
 * @param decreaseFactor what a throttling reply multiplies the rate by, above 0 and below 1; default 0.5
 * @param decreaseInterval the shortest time between two decreases of one domain's rate (throttling
 *     replies in between are counted but do not lower it further), zero to 1 hour; default 1 second
 * @param increaseStep messages per second added to the rate after {@code successesPerIncrease}
 *     delivered messages, 0.001..1,000,000; default 1
 * @param successesPerIncrease delivered messages per increase, 1..1,000,000; default 20
 * @param triggerReserve tokens and connection slots per destination that batch mail leaves for
 *     trigger mail, 0 or more but less than {@code burst}, {@code maxConnectionsPerDomain} and
 *     {@code maxConnectionsPerHost}; default 1
 */
public record DestinationLimits(int maxConnectionsPerDomain, int maxConnectionsPerHost, int maxMessagesPerConnection,
        double maxMessagesPerSecond, int burst, double minMessagesPerSecond, double decreaseFactor,
        Duration decreaseInterval, double increaseStep, int successesPerIncrease, int triggerReserve) {

    private static final int MAX_CONNECTIONS = 10_000;
    private static final int MAX_COUNT = 1_000_000;
    private static final double MIN_RATE = 0.001;
    private static final double MAX_RATE = 1_000_000;
    private static final Duration MAX_DECREASE_INTERVAL = Duration.ofHours(1);

    /**
     * Checks every value.
     *
     * @throws NullPointerException if {@code decreaseInterval} is null
     * @throws IllegalArgumentException naming the field and its value if a value is out of range,
     *     if the minimum rate is above the maximum, or if the trigger reserve would leave batch
     *     mail no token or connection at all
     */
    public DestinationLimits {
        within("maxConnectionsPerDomain", maxConnectionsPerDomain, 1, MAX_CONNECTIONS);
        within("maxConnectionsPerHost", maxConnectionsPerHost, 1, MAX_CONNECTIONS);
        within("maxMessagesPerConnection", maxMessagesPerConnection, 1, MAX_CONNECTIONS);
        rate("maxMessagesPerSecond", maxMessagesPerSecond);
        within("burst", burst, 1, MAX_COUNT);
        rate("minMessagesPerSecond", minMessagesPerSecond);
        if (minMessagesPerSecond > maxMessagesPerSecond) {
            throw new IllegalArgumentException("minMessagesPerSecond " + minMessagesPerSecond
                    + " is above maxMessagesPerSecond " + maxMessagesPerSecond);
        }
        if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
            throw new IllegalArgumentException("decreaseFactor must be above 0 and below 1, was " + decreaseFactor);
        }
        Objects.requireNonNull(decreaseInterval, "decreaseInterval");
        if (decreaseInterval.isNegative() || decreaseInterval.compareTo(MAX_DECREASE_INTERVAL) > 0) {
            throw new IllegalArgumentException("decreaseInterval must be zero to " + MAX_DECREASE_INTERVAL + ", was "
                    + decreaseInterval);
        }
        rate("increaseStep", increaseStep);
        within("successesPerIncrease", successesPerIncrease, 1, MAX_COUNT);
        if (triggerReserve < 0) {
            throw new IllegalArgumentException("triggerReserve must not be negative, was " + triggerReserve);
        }
        int smallest = Math.min(burst, Math.min(maxConnectionsPerDomain, maxConnectionsPerHost));
        if (triggerReserve >= smallest) {
            throw new IllegalArgumentException("triggerReserve " + triggerReserve + " must be less than burst ("
                    + burst + "), maxConnectionsPerDomain (" + maxConnectionsPerDomain + ") and maxConnectionsPerHost ("
                    + maxConnectionsPerHost + "), or batch mail could never be sent; lower triggerReserve first");
        }
    }

    /**
     * {@return the defaults: 20 connections per domain and per exchanger, 100 messages per
     * connection, 50 messages per second with a burst of 50, halved on throttling at most once a
     * second down to 1 per second, raised by 1 per second every 20 delivered messages, and 1 token
     * and connection kept for trigger mail}
     */
    public static DestinationLimits defaults() {
        return new DestinationLimits(20, 20, 100, 50, 50, 1, 0.5, Duration.ofSeconds(1), 1, 20, 1);
    }

    /**
     * {@return a copy with another connection limit per recipient domain}
     *
     * @param value connections, 1..10000
     */
    public DestinationLimits withMaxConnectionsPerDomain(int value) {
        return new DestinationLimits(value, maxConnectionsPerHost, maxMessagesPerConnection, maxMessagesPerSecond, burst,
                minMessagesPerSecond, decreaseFactor, decreaseInterval, increaseStep, successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another connection limit per mail exchanger}
     *
     * @param value connections, 1..10000
     */
    public DestinationLimits withMaxConnectionsPerHost(int value) {
        return new DestinationLimits(maxConnectionsPerDomain, value, maxMessagesPerConnection, maxMessagesPerSecond, burst,
                minMessagesPerSecond, decreaseFactor, decreaseInterval, increaseStep, successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another number of messages per connection}
     *
     * @param value messages, 1..10000 (1 opens a new connection for every message)
     */
    public DestinationLimits withMaxMessagesPerConnection(int value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, value, maxMessagesPerSecond, burst,
                minMessagesPerSecond, decreaseFactor, decreaseInterval, increaseStep, successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another maximum rate}
     *
     * @param value messages per second per recipient domain, 0.001..1,000,000 and not below the minimum rate
     */
    public DestinationLimits withMaxMessagesPerSecond(double value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection, value, burst,
                minMessagesPerSecond, decreaseFactor, decreaseInterval, increaseStep, successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another burst}
     *
     * @param value the bucket's size at the maximum rate, more than the trigger reserve
     */
    public DestinationLimits withBurst(int value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection,
                maxMessagesPerSecond, value, minMessagesPerSecond, decreaseFactor, decreaseInterval, increaseStep,
                successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another floor for the adaptive rate}
     *
     * @param value messages per second, 0.001..1,000,000 and not above the maximum rate
     */
    public DestinationLimits withMinMessagesPerSecond(double value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection,
                maxMessagesPerSecond, burst, value, decreaseFactor, decreaseInterval, increaseStep, successesPerIncrease,
                triggerReserve);
    }

    /**
     * {@return a copy with another multiplicative decrease}
     *
     * @param value what a throttling reply multiplies the rate by, above 0 and below 1
     */
    public DestinationLimits withDecreaseFactor(double value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection,
                maxMessagesPerSecond, burst, minMessagesPerSecond, value, decreaseInterval, increaseStep,
                successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another shortest time between two decreases}
     *
     * @param value zero to 1 hour
     */
    public DestinationLimits withDecreaseInterval(Duration value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection,
                maxMessagesPerSecond, burst, minMessagesPerSecond, decreaseFactor, value, increaseStep,
                successesPerIncrease, triggerReserve);
    }

    /**
     * {@return a copy with another additive increase}
     *
     * @param step messages per second added per {@code successes} delivered messages, 0.001..1,000,000
     * @param successes delivered messages per increase, at least 1
     */
    public DestinationLimits withIncrease(double step, int successes) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection,
                maxMessagesPerSecond, burst, minMessagesPerSecond, decreaseFactor, decreaseInterval, step, successes,
                triggerReserve);
    }

    /**
     * {@return a copy with another reserve for trigger mail}
     *
     * @param value tokens and connection slots per destination batch mail leaves free, 0 or more
     *     and less than the burst and both connection limits
     */
    public DestinationLimits withTriggerReserve(int value) {
        return new DestinationLimits(maxConnectionsPerDomain, maxConnectionsPerHost, maxMessagesPerConnection,
                maxMessagesPerSecond, burst, minMessagesPerSecond, decreaseFactor, decreaseInterval, increaseStep,
                successesPerIncrease, value);
    }

    private static void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
        }
    }

    private static void rate(String name, double value) {
        if (!(value >= MIN_RATE && value <= MAX_RATE)) {
            throw new IllegalArgumentException(name + " must be " + MIN_RATE + ".." + (long) MAX_RATE + ", was " + value);
        }
    }
}
