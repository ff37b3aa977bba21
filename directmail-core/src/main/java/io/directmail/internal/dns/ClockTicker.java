package io.directmail.internal.dns;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;

/**
 * A Caffeine {@link Ticker} read from a {@link Clock}, so that cached DNS answers age with the
 * clock the application (or a test) injects.
 *
 * @param clock the clock
 */
record ClockTicker(Clock clock) implements Ticker {

    @Override
    public long read() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }
}
