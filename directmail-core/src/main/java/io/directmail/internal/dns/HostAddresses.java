package io.directmail.internal.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses found for one host name, or why there are none.
 *
 * @param addresses IPv4 addresses first, then IPv6; may be empty
 * @param temporary true when a lookup failed temporarily (so an empty list may fill later)
 * @param problem what was wrong when the list is empty or partial, for failure reasons; else empty
 */
record HostAddresses(List<InetAddress> addresses, boolean temporary, String problem) {

    HostAddresses {
        addresses = List.copyOf(addresses);
    }

    boolean isEmpty() {
        return addresses.isEmpty();
    }
}
