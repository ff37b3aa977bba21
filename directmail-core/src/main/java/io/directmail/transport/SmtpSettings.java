package io.directmail.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * How the SMTP client talks to a server: port, TLS, the name it greets with, credentials,
 * a timeout for every step, and connection-pool limits.
 *
 * <p>Immutable and thread-safe. Create one with {@link #newBuilder()}; derive a changed copy with
 * {@link #toBuilder() settings.toBuilder()} (Java cannot have a static and an instance
 * {@code newBuilder()} with the same signature). The builder checks every value as it is set and
 * throws {@link IllegalArgumentException} naming the bad value.
 *
 * <h2>Timeouts</h2>
 * The defaults follow RFC 5321 §4.5.3.2: greeting 5 minutes, EHLO/MAIL/RCPT (and every other
 * command) 5 minutes, DATA initiation 2 minutes, each data block 3 minutes, DATA termination
 * (the reply after the final dot) 10 minutes. The RFC has no connect timeout; the default is
 * 30 seconds, long enough for a slow host across the world and short enough that an unreachable
 * mail exchanger does not hold a delivery thread for the operating system's TCP timeout (often
 * over two minutes). The wait for {@code QUIT}'s reply is the command timeout capped at 10 seconds.
 *
 * <h2>Connection pool</h2>
 * The client keeps at most {@link #maxConnectionsPerHost()} connections per address and port,
 * sends at most {@link #maxMessagesPerConnection()} messages over one connection and closes a
 * connection idle for {@link #idleTimeout()}, measured with {@link #clock()}. A delivery that finds
 * every connection to a host busy waits at most {@link #poolWaitTimeout()} for one. These limits
 * apply to relays; the direct-to-MX transport takes its connection and message limits from
 * {@link DestinationLimits} instead, per destination, and never waits for a busy one.
 *
 * <h2>Credentials</h2>
 * With {@link Builder#credentials(String, String) credentials} the client authenticates with
 * AUTH PLAIN (preferred) or AUTH LOGIN. It does so only over TLS unless
 * {@link Builder#allowAuthWithoutTls(boolean)} is set. The password is never logged and
 * {@link #toString()} hides it.
 */
public final class SmtpSettings {

    /** The default SMTP port. */
    public static final int DEFAULT_PORT = 25;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\[\\d{1,3}(?:\\.\\d{1,3}){3}]");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[IPv6:[0-9A-Fa-f:.]+]");

    private final int port;
    private final TlsPolicy tlsPolicy;
    private final SSLContext sslContext;
    private final boolean implicitTls;
    private final String heloName;
    private final String username;
    private final String password;
    private final boolean allowAuthWithoutTls;
    private final Duration connectTimeout;
    private final Duration greetingTimeout;
    private final Duration commandTimeout;
    private final Duration dataInitiationTimeout;
    private final Duration dataBlockTimeout;
    private final Duration dataTerminationTimeout;
    private final int maxConnectionsPerHost;
    private final int maxMessagesPerConnection;
    private final Duration idleTimeout;
    private final Duration poolWaitTimeout;
    private final Clock clock;

    private SmtpSettings(Builder b) {
        this.port = b.port;
        this.tlsPolicy = b.tlsPolicy;
        this.sslContext = b.sslContext;
        this.implicitTls = b.implicitTls;
        this.heloName = b.heloName != null ? b.heloName : defaultHeloName();
        this.username = b.username;
        this.password = b.password;
        this.allowAuthWithoutTls = b.allowAuthWithoutTls;
        this.connectTimeout = b.connectTimeout;
        this.greetingTimeout = b.greetingTimeout;
        this.commandTimeout = b.commandTimeout;
        this.dataInitiationTimeout = b.dataInitiationTimeout;
        this.dataBlockTimeout = b.dataBlockTimeout;
        this.dataTerminationTimeout = b.dataTerminationTimeout;
        this.maxConnectionsPerHost = b.maxConnectionsPerHost;
        this.maxMessagesPerConnection = b.maxMessagesPerConnection;
        this.idleTimeout = b.idleTimeout;
        this.poolWaitTimeout = b.poolWaitTimeout;
        this.clock = b.clock;
    }

    /** Returns a builder with the defaults described on this type. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns a builder holding these settings, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns the server port; 25 unless set. */
    public int port() {
        return port;
    }

    /** Returns when TLS is used; {@link TlsPolicy#OPPORTUNISTIC} unless set. */
    public TlsPolicy tlsPolicy() {
        return tlsPolicy;
    }

    /**
     * Returns the context that verifies server certificates under {@link TlsPolicy#REQUIRED},
     * or empty for the JDK's default context (the JDK's trusted roots).
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** Returns true when the connection starts with TLS (SMTPS, port 465) instead of STARTTLS. */
    public boolean implicitTls() {
        return implicitTls;
    }

    /** Returns the name given in EHLO/HELO: a domain name or an address literal such as {@code [192.0.2.1]}. */
    public String heloName() {
        return heloName;
    }

    /** Returns the AUTH user name, or empty when the client does not authenticate. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Returns the AUTH password, or empty when the client does not authenticate. Never log it. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Returns true when credentials may be sent over a connection without TLS. */
    public boolean allowAuthWithoutTls() {
        return allowAuthWithoutTls;
    }

    /** Returns the limit for establishing the TCP connection; 30 seconds unless set. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns the wait for the server's 220 greeting; 5 minutes unless set. */
    public Duration greetingTimeout() {
        return greetingTimeout;
    }

    /** Returns the wait for the reply to EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET and the TLS handshake; 5 minutes unless set. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Returns the wait for the 354 reply to DATA; 2 minutes unless set. */
    public Duration dataInitiationTimeout() {
        return dataInitiationTimeout;
    }

    /** Returns the limit for writing one block of message data; 3 minutes unless set. */
    public Duration dataBlockTimeout() {
        return dataBlockTimeout;
    }

    /** Returns the wait for the reply after the final dot; 10 minutes unless set. */
    public Duration dataTerminationTimeout() {
        return dataTerminationTimeout;
    }

    /** Returns the most connections kept open to one address and port; 5 unless set. */
    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /** Returns the most messages sent over one connection before it is closed; 100 unless set. */
    public int maxMessagesPerConnection() {
        return maxMessagesPerConnection;
    }

    /** Returns how long an unused pooled connection stays open; 30 seconds unless set. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Returns how long a delivery waits for a free connection to a busy host; 1 minute unless set. */
    public Duration poolWaitTimeout() {
        return poolWaitTimeout;
    }

    /** Returns the time source for idle expiry; the system UTC clock unless set. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SmtpSettings{port=" + port + ", tlsPolicy=" + tlsPolicy + ", implicitTls=" + implicitTls
                + ", heloName=" + heloName + ", username=" + username + ", password=" + (password == null ? null : "****")
                + ", allowAuthWithoutTls=" + allowAuthWithoutTls + ", connectTimeout=" + connectTimeout
                + ", greetingTimeout=" + greetingTimeout + ", commandTimeout=" + commandTimeout
                + ", dataInitiationTimeout=" + dataInitiationTimeout + ", dataBlockTimeout=" + dataBlockTimeout
                + ", dataTerminationTimeout=" + dataTerminationTimeout + ", maxConnectionsPerHost=" + maxConnectionsPerHost
                + ", maxMessagesPerConnection=" + maxMessagesPerConnection + ", idleTimeout=" + idleTimeout
                + ", poolWaitTimeout=" + poolWaitTimeout + "}";
    }

    /**
     * Returns true when the text is usable in EHLO: a domain name (letters, digits and hyphens in
     * labels of at most 63 characters, at most 253 in all) or an address literal such as
     * {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}.
     */
    static boolean isValidHeloName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        if (name.startsWith("[")) {
            return IPV4_LITERAL.matcher(name).matches() || IPV6_LITERAL.matcher(name).matches();
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String defaultHeloName() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            String canonical = local.getCanonicalHostName();
            if (isValidHeloName(canonical) && !canonical.equals(local.getHostAddress())) {
                return canonical;
            }
            return local instanceof java.net.Inet6Address
                    ? "[IPv6:" + local.getHostAddress() + "]" : "[" + local.getHostAddress() + "]";
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Collects settings. Not thread-safe; each setter checks its value at once and throws
     * {@link IllegalArgumentException} (or {@link NullPointerException} for null) naming it.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private TlsPolicy tlsPolicy = TlsPolicy.OPPORTUNISTIC;
        private SSLContext sslContext;
        private boolean implicitTls;
        private String heloName;
        private String username;
        private String password;
        private boolean allowAuthWithoutTls;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration greetingTimeout = Duration.ofMinutes(5);
        private Duration commandTimeout = Duration.ofMinutes(5);
        private Duration dataInitiationTimeout = Duration.ofMinutes(2);
        private Duration dataBlockTimeout = Duration.ofMinutes(3);
        private Duration dataTerminationTimeout = Duration.ofMinutes(10);
        private int maxConnectionsPerHost = 5;
        private int maxMessagesPerConnection = 100;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration poolWaitTimeout = Duration.ofMinutes(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        private Builder(SmtpSettings s) {
            port = s.port;
            tlsPolicy = s.tlsPolicy;
            sslContext = s.sslContext;
            implicitTls = s.implicitTls;
            heloName = s.heloName;
            username = s.username;
            password = s.password;
            allowAuthWithoutTls = s.allowAuthWithoutTls;
            connectTimeout = s.connectTimeout;
            greetingTimeout = s.greetingTimeout;
            commandTimeout = s.commandTimeout;
            dataInitiationTimeout = s.dataInitiationTimeout;
            dataBlockTimeout = s.dataBlockTimeout;
            dataTerminationTimeout = s.dataTerminationTimeout;
            maxConnectionsPerHost = s.maxConnectionsPerHost;
            maxMessagesPerConnection = s.maxMessagesPerConnection;
            idleTimeout = s.idleTimeout;
            poolWaitTimeout = s.poolWaitTimeout;
            clock = s.clock;
        }

        /** Sets the server port, 1 to 65535. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Sets when TLS is used. */
        public Builder tlsPolicy(TlsPolicy tlsPolicy) {
            this.tlsPolicy = Objects.requireNonNull(tlsPolicy, "tlsPolicy");
            return this;
        }

        /** Sets the context that verifies server certificates under {@link TlsPolicy#REQUIRED}. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * Starts every connection with TLS (SMTPS). Then the TLS policy decides only whether the
         * certificate is verified ({@link TlsPolicy#REQUIRED}) or not; {@link TlsPolicy#DISABLED}
         * with implicit TLS is refused when {@link #build()} is called.
         */
        public Builder implicitTls(boolean implicitTls) {
            this.implicitTls = implicitTls;
            return this;
        }

        /** Sets the EHLO name: a domain name or an address literal such as {@code [192.0.2.1]}. */
        public Builder heloName(String heloName) {
            Objects.requireNonNull(heloName, "heloName");
            if (!isValidHeloName(heloName)) {
                throw new IllegalArgumentException("heloName must be a domain name or an address literal like [192.0.2.1], was '"
                        + heloName + "'");
            }
            this.heloName = heloName;
            return this;
        }

        /** Sets the AUTH credentials; neither may be empty or contain CR, LF or NUL. */
        public Builder credentials(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty() || hasControl(username)) {
                throw new IllegalArgumentException("username must be non-empty without CR, LF or NUL, was '"
                        + username.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            if (password.isEmpty() || hasControl(password)) {
                throw new IllegalArgumentException("password must be non-empty without CR, LF or NUL (value not shown)");
            }
            this.username = username;
            this.password = password;
            return this;
        }

        /** Allows sending credentials over a connection without TLS (only for trusted networks and tests). */
        public Builder allowAuthWithoutTls(boolean allow) {
            this.allowAuthWithoutTls = allow;
            return this;
        }

        /** Sets the limit for establishing the TCP connection. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Sets the wait for the 220 greeting. */
        public Builder greetingTimeout(Duration timeout) {
            this.greetingTimeout = positive("greetingTimeout", timeout);
            return this;
        }

        /** Sets the wait for the reply to every command other than DATA and the final dot. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("commandTimeout", timeout);
            return this;
        }

        /** Sets the wait for the 354 reply to DATA. */
        public Builder dataInitiationTimeout(Duration timeout) {
            this.dataInitiationTimeout = positive("dataInitiationTimeout", timeout);
            return this;
        }

        /** Sets the limit for writing one block of message data. */
        public Builder dataBlockTimeout(Duration timeout) {
            this.dataBlockTimeout = positive("dataBlockTimeout", timeout);
            return this;
        }

        /** Sets the wait for the reply after the final dot. */
        public Builder dataTerminationTimeout(Duration timeout) {
            this.dataTerminationTimeout = positive("dataTerminationTimeout", timeout);
            return this;
        }

        /** Sets every reply and write timeout (not the connect timeout) to one value; handy in tests. */
        public Builder allReplyTimeouts(Duration timeout) {
            positive("timeout", timeout);
            greetingTimeout = commandTimeout = dataInitiationTimeout = dataBlockTimeout = dataTerminationTimeout = timeout;
            return this;
        }

        /** Sets the most connections kept open to one address and port, at least 1. */
        public Builder maxConnectionsPerHost(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1, was " + max);
            }
            this.maxConnectionsPerHost = max;
            return this;
        }

        /** Sets the most messages sent over one connection, at least 1 (1 disables reuse). */
        public Builder maxMessagesPerConnection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxMessagesPerConnection must be at least 1, was " + max);
            }
            this.maxMessagesPerConnection = max;
            return this;
        }

        /** Sets how long an unused pooled connection stays open; zero closes each connection after use. */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "idleTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative, was " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** Sets how long a delivery waits for a free connection when a host's pool is full. */
        public Builder poolWaitTimeout(Duration timeout) {
            this.poolWaitTimeout = positive("poolWaitTimeout", timeout);
            return this;
        }

        /** Sets the time source for idle expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Returns the settings. When no EHLO name was set, the local host's canonical name is
         * looked up now (an address literal when it has none).
         *
         * @throws IllegalArgumentException if implicit TLS is combined with {@link TlsPolicy#DISABLED}
         */
        public SmtpSettings build() {
            if (implicitTls && tlsPolicy == TlsPolicy.DISABLED) {
                throw new IllegalArgumentException("implicitTls=true contradicts tlsPolicy=DISABLED");
            }
            return new SmtpSettings(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static boolean hasControl(String s) {
            return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
        }
    }
}
