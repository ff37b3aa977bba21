package io.directmail.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a built-in {@link MailStore} behaves. Start from {@link #defaults()} and change single
 * values with the {@code with...} methods; every instance is immutable.
 *
 * @param retention how long a message whose recipients all have a final status stays findable
 *     (its statuses and idempotency key), counted from the last recipient's final status; its
 *     content is released at once. Default 7 days.
 * @param fsync whether the embedded store forces each accepted message to stable storage before
 *     {@code add} returns. Default {@code true}. {@code false} is for tests and benchmarks only:
 *     messages then survive a process crash but not a power loss. The in-memory store ignores it.
 * @param clock the time source for retention. Default {@link Clock#systemUTC()}.
 */
public record StoreOptions(Duration retention, boolean fsync, Clock clock) {

    /** The default retention of final statuses, 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /**
     * Checks the values.
     *
     * @throws NullPointerException if the retention or the clock is null
     * @throws IllegalArgumentException naming the value if the retention is negative
     */
    public StoreOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
    }

    /** {@return 7 days of retention, fsync on, the system clock} */
    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_RETENTION, true, Clock.systemUTC());
    }

    /**
     * {@return a copy with another retention of final statuses}
     *
     * @param duration how long final messages stay findable
     */
    public StoreOptions withRetention(Duration duration) {
        return new StoreOptions(duration, fsync, clock);
    }

    /**
     * {@return a copy with fsync switched on or off}
     *
     * @param on whether accepted messages are forced to stable storage
     */
    public StoreOptions withFsync(boolean on) {
        return new StoreOptions(retention, on, clock);
    }

    /**
     * {@return a copy with another clock}
     *
     * @param source the time source
     */
    public StoreOptions withClock(Clock source) {
        return new StoreOptions(retention, fsync, source);
    }
}
