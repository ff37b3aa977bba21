package io.directmail.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SMTP server on a loopback address for tests, in the spirit of OkHttp's MockWebServer: it
 * speaks enough SMTP for a client (EHLO/HELO, configurable extensions, STARTTLS or implicit TLS
 * with a bundled self-signed certificate, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
 * records everything it receives, and can be scripted to misbehave the way real mail exchangers
 * do: any reply at any {@link SmtpStage}, for the n-th occurrence or on the n-th connection, a
 * dropped connection, a stall that never answers, greylisting.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().start()) {
 *     server.on(SmtpStage.RCPT).whenArgumentContains("nobody@").reply("550 5.1.1 No such user");
 *     // ... let the code under test send to 127.0.0.1:server.port() ...
 *     List<ReceivedMessage> messages = server.awaitMessages(1, Duration.ofSeconds(5));
 *     assertThat(server.violations()).isEmpty();
 * }
 * }</pre>
 *
 * <p><b>Strict checks.</b> The server accepts only CRLF as a line ending. It records as a
 * {@link ProtocolViolation} every bare CR or bare LF, every line longer than 1000 octets, every
 * command that arrives before the previous reply when PIPELINING is not offered, and input sent
 * after STARTTLS before the handshake. A test asserts {@link #violations()} is empty to prove a
 * client well-behaved.
 *
 * <p><b>TLS.</b> The certificate is self-signed for {@code CN=localhost} with subject alternative
 * names {@code localhost} and {@code 127.0.0.1}, valid from 2000 to 2099. It is bundled as
 * {@code io/directmail/testing/scripted-smtp-server.p12} (PKCS#12, store and key password
 * {@value #KEYSTORE_PASSWORD}). A client that must verify it can use {@link #clientSslContext()}.
 *
 * <p>Thread-safe. Each connection is served by its own virtual thread. {@link #close()} closes
 * every connection, releases stalled sessions and stops the server.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** The password of the bundled PKCS#12 key store and of its key. */
    public static final String KEYSTORE_PASSWORD = "directmail";

    private static final String KEYSTORE = "scripted-smtp-server.p12";

    private final Builder config;
    private final ServerSocket serverSocket;
    private final SSLContext serverTls;
    private final Thread acceptor;
    private final List<ScriptRule> rules = new CopyOnWriteArrayList<>();
    private final List<ReceivedCommand> commands = new CopyOnWriteArrayList<>();
    private final List<ProtocolViolation> violations = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new ArrayList<>();
    private final Map<Integer, AtomicInteger> transactions = new ConcurrentHashMap<>();
    private final Map<SmtpStage, AtomicInteger> stageCounts = new EnumMap<>(SmtpStage.class);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> sessions = ConcurrentHashMap.newKeySet();
    private final Set<String> greylistSeen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean greylisting;

    private ScriptedSmtpServer(Builder config) throws IOException {
        this.config = config;
        for (SmtpStage stage : SmtpStage.values()) {
            stageCounts.put(stage, new AtomicInteger());
        }
        this.serverTls = config.startTls || config.implicitTls ? serverContext() : null;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(config.address, config.port), 50);
        this.acceptor = Thread.ofVirtual().name("scripted-smtp-accept-" + serverSocket.getLocalPort()).unstarted(this::acceptLoop);
        acceptor.start();
    }

    /** Returns a builder: 127.0.0.1, an ephemeral port, PIPELINING, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Returns a client-side TLS context that trusts only the bundled certificate, for tests that
     * verify the server's certificate (with host name {@code localhost} or {@code 127.0.0.1}).
     */
    public static SSLContext clientSslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from the bundled certificate", e);
        }
    }

    /** Returns the address the server listens on. */
    public InetAddress address() {
        return serverSocket.getInetAddress();
    }

    /** Returns the port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Returns the name the server gives in its greeting and EHLO reply. */
    public String hostname() {
        return config.hostname;
    }

    /** Starts a rule for a stage; finish it with an action such as {@link ScriptRule#reply(String...)}. */
    public ScriptRule on(SmtpStage stage) {
        return new ScriptRule(this, stage);
    }

    /**
     * Greylists: the first RCPT for each pair of envelope sender and recipient gets
     * {@code 451 4.7.1}; later attempts for the pair are accepted.
     *
     * @return this server
     */
    public ScriptedSmtpServer greylist() {
        greylisting = true;
        return this;
    }

    /** Removes every rule and forgets greylisting state; recorded traffic is kept. */
    public void clearScript() {
        rules.clear();
        greylisting = false;
        greylistSeen.clear();
    }

    void addRule(ScriptRule rule) {
        rules.add(rule);
    }

    /** Returns the messages received so far, in order of arrival (including refused ones; see {@link ReceivedMessage#replyCode()}). */
    public List<ReceivedMessage> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /**
     * Waits until at least {@code count} messages have been received and returns all of them.
     *
     * @throws AssertionError if fewer arrive within the timeout (the message says how many did)
     */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (messages.size() < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("expected " + count + " message(s) within " + timeout + " but received "
                            + messages.size() + ": " + messages);
                }
                try {
                    messages.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for messages", e);
                }
            }
            return List.copyOf(messages);
        }
    }

    /** Returns every command line received, in order of arrival. */
    public List<ReceivedCommand> commands() {
        return List.copyOf(commands);
    }

    /** Returns the command lines received on one connection, in order. */
    public List<ReceivedCommand> commands(int connectionId) {
        return commands.stream().filter(c -> c.connectionId() == connectionId).toList();
    }

    /** Returns the protocol violations seen so far. */
    public List<ProtocolViolation> violations() {
        return List.copyOf(violations);
    }

    /** Returns how many connections were accepted so far. */
    public int connectionCount() {
        return connections.get();
    }

    /** Returns the most connections that were open at the same time. */
    public int maxConcurrentConnections() {
        return maxActive.get();
    }

    /** Returns the number of messages whose data was received, per connection id, for connections that had any. */
    public Map<Integer, Integer> transactionsPerConnection() {
        Map<Integer, Integer> copy = new LinkedHashMap<>();
        transactions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> copy.put(e.getKey(), e.getValue().get()));
        return copy;
    }

    /** Closes every connection, releases stalled sessions and stops listening. */
    @Override
    public void close() {
        closing.countDown();
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
            for (Thread session : sessions) {
                session.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
                // Replies go out at once, as a real exchanger's do, not held back by Nagle's algorithm.
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            int id = connections.incrementAndGet();
            sockets.add(socket);
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            Thread session = Thread.ofVirtual().name("scripted-smtp-" + id).unstarted(() -> {
                try {
                    new ScriptedSmtpSession(this, socket, id).run();
                } finally {
                    active.decrementAndGet();
                    sockets.remove(socket);
                    sessions.remove(Thread.currentThread());
                }
            });
            sessions.add(session);
            session.start();
        }
    }

    // ---- used by sessions ----

    Builder config() {
        return config;
    }

    SSLContext serverTls() {
        return serverTls;
    }

    /** Counts the stage and returns the rule that decides it, or null for the default behaviour. */
    ScriptRule ruleFor(SmtpStage stage, int connectionId, int connectionOccurrence, String argument) {
        int global = stageCounts.get(stage).incrementAndGet();
        for (ScriptRule rule : rules) {
            if (rule.matches(stage, connectionId, global, connectionOccurrence, argument)) {
                return rule;
            }
        }
        return null;
    }

    boolean greylisted(String from, String recipient) {
        return greylisting && greylistSeen.add(from.toLowerCase(java.util.Locale.ROOT) + "\n"
                + recipient.toLowerCase(java.util.Locale.ROOT));
    }

    void record(ReceivedCommand command) {
        commands.add(command);
    }

    void record(ProtocolViolation violation) {
        violations.add(violation);
    }

    void record(ReceivedMessage message) {
        transactions.computeIfAbsent(message.connectionId(), k -> new AtomicInteger()).incrementAndGet();
        synchronized (messages) {
            messages.add(message);
            messages.notifyAll();
        }
    }

    /** Blocks a stalled session until the server closes. */
    void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KeyStore keyStore() {
        try (InputStream in = ScriptedSmtpServer.class.getResourceAsStream(KEYSTORE)) {
            if (in == null) {
                throw new IllegalStateException("bundled key store " + KEYSTORE + " is missing");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, KEYSTORE_PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the bundled key store", e);
        }
    }

    private static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), KEYSTORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server TLS context", e);
        }
    }

    /**
     * Configures a server before it starts. Not thread-safe. Setters check their values at once.
     */
    public static final class Builder {
        private InetAddress address = ipv4Loopback();
        private int port;
        private String hostname = "localhost";
        private List<String> extensions = List.of("PIPELINING", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES");
        private boolean startTls;
        private boolean implicitTls;
        private String username;
        private String password;

        private Builder() {
        }

        /** Listens on this address, which must be a loopback address (127.0.0.0/8 or ::1). */
        public Builder address(InetAddress address) {
            Objects.requireNonNull(address, "address");
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("the scripted server listens on loopback only, not " + address);
            }
            this.address = address;
            return this;
        }

        /** Listens on this port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Sets the name used in the greeting and EHLO reply; {@code localhost} unless set. */
        public Builder hostname(String hostname) {
            Objects.requireNonNull(hostname, "hostname");
            if (hostname.isBlank() || hostname.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("hostname must be one word, was '" + hostname + "'");
            }
            this.hostname = hostname;
            return this;
        }

        /**
         * Sets the EHLO extensions offered, replacing the defaults, e.g. {@code "PIPELINING"},
         * {@code "SIZE 1000"}. STARTTLS and AUTH are added by {@link #startTls} and
         * {@link #credentials}; a {@code SIZE n} extension is enforced at MAIL FROM.
         */
        public Builder extensions(String... offered) {
            for (String extension : offered) {
                if (extension == null || extension.isBlank() || extension.indexOf('\r') >= 0 || extension.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("bad extension: '" + extension + "'");
                }
                if (extension.toUpperCase(java.util.Locale.ROOT).startsWith("SIZE ")
                        && !extension.substring(5).strip().matches("\\d{1,18}")) {
                    throw new IllegalArgumentException("SIZE needs a number of octets, was '" + extension + "'");
                }
            }
            this.extensions = List.of(offered);
            return this;
        }

        /** Offers STARTTLS with the bundled self-signed certificate. */
        public Builder startTls(boolean offer) {
            this.startTls = offer;
            return this;
        }

        /** Starts every connection with a TLS handshake (SMTPS) using the bundled certificate. */
        public Builder implicitTls(boolean implicit) {
            this.implicitTls = implicit;
            return this;
        }

        /** Offers AUTH PLAIN and LOGIN, accepts only these credentials, and requires AUTH before MAIL. */
        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws UncheckedIOException if the address and port cannot be bound
         */
        public ScriptedSmtpServer start() {
            try {
                return new ScriptedSmtpServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port, e);
            }
        }

        InetAddress address() {
            return address;
        }

        private static InetAddress ipv4Loopback() {
            try {
                return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        String hostname() {
            return hostname;
        }

        List<String> extensions() {
            return extensions;
        }

        boolean startTls() {
            return startTls;
        }

        boolean implicitTls() {
            return implicitTls;
        }

        String username() {
            return username;
        }

        String password() {
            return password;
        }
    }
}
