package io.directmail.dns;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the built-in {@linkplain MxResolver#dns(DnsSettings) DNS resolver} asks DNS: which name
 * servers, how long to wait, how often to try, and how much to cache. Immutable and thread-safe;
 * build one with {@link #newBuilder()} and change a copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * DnsSettings settings = DnsSettings.newBuilder()
 *         .nameserver(new InetSocketAddress("127.0.0.1", 5353))
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * MxResolver resolver = MxResolver.dns(settings);
 * }</pre>
 *
 * <p>Every builder method checks its argument at once and throws an
 * {@link IllegalArgumentException} (or a {@link NullPointerException} for {@code null}) that names
 * the setting and the bad value.
 */
public final class DnsSettings {

    /** How long one query to one name server may take unless set otherwise: 5 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** How many rounds over the name servers a query gets unless set otherwise: 2. */
    public static final int DEFAULT_ATTEMPTS = 2;
    /** How many answers the cache holds at most unless set otherwise: 10,000. */
    public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 10_000;
    /** The longest a negative answer (NXDOMAIN, no records) is cached unless set otherwise: 5 minutes. */
    public static final Duration DEFAULT_NEGATIVE_TTL_CAP = Duration.ofMinutes(5);

    /** The largest number of attempts accepted, so that a typo cannot make a lookup take hours. */
    static final int MAX_ATTEMPTS = 10;

    private static final DnsSettings DEFAULTS = newBuilder().build();

    private final List<InetSocketAddress> nameservers;
    private final Duration timeout;
    private final int attempts;
    private final long cacheMaximumSize;
    private final Duration negativeTtlCap;
    private final boolean ipv6;
    private final Clock clock;

    private DnsSettings(Builder builder) {
        this.nameservers = List.copyOf(builder.nameservers);
        this.timeout = builder.timeout;
        this.attempts = builder.attempts;
        this.cacheMaximumSize = builder.cacheMaximumSize;
        this.negativeTtlCap = builder.negativeTtlCap;
        this.ipv6 = builder.ipv6;
        this.clock = builder.clock;
    }

    /** Returns a builder holding the defaults. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns the settings with every default: the system's name servers, 5 s timeout, 2 attempts. */
    public static DnsSettings defaults() {
        return DEFAULTS;
    }

    /** Returns a builder holding these settings, to derive changed settings from. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the name servers to ask, in order. Empty means the system's resolvers, as dnsjava's
     * {@code ResolverConfig} finds them ({@code /etc/resolv.conf} and the like) when the resolver
     * is created.
     */
    public List<InetSocketAddress> nameservers() {
        return nameservers;
    }

    /** Returns how long one query to one name server may take before the next is tried. */
    public Duration timeout() {
        return timeout;
    }

    /** Returns how many rounds over all name servers a query gets before it fails temporarily. */
    public int attempts() {
        return attempts;
    }

    /** Returns how many answers the cache holds at most; 0 turns caching off. */
    public long cacheMaximumSize() {
        return cacheMaximumSize;
    }

    /**
     * Returns the longest a negative answer is cached, whatever the zone's SOA says (RFC 2308
     * §5); zero turns negative caching off.
     */
    public Duration negativeTtlCap() {
        return negativeTtlCap;
    }

    /** Returns whether AAAA records are looked up as well as A records. */
    public boolean ipv6() {
        return ipv6;
    }

    /** Returns the clock that ages cached answers. */
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsSettings that
                && nameservers.equals(that.nameservers)
                && timeout.equals(that.timeout)
                && attempts == that.attempts
                && cacheMaximumSize == that.cacheMaximumSize
                && negativeTtlCap.equals(that.negativeTtlCap)
                && ipv6 == that.ipv6
                && clock.equals(that.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nameservers, timeout, attempts, cacheMaximumSize, negativeTtlCap, ipv6, clock);
    }

    @Override
    public String toString() {
        return "DnsSettings[nameservers=" + (nameservers.isEmpty() ? "system" : nameservers)
                + ", timeout=" + timeout
                + ", attempts=" + attempts
                + ", cacheMaximumSize=" + cacheMaximumSize
                + ", negativeTtlCap=" + negativeTtlCap
                + ", ipv6=" + ipv6
                + ", clock=" + clock + "]";
    }

    /**
     * Collects the settings; each method checks its argument at once. Not thread-safe: use one
     * builder from one thread.
     */
    public static final class Builder {
        private final List<InetSocketAddress> nameservers = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int attempts = DEFAULT_ATTEMPTS;
        private long cacheMaximumSize = DEFAULT_CACHE_MAXIMUM_SIZE;
        private Duration negativeTtlCap = DEFAULT_NEGATIVE_TTL_CAP;
        private boolean ipv6 = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        private Builder(DnsSettings settings) {
            nameservers.addAll(settings.nameservers);
            timeout = settings.timeout;
            attempts = settings.attempts;
            cacheMaximumSize = settings.cacheMaximumSize;
            negativeTtlCap = settings.negativeTtlCap;
            ipv6 = settings.ipv6;
            clock = settings.clock;
        }

        /**
         * Adds a name server to ask, after those already added.
         *
         * @param address a resolved address with a port, such as {@code 127.0.0.1:53}
         * @return this builder
         * @throws IllegalArgumentException if the address is unresolved or has port 0
         */
        public Builder nameserver(InetSocketAddress address) {
            nameservers.add(checkNameserver(address));
            return this;
        }

        /**
         * Replaces the name servers; an empty list means the system's resolvers.
         *
         * @param addresses resolved addresses with ports
         * @return this builder
         * @throws IllegalArgumentException if an address is unresolved or has port 0
         */
        public Builder nameservers(List<InetSocketAddress> addresses) {
            Objects.requireNonNull(addresses, "nameservers");
            List<InetSocketAddress> checked = new ArrayList<>(addresses.size());
            for (InetSocketAddress address : addresses) {
                checked.add(checkNameserver(address));
            }
            nameservers.clear();
            nameservers.addAll(checked);
            return this;
        }

        /**
         * Sets how long one query to one name server may take.
         *
         * @param timeout more than zero, at most one minute
         * @return this builder
         * @throws IllegalArgumentException if the timeout is zero, negative or over a minute
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("DNS timeout must be more than 0 and at most 1 minute, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how many rounds over all name servers a query gets.
         *
         * @param attempts 1 to 10
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder attempts(int attempts) {
            if (attempts < 1 || attempts > MAX_ATTEMPTS) {
                throw new IllegalArgumentException("DNS attempts must be 1 to " + MAX_ATTEMPTS + ", was " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /**
         * Sets how many answers the cache holds at most.
         *
         * @param maximumSize zero (no caching) or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheMaximumSize(long maximumSize) {
            if (maximumSize < 0) {
                throw new IllegalArgumentException("DNS cache maximum size must be 0 or more, was " + maximumSize);
            }
            this.cacheMaximumSize = maximumSize;
            return this;
        }

        /**
         * Sets the longest a negative answer is cached.
         *
         * @param cap zero (no negative caching) or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder negativeTtlCap(Duration cap) {
            Objects.requireNonNull(cap, "negativeTtlCap");
            if (cap.isNegative()) {
                throw new IllegalArgumentException("DNS negative TTL cap must be 0 or more, was " + cap);
            }
            this.negativeTtlCap = cap;
            return this;
        }

        /**
         * Sets whether AAAA records are looked up as well as A records (default true). Either way
         * a host's IPv4 addresses come before its IPv6 addresses.
         *
         * @param ipv6 true to look up AAAA records
         * @return this builder
         */
        public Builder ipv6(boolean ipv6) {
            this.ipv6 = ipv6;
            return this;
        }

        /**
         * Sets the clock that ages cached answers (default the system clock). Tests pass a clock
         * they can move forward to expire answers without waiting.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Returns the settings. */
        public DnsSettings build() {
            return new DnsSettings(this);
        }

        private static InetSocketAddress checkNameserver(InetSocketAddress address) {
            Objects.requireNonNull(address, "nameserver");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("DNS nameserver must be a resolved address, was " + address);
            }
            if (address.getPort() == 0) {
                throw new IllegalArgumentException("DNS nameserver needs a port other than 0, was " + address);
            }
            return address;
        }
    }
}
