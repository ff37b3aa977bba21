package io.directmail.internal.smtp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One server to try: a mail exchanger or a smarthost at a resolved address.
 *
 * <p>Internal API.
 *
 * @param hostname the server's name: sent as TLS SNI, checked against its certificate under
 *     {@link io.directmail.transport.TlsPolicy#REQUIRED}, and reported in outcomes
 * @param address the address to connect to
 * @param port the TCP port, 1..65535
 */
public record SmtpTarget(String hostname, InetAddress address, int port) {

    /** Validates the parts. */
    public SmtpTarget {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(address, "address");
        if (hostname.isBlank()) {
            throw new IllegalArgumentException("hostname must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** Returns {@code hostname[address]:port}, as used in outcomes and logs. */
    public String describe() {
        return hostname + "[" + address.getHostAddress() + "]:" + port;
    }

    @Override
    public String toString() {
        return describe();
    }
}
