package io.directmail.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@code dnsmasq} (Debian package {@code dnsmasq-base}) serving a few records on
 * 127.0.0.1 at a free port, for integration tests that want a DNS server written by someone else.
 *
 * <pre>{@code
 * assumeTrue(Dnsmasq.isInstalled());
 * try (Dnsmasq dns = Dnsmasq.newBuilder()
 *         .mx("example.test", "mx1.example.test", 10)
 *         .hostRecord("mx1.example.test", "127.0.0.2")
 *         .start()) {
 *     ... DnsSettings.newBuilder().nameserver(dns.address()) ...
 * }
 * }</pre>
 *
 * <p>The process runs in the foreground with no configuration file, no {@code /etc/hosts}, no
 * upstream servers, and is authoritative ({@code --local}) for every domain given to
 * {@link Builder#mx} and {@link Builder#localDomain}, so unknown names there get NXDOMAIN or
 * NODATA rather than REFUSED. {@link Builder#start()} returns once dnsmasq says it has started
 * (bounded by {@link #START_TIMEOUT}); {@link #close()} stops it, forcibly if it does not exit
 * within {@link #STOP_TIMEOUT}. Its log (queries included) is kept for failure messages.
 */
public final class Dnsmasq implements AutoCloseable {

    /** Where Debian installs dnsmasq. */
    public static final Path EXECUTABLE = Path.of("/usr/sbin/dnsmasq");
    /** The longest {@link Builder#start()} waits for dnsmasq to listen. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The longest {@link #close()} waits for dnsmasq to exit before killing it. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final int PORT_ATTEMPTS = 5;

    private final Process process;
    private final InetSocketAddress address;
    private final StringBuffer log;

    private Dnsmasq(Process process, InetSocketAddress address, StringBuffer log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Returns true when {@link #EXECUTABLE} exists and can be run; tests skip themselves otherwise. */
    public static boolean isInstalled() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Returns a builder for the records to serve. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns where dnsmasq listens, UDP and TCP. */
    public InetSocketAddress address() {
        return address;
    }

    /** Returns what dnsmasq logged so far. */
    public String log() {
        return log.toString();
    }

    /** Stops dnsmasq: SIGTERM, then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Dnsmasq[" + address + ", pid " + process.pid() + "]";
    }

    /** Collects dnsmasq options. Not thread-safe. */
    public static final class Builder {
        private final List<String> options = new ArrayList<>();
        private final List<String> localDomains = new ArrayList<>();

        private Builder() {}

        /** Serves {@code domain MX preference host} ({@code --mx-host}); the domain becomes local. */
        public Builder mx(String domain, String host, int preference) {
            options.add("--mx-host=" + domain + "," + host + "," + preference);
            return localDomain(domain);
        }

        /** Serves A or AAAA records (by the literal's form) for a host ({@code --host-record}). */
        public Builder hostRecord(String host, String address) {
            options.add("--host-record=" + host + "," + address);
            return this;
        }

        /** Answers for this domain from local data only ({@code --local=/domain/}). */
        public Builder localDomain(String domain) {
            if (!localDomains.contains(domain)) {
                localDomains.add(domain);
                options.add("--local=/" + domain + "/");
            }
            return this;
        }

        /** Adds any other dnsmasq option, such as {@code --txt-record=...}. */
        public Builder option(String option) {
            options.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        /**
         * Starts dnsmasq on 127.0.0.1 at a free port and waits until it listens.
         *
         * @throws IOException if it cannot be started, exits, or does not start within {@link #START_TIMEOUT}
         */
        public Dnsmasq start() throws IOException {
            IOException last = null;
            for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
                try {
                    return start(address);
                } catch (IOException e) {
                    last = e; // most likely the port was taken in between; try another
                }
            }
            throw last;
        }

        private Dnsmasq start(InetSocketAddress address) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    EXECUTABLE.toString(),
                    "--no-daemon",
                    "--conf-file=/dev/null",
                    "--no-resolv",
                    "--no-hosts",
                    "--pid-file=",
                    "--bind-interfaces",
                    "--listen-address=" + address.getAddress().getHostAddress(),
                    "--port=" + address.getPort(),
                    "--log-facility=-",
                    "--log-queries"));
            command.addAll(options);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuffer log = new StringBuffer();
            CompletableFuture<Void> started = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("dnsmasq-log-" + process.pid()).start(() -> readLog(process, log, started));
            Dnsmasq dnsmasq = new Dnsmasq(process, address, log);
            try {
                started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return dnsmasq;
            } catch (ExecutionException | TimeoutException e) {
                dnsmasq.close();
                throw new IOException("dnsmasq did not start on " + address + ": " + log, e);
            } catch (InterruptedException e) {
                dnsmasq.close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting dnsmasq", e);
            }
        }

        private static void readLog(Process process, StringBuffer log, CompletableFuture<Void> started) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    log.append(line).append('\n');
                    if (line.contains("started, version")) {
                        started.complete(null);
                    }
                }
                started.completeExceptionally(new IOException("dnsmasq exited"));
            } catch (IOException e) {
                started.completeExceptionally(e);
            }
        }

        /** Finds a port free for both UDP and TCP on loopback right now. */
        private static int freePort() throws IOException {
            for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                     ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
                    return udp.getLocalPort();
                } catch (IOException e) {
                    // TCP side taken; try another
                }
            }
            throw new IOException("no loopback port free for both UDP and TCP");
        }
    }
}
