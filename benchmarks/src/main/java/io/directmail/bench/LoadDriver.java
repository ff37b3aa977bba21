package io.directmail.bench;

import io.directmail.DeliveryEvent;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end-to-end load driver: sends N messages through the DirectMail library as an application
 * would, to an SMTP sink (normally Postfix's {@code smtp-sink}), and reports on stdout, one JSON
 * object per line. The side-by-side harness ({@code benchmarks/bench.sh}) runs it next to Postfix;
 * see {@code benchmarks/JMH.md} for the options and what each figure means.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.directmail.bench.LoadDriver --host 127.0.0.1 --port 2525 \
 *     --messages 2000 --size 2048 --sessions 10 --max-connections 100 \
 *     --from bench@example.com --to sink@example.net --timeout-seconds 120 [--dkim none|rsa|ed25519]
 * </pre>
 *
 * <p>By default it delivers direct to MX: the recipients are spread over {@code --domains}
 * domains {@code d0.<to-domain>} … and an in-process DNS server maps each of them to one mail
 * exchanger at {@code --host} (like many domains hosted by one provider), so the library does
 * its MX lookups and pools its connections to that exchanger. {@code --transport relay} hands
 * everything to {@code smtp://host:port} instead.
 *
 * <p>A message counts as done at its first outcome (DELIVERED, DEFERRED or BOUNCED); an engine that
 * retries may turn a DEFERRED into DELIVERED later, and the counts follow while the driver runs.
 *
 * <p>Every {@code --trigger-every}-th message (by default N/20) is a "trigger": its time from
 * {@code send()} to its DELIVERED event is recorded, giving the latency of a single urgent
 * message sent while the batch drains. Trigger messages are counted within N.
 */
public final class LoadDriver {

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    public static void main(String[] argv) throws Exception {
        Options options;
        try {
            options = Options.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadDriver: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new LoadDriver(options).run());
    }

    private final Options o;

    private LoadDriver(Options options) {
        this.o = options;
    }

    private int run() throws Exception {
        DkimKey key = dkimKey();
        String body = BenchData.body(o.size);
        warmUp(key, body);

        String toLocal = o.to.substring(0, o.to.lastIndexOf('@'));
        String toDomain = o.to.substring(o.to.lastIndexOf('@') + 1);
        String[] recipients = new String[o.domains];
        for (int d = 0; d < o.domains; d++) {
            recipients[d] = o.domains == 1 ? o.to : toLocal + "@d" + d + "." + toDomain;
        }

        int n = o.messages;
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger deferred = new AtomicInteger();
        AtomicInteger bounced = new AtomicInteger();
        AtomicReference<String> lastProblem = new AtomicReference<>();
        Map<String, Long> deliveredAt = new ConcurrentHashMap<>(n * 2);
        CountDownLatch outcomes = new CountDownLatch(n);
        Map<String, DeliveryStatus> outcome = new ConcurrentHashMap<>(n * 2);

        int workers = o.workers > 0 ? o.workers : o.maxConnections;
        // Every delivery worker and every caller may want a connection at once; PostgreSQL allows 100 by default.
        int connections = o.postgresPool > 0 ? o.postgresPool : Math.min(64, workers + o.sessions + 4);
        PostgresQueue postgres = o.store.equals("postgres") ? PostgresQueue.open(o.postgresUrl, o.postgresUser, connections) : null;
        Path dataDirectory = Files.createTempDirectory("directmail-bench");
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            String mx = "mx." + toDomain;
            for (int d = 0; d < o.domains; d++) {
                dns.mx(recipients[d].substring(recipients[d].indexOf('@') + 1), 10, mx);
            }
            dns.a(mx, o.host);
            dns.start();

            SmtpSettings smtp = SmtpSettings.newBuilder()
                    .port(o.port)
                    .tlsPolicy(TlsPolicy.DISABLED)
                    .heloName("bench.example")
                    .maxConnectionsPerHost(o.maxConnections)
                    .maxMessagesPerConnection(o.messagesPerConnection)
                    .connectTimeout(Duration.ofSeconds(10))
                    .allReplyTimeouts(Duration.ofSeconds(Math.max(5, Math.min(60, o.timeoutSeconds))))
                    .poolWaitTimeout(Duration.ofSeconds(Math.max(5, o.timeoutSeconds)))
                    .build();
            // Postfix in the harness may open 100 connections per destination and has no rate limit;
            // the sink never throttles. Give the direct-to-MX transport the same room.
            DestinationLimits unthrottled = DestinationLimits.defaults()
                    .withMaxConnectionsPerDomain(o.maxConnections)
                    .withMaxConnectionsPerHost(o.maxConnections)
                    .withMaxMessagesPerConnection(o.messagesPerConnection)
                    .withMaxMessagesPerSecond(1_000_000)
                    .withBurst(1_000_000);
            DirectMail.Builder builder = DirectMail.newBuilder()
                    .smtp(smtp)
                    .destinationLimits(unthrottled)
                    .deliveryConcurrency(workers)
                    .closeTimeout(Duration.ofSeconds(2))
                    .listener(event -> {
                        AtomicInteger counter = switch (event.type()) {
                            case DELIVERED -> delivered;
                            case DEFERRED -> deferred;
                            case QUEUED -> null;
                            // BOUNCED, and any other final failure a newer engine reports (expired, suppressed)
                            default -> event.type().isTerminal() ? bounced : null;
                        };
                        if (counter == null) {
                            return;
                        }
                        if (event.type() == DeliveryStatus.DELIVERED) {
                            deliveredAt.put(event.messageId(), System.nanoTime());
                        } else {
                            lastProblem.set(describe(event));
                        }
                        // one recipient per message: its latest outcome counts, and its first ends the wait for it
                        DeliveryStatus before = outcome.put(event.messageId(), event.type());
                        if (before == DeliveryStatus.DEFERRED) {
                            deferred.decrementAndGet();
                        } else if (before != null) {
                            (before == DeliveryStatus.DELIVERED ? delivered : bounced).decrementAndGet();
                        }
                        counter.incrementAndGet();
                        if (before == null) {
                            outcomes.countDown();
                        }
                    });
            if (o.transport.equals("relay")) {
                builder.transport("smtp://" + hostForUri(o.host) + ":" + o.port + "?tls=disabled");
            } else {
                builder.dns(DnsSettings.newBuilder().nameserver(dns.address()).ipv6(false)
                        .timeout(Duration.ofSeconds(2)).build());
            }
            if (key != null) {
                builder.dkimKey(key);
            }
            if (o.store.equals("embedded")) {
                // The durable path an application gets with a data directory: send() returns after the fsync.
                builder.dataDirectory(dataDirectory);
            } else if (postgres != null) {
                // The shared queue of several nodes: send() returns after the commit.
                builder.store(postgres.store());
                // Without the URL's parameters: a JDBC URL may carry the password there.
                System.err.println("LoadDriver: PostgreSQL store in schema " + postgres.schema() + " at "
                        + o.postgresUrl.replaceFirst("\\?.*$", "") + ", "
                        + connections + " connections");
            }

            ProcessMetrics metrics = new ProcessMetrics();
            long[] sendStartedAt = new long[n];
            String[] messageIds = new String[n];
            AtomicInteger next = new AtomicInteger();
            AtomicLong sendFailures = new AtomicLong();
            try (DirectMail directMail = builder.build()) {
                metrics.reset();
                long start = System.nanoTime();
                long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds);
                emit("{\"event\":\"start\"}");
                List<Thread> callers = new ArrayList<>(o.sessions);
                for (int s = 0; s < o.sessions; s++) {
                    callers.add(Thread.ofVirtual().name("caller-" + s).start(() -> {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            boolean trigger = isTrigger(i);
                            Mail mail = Mail.newBuilder()
                                    .from(o.from)
                                    .addTo(recipients[i % recipients.length])
                                    .subject((trigger ? "Trigger " : "Message ") + i)
                                    .text(body)
                                    .type(trigger ? MailType.TRIGGER : MailType.BATCH)
                                    .build();
                            sendStartedAt[i] = System.nanoTime();
                            try {
                                messageIds[i] = directMail.send(mail).messageId();
                            } catch (RuntimeException e) {
                                sendFailures.incrementAndGet();
                                lastProblem.set("send() threw " + e);
                                outcomes.countDown();
                            }
                        }
                    }));
                }
                boolean allAccepted = true;
                for (Thread caller : callers) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !caller.join(Duration.ofNanos(left))) {
                        allAccepted = false;
                        break;
                    }
                }
                long acceptedAt = System.nanoTime();
                int accepted = (int) Math.min(n, Arrays.stream(messageIds).filter(id -> id != null).count());
                emit("{\"event\":\"accepted\",\"messages\":" + accepted
                        + ",\"seconds\":" + seconds(acceptedAt - start)
                        + ",\"msgs_per_s\":" + perSecond(accepted, acceptedAt - start) + "}");

                boolean allDone = allAccepted
                        && outcomes.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                long doneAt = System.nanoTime();
                double cpu = metrics.cpuSeconds();
                List<Long> triggerLatencies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (isTrigger(i) && messageIds[i] != null) {
                        Long at = deliveredAt.get(messageIds[i]);
                        if (at != null) {
                            triggerLatencies.add(at - sendStartedAt[i]);
                        }
                    }
                }
                triggerLatencies.sort(null);
                int failed = bounced.get() + (int) sendFailures.get();
                StringBuilder done = new StringBuilder("{\"event\":\"done\"")
                        .append(",\"complete\":").append(allDone)
                        .append(",\"messages\":").append(n)
                        .append(",\"delivered\":").append(delivered.get())
                        .append(",\"failed\":").append(failed)
                        .append(",\"deferred\":").append(deferred.get())
                        .append(",\"seconds\":").append(seconds(doneAt - start))
                        .append(",\"delivered_per_s\":").append(perSecond(delivered.get(), doneAt - start))
                        .append(",\"accepted_per_s\":").append(perSecond(accepted, acceptedAt - start))
                        .append(",\"cpu_seconds\":").append(round(cpu))
                        .append(",\"cpu_ms_per_msg\":").append(round(cpu * 1000 / n))
                        .append(",\"cpu_seconds_by_thread_kind\":").append(jsonObject(metrics.cpuSecondsByThreadKind()))
                        .append(",\"cpu_seconds_process\":").append(round(metrics.processCpuSeconds()))
                        .append(",\"heap_peak_bytes\":").append(metrics.heapPeakBytes())
                        .append(",\"heap_after_gc_peak_bytes\":").append(metrics.heapAfterGcPeakBytes())
                        .append(",\"rss_peak_bytes\":").append(ProcessMetrics.rssPeakBytes())
                        .append(",\"gc_count\":").append(metrics.gcCount())
                        .append(",\"gc_ms\":").append(metrics.gcMillis())
                        .append(",\"signer\":\"").append(signerName(key)).append('"')
                        .append(",\"transport\":\"").append(o.transport).append('"')
                        .append(",\"domains\":").append(o.domains)
                        .append(",\"sessions\":").append(o.sessions)
                        .append(",\"max_connections\":").append(o.maxConnections)
                        .append(",\"body_bytes\":").append(o.size)
                        .append(",\"trigger_every\":").append(triggerEvery())
                        .append(",\"trigger_count\":").append(triggerLatencies.size())
                        .append(",\"trigger_latency_p50_ms\":").append(percentileMillis(triggerLatencies, 50))
                        .append(",\"trigger_latency_p99_ms\":").append(percentileMillis(triggerLatencies, 99))
                        .append(",\"trigger_latency_max_ms\":").append(percentileMillis(triggerLatencies, 100));
                if (lastProblem.get() != null) {
                    done.append(",\"last_problem\":\"").append(json(lastProblem.get())).append('"');
                }
                emit(done.append('}').toString());
                if (!allDone) {
                    System.err.println("LoadDriver: timed out after " + o.timeoutSeconds + " s with "
                            + (n - outcomes.getCount()) + " of " + n + " outcomes");
                    return 1;
                }
                // the sink may exit before it answers its last message(s): a few deferrals at the end are its doing
                int tolerated = Math.max(3, n / 1000);
                if (failed + deferred.get() > tolerated) {
                    System.err.println("LoadDriver: " + failed + " failed and " + deferred.get()
                            + " deferred (more than the " + tolerated + " tolerated); last: " + lastProblem.get());
                    return 2;
                }
                return 0;
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                BenchData.deleteTree(dataDirectory);
            }
        }
    }

    private boolean isTrigger(int i) {
        int every = triggerEvery();
        return every > 0 && i % every == every / 2;
    }

    private int triggerEvery() {
        return o.triggerEvery >= 0 ? o.triggerEvery : Math.max(1, o.messages / 20);
    }

    /** Runs the admission path (compose, sign, queue) on {@code memory:} so that the JIT has compiled it; nothing reaches the sink. */
    private void warmUp(DkimKey key, String body) throws InterruptedException {
        if (o.warmup <= 0) {
            return;
        }
        InMemoryTransport memory = new InMemoryTransport();
        DirectMail.Builder builder = DirectMail.newBuilder().transport(memory);
        if (key != null) {
            builder.dkimKey(key);
        }
        try (DirectMail directMail = builder.build()) {
            for (int i = 0; i < o.warmup; i++) {
                directMail.send(Mail.newBuilder().from(o.from).addTo(o.to).subject("Warm-up " + i).text(body).build());
                if (i % 1000 == 999 || i == o.warmup - 1) {
                    // wait for this thousand to be delivered, then forget them (kept messages would fill the heap)
                    memory.awaitMessages(i % 1000 + 1, Duration.ofSeconds(30));
                    memory.clear();
                }
            }
        }
    }

    private DkimKey dkimKey() {
        String domain = o.from.substring(o.from.lastIndexOf('@') + 1);
        return switch (o.dkim) {
            case "none" -> null;
            case "rsa" -> DkimKey.generate(DkimAlgorithm.RSA_SHA256, domain, "bench");
            case "ed25519" -> DkimKey.generate(DkimAlgorithm.ED25519_SHA256, domain, "bench");
            default -> throw new IllegalArgumentException("--dkim must be none, rsa or ed25519");
        };
    }

    /** Names the signature implementation the library uses for the key (see io.directmail.internal.dkim). */
    private static String signerName(DkimKey key) {
        if (key == null) {
            return "none";
        }
        return switch (key.algorithm()) {
            case RSA_SHA256 -> "rsa-sha256 (JDK SHA256withRSA, 2048 bits)";
            case ED25519_SHA256 -> "ed25519-sha256 (Bouncy Castle Ed25519)";
        };
    }

    private static String describe(DeliveryEvent event) {
        return event.type() + " " + event.recipient().address() + ": " + event.detail();
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static synchronized void emit(String line) {
        OUT.println(line);
        OUT.flush();
    }

    private static String percentileMillis(List<Long> sortedNanos, int percentile) {
        if (sortedNanos.isEmpty()) {
            return "null";
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.size()) - 1;
        return round(sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, index))) / 1e6);
    }

    private static String seconds(long nanos) {
        return round(nanos / 1e9);
    }

    private static String perSecond(long count, long nanos) {
        return nanos <= 0 ? "null" : String.valueOf(Math.round(count / (nanos / 1e9)));
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    private static String jsonObject(Map<String, Double> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(json(name))
                .append("\":").append(round(value)));
        return out.append('}').toString();
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The command line; every option the harness passes is required, the others have defaults. */
    record Options(String host, int port, int messages, int size, int sessions, int maxConnections, String from,
            String to, int timeoutSeconds, String dkim, String transport, int domains, int triggerEvery, int warmup,
            int workers, int messagesPerConnection, String store, String postgresUrl, String postgresUser, int postgresPool) {

        static final String USAGE = """
                usage: LoadDriver --host H --port P --messages N --size BYTES --sessions S --max-connections C
                                  --from SENDER --to RECIPIENT --timeout-seconds T
                                  [--dkim none|rsa|ed25519] [--transport mx|relay] [--domains 10]
                                  [--trigger-every N/20 (0: none)] [--warmup 2000] [--workers C]
                                  [--messages-per-connection 100] [--store embedded|memory|postgres]
                                  [--postgres-url jdbc:postgresql://127.0.0.1:5432/test] [--postgres-user postgres]
                                  [--postgres-pool min(64, workers + sessions + 4)]""";

        static Options parse(String[] argv) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            for (int i = 0; i < argv.length; i++) {
                String name = argv[i];
                if (!name.startsWith("--") || i + 1 >= argv.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + name + "'");
                }
                values.put(name.substring(2), argv[++i]);
            }
            List<String> known = List.of("host", "port", "messages", "size", "sessions", "max-connections", "from", "to",
                    "timeout-seconds", "dkim", "transport", "domains", "trigger-every", "warmup", "workers",
                    "messages-per-connection", "store", "postgres-url", "postgres-user", "postgres-pool");
            for (String name : values.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            Options options = new Options(required(values, "host"), number(values, "port", null),
                    number(values, "messages", null), number(values, "size", null), number(values, "sessions", null),
                    number(values, "max-connections", null), required(values, "from"), required(values, "to"),
                    number(values, "timeout-seconds", null), values.getOrDefault("dkim", "none"),
                    values.getOrDefault("transport", "mx"), number(values, "domains", 10),
                    number(values, "trigger-every", -1), number(values, "warmup", 2000), number(values, "workers", 0),
                    number(values, "messages-per-connection", 100), values.getOrDefault("store", "embedded"),
                    values.getOrDefault("postgres-url", "jdbc:postgresql://127.0.0.1:5432/test"),
                    values.getOrDefault("postgres-user", "postgres"), number(values, "postgres-pool", 0));
            if (!List.of("none", "rsa", "ed25519").contains(options.dkim)) {
                throw new IllegalArgumentException("--dkim must be none, rsa or ed25519");
            }
            if (!List.of("embedded", "memory", "postgres").contains(options.store)) {
                throw new IllegalArgumentException("--store must be embedded, memory or postgres");
            }
            if (!List.of("mx", "relay").contains(options.transport)) {
                throw new IllegalArgumentException("--transport must be mx or relay");
            }
            if (options.messages < 1 || options.sessions < 1 || options.maxConnections < 1 || options.domains < 1
                    || options.timeoutSeconds < 1 || options.size < 2) {
                throw new IllegalArgumentException("--messages, --sessions, --max-connections, --domains and"
                        + " --timeout-seconds must be positive and --size at least 2");
            }
            if (options.from.indexOf('@') < 1 || options.to.indexOf('@') < 1) {
                throw new IllegalArgumentException("--from and --to must be addresses");
            }
            return options;
        }

        private static String required(java.util.Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        private static int number(java.util.Map<String, String> values, String name, Integer fallback) {
            String value = values.get(name);
            if (value == null) {
                if (fallback == null) {
                    throw new IllegalArgumentException("--" + name + " is required");
                }
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'", e);
            }
        }
    }

    static {
        // the library logs through slf4j-simple to stderr; keep stdout for the protocol lines
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
