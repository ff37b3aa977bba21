package io.directmail.bench;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.Transport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many messages the queue holds in a bounded heap: queues up to {@code --messages}
 * (1,000,000 by default) text messages of {@code --size} body bytes, sent by {@code --callers}
 * concurrent callers (16) into the embedded store in a temporary directory ({@code --store memory}
 * for the in-memory store, which keeps bodies in the heap; {@code --fsync false} to fill it
 * faster), against a transport that
 * never finishes a delivery (each delivery worker blocks in it), and every {@code --every}
 * messages forces a collection and reports the heap in use per queued message. It stops at
 * {@code --messages}, when the heap after a collection passes {@code --heap-budget-mb} (80 % of
 * the maximum heap unless set), on {@link OutOfMemoryError}, or after {@code --timeout-seconds}.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.directmail.bench.QueuedHeapProbe --messages 1000000 --size 2048
 * </pre>
 *
 * <p>With {@code --transport discard} every message is delivered at once (to a transport that
 * drops it) and each checkpoint first waits for the deliveries: then the figure is what the
 * engine keeps of messages that are already delivered.
 *
 * <p>Prints one JSON object per line: a {@code checkpoint} per step and a final {@code done}
 * with {@code queued}, {@code heap_bytes_per_message}, {@code heap_peak_bytes} and
 * {@code rss_peak_bytes}. Exits 0 when all messages were queued, 1 when it stopped short.
 */
public final class QueuedHeapProbe {

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    /** A transport whose deliveries wait until it is closed, so that everything admitted stays queued. */
    private static final class PausedTransport implements Transport {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public List<RecipientOutcome> deliver(OutboundMessage message) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return message.recipients().stream()
                    .map(r -> RecipientOutcome.temporary(r, null, "the probe's transport never delivers"))
                    .toList();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    public static void main(String[] argv) throws InterruptedException {
        java.util.Map<String, String> args = new java.util.HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                System.err.println("usage: QueuedHeapProbe [--messages 1000000] [--size 2048] [--every 100000]"
                        + " [--heap-budget-mb M] [--dkim none|ed25519|rsa] [--transport paused|discard]"
                        + " [--store embedded|memory] [--fsync true|false] [--callers 16] [--timeout-seconds 600]");
                System.exit(2);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        int messages = Integer.parseInt(args.getOrDefault("messages", "1000000"));
        int size = Integer.parseInt(args.getOrDefault("size", "2048"));
        int every = Integer.parseInt(args.getOrDefault("every", "100000"));
        String dkim = args.getOrDefault("dkim", "none");
        long timeoutNanos = Duration.ofSeconds(Long.parseLong(args.getOrDefault("timeout-seconds", "600"))).toNanos();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long maxHeap = memory.getHeapMemoryUsage().getMax();
        long budget = args.containsKey("heap-budget-mb")
                ? Long.parseLong(args.get("heap-budget-mb")) * 1024 * 1024 : maxHeap / 10 * 8;

        String transportName = args.getOrDefault("transport", "paused");
        Transport transport = switch (transportName) {
            case "paused" -> new PausedTransport();
            case "discard" -> new DiscardingTransport();
            default -> throw new IllegalArgumentException("--transport must be paused or discard");
        };
        Semaphore delivered = new Semaphore(0);
        String storeName = args.getOrDefault("store", "embedded");
        boolean fsync = Boolean.parseBoolean(args.getOrDefault("fsync", "true"));
        int callers = Integer.parseInt(args.getOrDefault("callers", "16"));
        Path dataDirectory;
        MailStore store = switch (storeName) {
            case "embedded" -> {
                try {
                    dataDirectory = Files.createTempDirectory("queued-heap-probe");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield MailStore.embedded(dataDirectory, StoreOptions.defaults().withFsync(fsync));
            }
            case "memory" -> {
                dataDirectory = null;
                yield MailStore.inMemory();
            }
            default -> throw new IllegalArgumentException("--store must be embedded or memory");
        };
        DirectMail.Builder builder = DirectMail.newBuilder().transport(transport).store(store).closeTimeout(Duration.ZERO)
                .listener(event -> {
                    if (event.type() == DeliveryStatus.DELIVERED) {
                        delivered.release();
                    }
                });
        switch (dkim) {
            case "none" -> { }
            case "ed25519" -> builder.dkimKey(DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "probe"));
            case "rsa" -> builder.dkimKey(DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "probe"));
            default -> throw new IllegalArgumentException("--dkim must be none, ed25519 or rsa");
        }
        String body = BenchData.body(size);
        ProcessMetrics metrics = new ProcessMetrics();
        int queued = 0;
        int awaited = 0;
        String stopped = "all queued";
        long baseline;
        long perMessage = 0;
        long start = System.nanoTime();
        try (DirectMail directMail = builder.build()) {
            baseline = heapAfterGc(memory);
            metrics.reset();
            try {
                while (queued < messages) {
                    int chunk = Math.min(every, messages - queued);
                    sendChunk(directMail, queued, chunk, callers, body);
                    queued += chunk;
                    if (transport instanceof DiscardingTransport) {
                        // wait for the deliveries since the last checkpoint
                        delivered.tryAcquire(queued - awaited, Math.max(0, start + timeoutNanos - System.nanoTime()),
                                TimeUnit.NANOSECONDS);
                        awaited = queued;
                    }
                    long used = heapAfterGc(memory);
                    perMessage = (used - baseline) / queued;
                    OUT.printf(Locale.ROOT, "{\"event\":\"checkpoint\",\"queued\":%d,\"heap_used_after_gc_bytes\":%d,"
                                    + "\"heap_bytes_per_message\":%d,\"rss_bytes\":%d,\"seconds\":%.1f}%n",
                            queued, used, perMessage, ProcessMetrics.rssBytes(), (System.nanoTime() - start) / 1e9);
                    if (used > budget && queued < messages) {
                        stopped = "heap after GC passed the budget of " + budget + " bytes";
                        break;
                    }
                    if (System.nanoTime() - start > timeoutNanos) {
                        stopped = "timeout";
                        break;
                    }
                }
            } catch (OutOfMemoryError e) {
                stopped = "OutOfMemoryError: " + e.getMessage();
            }
            OUT.printf(Locale.ROOT, "{\"event\":\"done\",\"target\":%d,\"queued\":%d,\"stopped\":\"%s\",\"body_bytes\":%d,"
                            + "\"dkim\":\"%s\",\"transport\":\"%s\",\"store\":\"%s\",\"heap_max_bytes\":%d,\"heap_budget_bytes\":%d,\"heap_baseline_bytes\":%d,"
                            + "\"heap_bytes_per_message\":%d,\"heap_peak_bytes\":%d,\"rss_peak_bytes\":%d,"
                            + "\"projected_heap_for_target_bytes\":%d,\"seconds\":%.1f}%n",
                    messages, queued, LoadDriver.json(stopped), size, dkim, transportName, storeName, maxHeap, budget, baseline, perMessage,
                    metrics.heapPeakBytes(), ProcessMetrics.rssPeakBytes(), baseline + perMessage * (long) messages,
                    (System.nanoTime() - start) / 1e9);
        }
        store.close();
        if (dataDirectory != null) {
            deleteTree(dataDirectory);
        }
        System.exit(queued == messages ? 0 : 1);
    }

    /** Sends messages {@code first} to {@code first + count - 1} from {@code callers} virtual threads. */
    private static void sendChunk(DirectMail directMail, int first, int count, int callers, String body)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger(first);
        int end = first + count;
        List<Thread> threads = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int c = 0; c < callers; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                int n;
                while ((n = next.getAndIncrement()) < end && failure.get() == null) {
                    try {
                        directMail.send(Mail.newBuilder()
                                .from("bench@example.com")
                                .addTo("rcpt" + (n % 1000) + "@d" + (n % 10) + ".example.net")
                                .subject("Queued " + n)
                                .text(body)
                                .build());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void deleteTree(Path root) {
        try {
            BenchData.deleteTree(root);
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
