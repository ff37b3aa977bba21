package io.directmail.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server in the test's own JVM, answering over UDP and TCP on a loopback address from
 * records the test sets up, and failing on request. Point the code under test at
 * {@link #address()} the way one points an HTTP client at OkHttp's {@code MockWebServer}.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
 *     dns.mx("example.test", 10, "mx1.example.test")
 *        .a("mx1.example.test", "127.0.0.2")
 *        .servfail("broken.test");
 *     dns.start();
 *     MxResolver resolver = MxResolver.dns(DnsSettings.newBuilder().nameserver(dns.address()).build());
 *     ...
 *     assertThat(dns.queryCount("example.test", "MX")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <h2>How it answers</h2>
 * The server is authoritative for the whole name space (it sets the AA flag) and never recurses:
 * <ul>
 *   <li>a fault set with {@link #servfail}, {@link #refuse} or {@link #timeout} for the queried
 *       name (for all its types, or for the queried type) wins over any records;</li>
 *   <li>records of the asked type are the answer;</li>
 *   <li>a {@linkplain #cname CNAME} is followed within the server's records (at most 8 hops), each
 *       alias in the answer, with the response code of the last name;</li>
 *   <li>a name that owns records of other types only, or is the parent of a name that owns
 *       records, gets NOERROR with an empty answer (NODATA);</li>
 *   <li>any other name gets NXDOMAIN.</li>
 * </ul>
 * Negative answers carry an SOA record in the authority section whose minimum field is the current
 * {@linkplain #ttl TTL}, so resolvers can cache them (RFC 2308). Over UDP an answer longer than 512
 * octets (or than the payload size the client advertised with EDNS) is truncated and flagged TC,
 * so clients retry over TCP, as with a real server.
 *
 * <h2>Names</h2>
 * Names are given with or without the trailing dot and are matched case-insensitively; a name with
 * non-ASCII characters is converted to its IDNA ASCII form ({@code bücher.test} is served as
 * {@code xn--bcher-kva.test}).
 *
 * <h2>Threading and lifecycle</h2>
 * All methods are thread-safe. Records and faults may be set before {@link #start()} and changed
 * while the server runs; a change applies to the next query. One thread serves UDP, and one
 * virtual thread serves each TCP connection. {@link #close()} stops both and may be called more
 * than once; a closed server cannot be started again.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    /** The TTL of records and negative answers unless {@link #ttl(Duration)} says otherwise: 300 seconds. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);

    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final int BIND_ATTEMPTS = 10;
    private static final int MAX_TXT_STRING = 255;

    private final DnsRecordStore records = new DnsRecordStore();
    private volatile long ttlSeconds = DEFAULT_TTL.toSeconds();
    private final DnsResponder responder = new DnsResponder(records, () -> ttlSeconds);

    private final Object lifecycle = new Object();
    private UdpDnsListener udp;
    private TcpDnsListener tcp;
    private boolean started;
    private boolean closed;

    /** Creates a server with no records; it listens once {@link #start() started}. */
    public LoopbackDnsServer() {}

    /**
     * Starts listening on 127.0.0.1 at a free port, the same port for UDP and TCP.
     *
     * @throws IOException if no port could be bound
     * @throws IllegalStateException if the server was started or closed before
     */
    public void start() throws IOException {
        start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * Starts listening on the given address, UDP and TCP on the same port. Port 0 picks a free port.
     *
     * @param address where to listen, normally a loopback address
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if the server was started or closed before
     */
    public void start(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException("a LoopbackDnsServer can be started only once");
            }
            int attempts = address.getPort() == 0 ? BIND_ATTEMPTS : 1;
            for (int attempt = 1; ; attempt++) {
                UdpDnsListener boundUdp = new UdpDnsListener(address, responder);
                try {
                    InetSocketAddress bound = boundUdp.localAddress();
                    tcp = new TcpDnsListener(new InetSocketAddress(address.getAddress(), bound.getPort()), responder);
                    udp = boundUdp;
                    break;
                } catch (IOException e) {
                    boundUdp.close();
                    if (!(e instanceof BindException) || attempt >= attempts) {
                        throw e;
                    }
                }
            }
            udp.start();
            tcp.start();
            started = true;
        }
    }

    /**
     * Returns where the server listens, for both UDP and TCP.
     *
     * @throws IllegalStateException if the server has not been started
     */
    public InetSocketAddress address() {
        synchronized (lifecycle) {
            if (udp == null) {
                throw new IllegalStateException("the LoopbackDnsServer has not been started");
            }
            return udp.localAddress();
        }
    }

    /**
     * Sets the TTL of the records added from now on and of negative answers (the SOA minimum).
     *
     * @param ttl zero or more whole seconds, at most 2^31-1
     * @return this server
     * @throws IllegalArgumentException if the TTL is negative or too large
     */
    public LoopbackDnsServer ttl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ttl must be 0 to 2^31-1 seconds, was " + ttl);
        }
        ttlSeconds = ttl.toSeconds();
        return this;
    }

    /**
     * Adds an MX record.
     *
     * @param domain the domain that receives the mail
     * @param preference 0 to 65535, lower is tried first
     * @param host the mail exchanger's host name, or {@code "."} for no host
     * @return this server
     * @throws IllegalArgumentException if a name is malformed or the preference out of range
     */
    public LoopbackDnsServer mx(String domain, int preference, String host) {
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference must be 0 to 65535, was " + preference);
        }
        records.add(new MXRecord(name(domain), DClass.IN, ttlSeconds, preference, name(host)));
        return this;
    }

    /**
     * Replaces the domain's MX records by a null MX ({@code MX 0 .}), which says that the domain
     * accepts no mail (RFC 7505).
     *
     * @param domain the domain
     * @return this server
     */
    public LoopbackDnsServer nullMx(String domain) {
        records.replace(new MXRecord(name(domain), DClass.IN, ttlSeconds, 0, Name.root));
        return this;
    }

    /**
     * Adds an A record.
     *
     * @param host the host name
     * @param ipv4 the address as a dotted quad, such as {@code "127.0.0.2"}
     * @return this server
     * @throws IllegalArgumentException if the name or the address is malformed
     */
    public LoopbackDnsServer a(String host, String ipv4) {
        records.add(new ARecord(name(host), DClass.IN, ttlSeconds, literal(ipv4, Address.IPv4)));
        return this;
    }

    /**
     * Adds an AAAA record.
     *
     * @param host the host name
     * @param ipv6 the address in IPv6 text form, such as {@code "::1"}
     * @return this server
     * @throws IllegalArgumentException if the name or the address is malformed
     */
    public LoopbackDnsServer aaaa(String host, String ipv6) {
        records.add(new AAAARecord(name(host), DClass.IN, ttlSeconds, literal(ipv6, Address.IPv6)));
        return this;
    }

    /**
     * Adds a TXT record holding the text in UTF-8, split into strings of at most 255 octets (never
     * inside a character), as DKIM and SPF publishers do with long values.
     *
     * @param name the owner name
     * @param text the text; may be empty
     * @return this server
     */
    public LoopbackDnsServer txt(String name, String text) {
        Objects.requireNonNull(text, "text");
        records.add(Record.newRecord(name(name), Type.TXT, DClass.IN, ttlSeconds, txtData(text)));
        return this;
    }

    /**
     * Makes a name an alias of another. The alias should own no other records (RFC 1034 §3.6.2).
     *
     * @param alias the name that points elsewhere
     * @param target the canonical name
     * @return this server
     */
    public LoopbackDnsServer cname(String alias, String target) {
        records.replace(new CNAMERecord(name(alias), DClass.IN, ttlSeconds, name(target)));
        return this;
    }

    /**
     * Adds a record of any type, its data written as in a zone file, for types without a method of
     * their own: {@code record("_25._tcp.mx.example.test", "TLSA", "3 1 1 0123abcd...")}.
     *
     * @param name the owner name
     * @param type the type's mnemonic, such as {@code "SRV"} or {@code "TLSA"}
     * @param data the record data in zone-file (RFC 1035 §5.1) form
     * @return this server
     * @throws IllegalArgumentException if the type is unknown or the data does not parse
     */
    public LoopbackDnsServer record(String name, String type, String data) {
        Objects.requireNonNull(data, "data");
        Name owner = name(name);
        int code = type(type);
        try {
            records.add(Record.fromString(owner, code, DClass.IN, ttlSeconds, data, Name.root));
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid " + type + " data: \"" + data + "\"", e);
        }
        return this;
    }

    /**
     * Answers every query about this name with SERVFAIL, until {@link #clearFault(String)}.
     *
     * @param name the name
     * @return this server
     */
    public LoopbackDnsServer servfail(String name) {
        return fault(name, null, DnsFault.SERVFAIL);
    }

    /**
     * Answers queries about this name and type with SERVFAIL, until {@link #clearFault(String)};
     * other types are answered normally.
     *
     * @param name the name
     * @param type the record type's mnemonic, such as {@code "AAAA"}
     * @return this server
     */
    public LoopbackDnsServer servfail(String name, String type) {
        return fault(name, type, DnsFault.SERVFAIL);
    }

    /**
     * Answers every query about this name with REFUSED, until {@link #clearFault(String)}.
     *
     * @param name the name
     * @return this server
     */
    public LoopbackDnsServer refuse(String name) {
        return fault(name, null, DnsFault.REFUSED);
    }

    /**
     * Answers queries about this name and type with REFUSED, until {@link #clearFault(String)}.
     *
     * @param name the name
     * @param type the record type's mnemonic
     * @return this server
     */
    public LoopbackDnsServer refuse(String name, String type) {
        return fault(name, type, DnsFault.REFUSED);
    }

    /**
     * Never answers a query about this name (it is still counted), until {@link #clearFault(String)}.
     *
     * @param name the name
     * @return this server
     */
    public LoopbackDnsServer timeout(String name) {
        return fault(name, null, DnsFault.TIMEOUT);
    }

    /**
     * Never answers a query about this name and type, until {@link #clearFault(String)}.
     *
     * @param name the name
     * @param type the record type's mnemonic
     * @return this server
     */
    public LoopbackDnsServer timeout(String name, String type) {
        return fault(name, type, DnsFault.TIMEOUT);
    }

    /**
     * Clears every fault of a name, for all types, so that it is answered from its records again.
     *
     * @param name the name
     * @return this server
     */
    public LoopbackDnsServer clearFault(String name) {
        responder.clearFaults(name(name));
        return this;
    }

    private LoopbackDnsServer fault(String name, String type, DnsFault fault) {
        responder.fault(name(name), type == null ? Type.ANY : type(type), fault);
        return this;
    }

    /**
     * Forgets every record and fault of a name, so that it gets NXDOMAIN (or NODATA when it is the
     * parent of a name that still owns records).
     *
     * @param name the name
     * @return this server
     */
    public LoopbackDnsServer remove(String name) {
        Name owner = name(name);
        records.remove(owner);
        responder.clearFaults(owner);
        return this;
    }

    /**
     * Returns how many queries for this name and type arrived, over UDP and TCP together,
     * including those answered with a fault or not answered at all.
     *
     * @param name the queried name
     * @param type the record type's mnemonic, such as {@code "MX"} or {@code "AAAA"}
     * @return the count
     * @throws IllegalArgumentException if the type is not a known mnemonic
     */
    public int queryCount(String name, String type) {
        Name owner = name(name);
        int code = type(type);
        return responder.counter().count(owner, code, false) + responder.counter().count(owner, code, true);
    }

    /**
     * Returns how many queries for this name and type arrived over TCP.
     *
     * @param name the queried name
     * @param type the record type's mnemonic, such as {@code "MX"}
     * @return the count
     * @throws IllegalArgumentException if the type is not a known mnemonic
     */
    public int tcpQueryCount(String name, String type) {
        return responder.counter().count(name(name), type(type), true);
    }

    /** Stops listening and ends the server's threads (waiting a bounded time). Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lifecycle) {
            return "LoopbackDnsServer[" + (udp == null ? (closed ? "closed" : "not started") : udp.localAddress()) + "]";
        }
    }

    private static Name name(String text) {
        Objects.requireNonNull(text, "name");
        String ascii = text;
        try {
            if (!text.equals(".") && text.chars().anyMatch(c -> c > 0x7f)) {
                ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
            }
            return Name.fromString(ascii, Name.root);
        } catch (TextParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid DNS name: \"" + text + "\"", e);
        }
    }

    private static int type(String mnemonic) {
        Objects.requireNonNull(mnemonic, "type");
        int code = Type.value(mnemonic);
        if (code < 0) {
            throw new IllegalArgumentException("unknown DNS record type: \"" + mnemonic + "\"");
        }
        return code;
    }

    private static InetAddress literal(String text, int family) {
        Objects.requireNonNull(text, "address");
        try {
            return Address.getByAddress(text, family);
        } catch (UnknownHostException e) {
            String kind = family == Address.IPv4 ? "IPv4" : "IPv6";
            throw new IllegalArgumentException("not an " + kind + " address literal: \"" + text + "\"", e);
        }
    }

    /** Encodes TXT RDATA: character-strings of at most 255 octets, split between characters. */
    private static byte[] txtData(String text) {
        List<byte[]> strings = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentOctets = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int octets = character.getBytes(StandardCharsets.UTF_8).length;
            if (currentOctets + octets > MAX_TXT_STRING) {
                strings.add(current.toString().getBytes(StandardCharsets.UTF_8));
                current.setLength(0);
                currentOctets = 0;
            }
            current.append(character);
            currentOctets += octets;
            i += Character.charCount(codePoint);
        }
        if (currentOctets > 0 || strings.isEmpty()) {
            strings.add(current.toString().getBytes(StandardCharsets.UTF_8));
        }
        int total = strings.stream().mapToInt(s -> s.length + 1).sum();
        byte[] data = new byte[total];
        int offset = 0;
        for (byte[] string : strings) {
            data[offset++] = (byte) string.length;
            System.arraycopy(string, 0, data, offset, string.length);
            offset += string.length;
        }
        return data;
    }
}
