package io.directmail.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One mail exchanger of a domain and the addresses to reach it at.
 *
 * @param hostname the exchanger's host name, lower-case, without a trailing dot
 * @param preference the MX preference (lower is tried first); 0 for an implicit MX
 * @param addresses the host's IPv4 and IPv6 addresses, in the order to try them; never empty
 * @param implicit true when the domain had no MX record and its own A/AAAA records stand in
 *     (RFC 5321 §5.1)
 */
public record MxHost(String hostname, int preference, List<InetAddress> addresses, boolean implicit) {

    /** Validates and copies the parts. */
    public MxHost {
        Objects.requireNonNull(hostname, "hostname");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("mail exchanger " + hostname + " has no address");
        }
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference must be 0..65535, was " + preference);
        }
    }
}
