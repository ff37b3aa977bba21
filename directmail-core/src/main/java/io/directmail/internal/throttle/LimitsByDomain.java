package io.directmail.internal.throttle;

import io.directmail.EmailAddress;
import io.directmail.InvalidAddressException;
import io.directmail.transport.DestinationLimits;
import java.util.Map;
import java.util.Objects;

/**
 * The destination limits in force: one set for every recipient domain, and overrides for single
 * domains (matched exactly; a subdomain has its own entry or the defaults).
 *
 * @param defaults the limits of a domain without an override
 * @param overrides limits by domain, keys as {@link #domainKey} makes them
 */
public record LimitsByDomain(DestinationLimits defaults, Map<String, DestinationLimits> overrides) {

    /** Checks the parts and copies the overrides. */
    public LimitsByDomain {
        Objects.requireNonNull(defaults, "defaults");
        overrides = Map.copyOf(overrides);
    }

    /** Returns the defaults without overrides. */
    public static LimitsByDomain of(DestinationLimits defaults) {
        return new LimitsByDomain(defaults, Map.of());
    }

    /** Returns the limits of a recipient domain (lower-case ASCII, as in {@link EmailAddress#domain()}). */
    public DestinationLimits forDomain(String domain) {
        return overrides.getOrDefault(domain, defaults);
    }

    /** Returns the highest connection limit per exchanger among the defaults and every override. */
    public int highestHostLimit() {
        int highest = defaults.maxConnectionsPerHost();
        for (DestinationLimits limits : overrides.values()) {
            highest = Math.max(highest, limits.maxConnectionsPerHost());
        }
        return highest;
    }

    /**
     * Returns a domain in the form recipient domains take: lower-case ASCII, an internationalised
     * name in its {@code xn--} form.
     *
     * @throws IllegalArgumentException naming the value if it is not a fully qualified domain name
     */
    public static String domainKey(String domain) {
        Objects.requireNonNull(domain, "domain");
        if (domain.indexOf('@') >= 0) {
            throw new IllegalArgumentException("domain must be a domain name, not an address (it contains '@')");
        }
        try {
            return EmailAddress.of("postmaster@" + domain).domain();
        } catch (InvalidAddressException e) {
            // the exception shows the checked address with invisible characters escaped
            throw new IllegalArgumentException("domain is not a usable recipient domain: " + e.getMessage(), e);
        }
    }
}
