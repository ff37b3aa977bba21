package io.directmail.transport;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one destination of the direct-to-MX transport stands at one moment: a recipient domain,
 * with its adaptive rate, or a mail exchanger. Returned by {@code DirectMail.destinations()}, one
 * per destination that has been sent to recently; meant to be read by applications and polled by
 * a metrics binder (every number is a gauge or a monotonic counter, and {@link #name()} is a
 * domain or host name, never an address).
 *
 * @param kind a recipient domain or a mail exchanger
 * @param name the domain (lower-case ASCII) or the exchanger's host name (lower case)
 * @param connectionsInUse connections open for it right now
 * @param maxConnections its connection limit: {@link DestinationLimits#maxConnectionsPerDomain()},
 *     or for an exchanger the {@link DestinationLimits#maxConnectionsPerHost()} of the domain that
 *     used it last (domains that share exchangers may have different limits)
 * @param rate the domain's rate; {@code null} for an exchanger, since rates are kept per domain
 * @param throttlingEvents how many deliveries met a throttling reply from it since it has been tracked
 * @param lastThrottledAt when it last answered with a throttling reply, or {@code null} if it has not
 */
public record DestinationStatus(Kind kind, String name, int connectionsInUse, int maxConnections, Rate rate,
        long throttlingEvents, Instant lastThrottledAt) {

    /** What a destination is. */
    public enum Kind {
        /** A recipient domain, such as {@code example.org}. */
        DOMAIN,
        /** A mail exchanger, such as {@code mx1.example.org}. */
        MX_HOST
    }

    /**
     * A recipient domain's rate at the moment of the snapshot.
     *
     * @param maxPerSecond the configured maximum, {@link DestinationLimits#maxMessagesPerSecond()}
     * @param currentPerSecond the adaptive rate now in force, between the floor and the maximum
     * @param minPerSecond the floor, {@link DestinationLimits#minMessagesPerSecond()}
     * @param tokens messages that may leave at once right now (the bucket's fill)
     */
    public record Rate(double maxPerSecond, double currentPerSecond, double minPerSecond, double tokens) {
    }

    /** Checks that the required parts are present and that only a domain has a rate. */
    public DestinationStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ((kind == Kind.DOMAIN) != (rate != null)) {
            throw new IllegalArgumentException("a " + kind + " destination " + (rate == null ? "needs" : "has no") + " rate");
        }
    }

    /** Returns when the destination last answered with a throttling reply, if it has. */
    public Optional<Instant> lastThrottled() {
        return Optional.ofNullable(lastThrottledAt);
    }

    /** Returns true while a domain's adaptive rate is below its configured maximum. */
    public boolean isSlowedDown() {
        return rate != null && rate.currentPerSecond() < rate.maxPerSecond();
    }
}
