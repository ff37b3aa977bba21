package io.directmail.account;

import java.util.Locale;
import org.xbill.DNS.Address;

/**
 * The SPF mechanisms (RFC 7208 §5) a {@link DomainSettings} may ask sending domains to publish:
 * those that name the hosts DirectMail sends from. Accepted, without a qualifier (they pass):
 * {@code ip4:<address>[/<prefix>]}, {@code ip6:<address>[/<prefix>]}, {@code include:<domain>},
 * {@code a}, {@code a:<domain>}, {@code mx} and {@code mx:<domain>}. Names are normalised like
 * every domain; the mechanism is kept in lower case.
 */
final class SpfMechanisms {

    private SpfMechanisms() {
    }

    /**
     * Returns the mechanism in the form it is published and compared in.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is not one of the accepted mechanisms
     */
    static String normalise(String mechanism) {
        if (mechanism == null) {
            throw new NullPointerException("SPF mechanism");
        }
        String lower = mechanism.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        String name = colon < 0 ? lower : lower.substring(0, colon);
        String argument = colon < 0 ? null : mechanism.substring(colon + 1);
        return switch (name) {
            case "ip4" -> "ip4:" + network(mechanism, argument, Address.IPv4, 32);
            case "ip6" -> "ip6:" + network(mechanism, argument, Address.IPv6, 128);
            case "include" -> "include:" + domain(mechanism, argument);
            case "a", "mx" -> argument == null ? name : name + ":" + domain(mechanism, argument);
            default -> throw refused(mechanism, "use ip4:, ip6:, include:, a or mx (without a qualifier such as '~' or '-')");
        };
    }

    private static String network(String mechanism, String argument, int family, int maxPrefix) {
        if (argument == null || argument.isEmpty()) {
            throw refused(mechanism, "an address is missing after ':'");
        }
        int slash = argument.indexOf('/');
        String address = slash < 0 ? argument : argument.substring(0, slash);
        if (!address.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)
                || Address.toByteArray(address, family) == null) {
            throw refused(mechanism, "\"" + address + "\" is not an " + (family == Address.IPv4 ? "IPv4" : "IPv6") + " address");
        }
        if (slash < 0) {
            return address.toLowerCase(Locale.ROOT);
        }
        String prefix = argument.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(prefix) > maxPrefix) {
            throw refused(mechanism, "the prefix length must be 0 to " + maxPrefix);
        }
        return address.toLowerCase(Locale.ROOT) + "/" + Integer.parseInt(prefix);
    }

    private static String domain(String mechanism, String argument) {
        if (argument == null || argument.isEmpty()) {
            throw refused(mechanism, "a domain is missing after ':'");
        }
        try {
            return DomainNames.hostName("SPF domain", argument);
        } catch (InvalidDomainNameException e) {
            throw refused(mechanism, e.getMessage());
        }
    }

    private static IllegalArgumentException refused(String mechanism, String reason) {
        return new IllegalArgumentException("SPF mechanism " + DomainNames.visible(mechanism) + " is not accepted: " + reason);
    }
}
