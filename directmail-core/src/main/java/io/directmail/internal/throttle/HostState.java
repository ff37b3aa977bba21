package io.directmail.internal.throttle;

import io.directmail.transport.DestinationStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The connection slots of one mail exchanger, by host name, and its throttling replies. The limit
 * comes with each request, from the limits of the domain being delivered, since domains that share
 * an exchanger may be configured differently.
 *
 * <p>Thread-safe; every method holds this object's monitor, briefly and without I/O.
 */
final class HostState {

    private final String host;
    private int connectionsInUse;
    private int limit;
    private long throttlingEvents;
    private Instant lastThrottledAt;
    private Instant lastActivity;

    HostState(String host, Instant now) {
        this.host = host;
        this.lastActivity = now;
    }

    /**
     * Takes a connection slot if fewer than {@code limit - keep} are in use.
     *
     * @return true when a slot was taken
     */
    synchronized boolean tryEnter(int limit, int keep, Instant now) {
        this.limit = limit;
        lastActivity = now;
        if (connectionsInUse >= limit - keep) {
            return false;
        }
        connectionsInUse++;
        return true;
    }

    synchronized void exit(Instant now) {
        connectionsInUse--;
        lastActivity = now;
    }

    synchronized void throttled(Instant now) {
        throttlingEvents++;
        lastThrottledAt = now;
        lastActivity = now;
    }

    /** Returns true when forgetting this exchanger changes nothing but its counters: idle and nothing in use. */
    synchronized boolean isAtRest(Instant now, Duration idle) {
        return connectionsInUse == 0 && !now.isBefore(lastActivity.plus(idle));
    }

    synchronized DestinationStatus status() {
        return new DestinationStatus(DestinationStatus.Kind.MX_HOST, host, connectionsInUse, limit, null, throttlingEvents,
                lastThrottledAt);
    }
}
