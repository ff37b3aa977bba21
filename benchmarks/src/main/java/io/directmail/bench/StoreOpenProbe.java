package io.directmail.bench;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.internal.store.embedded.EmbeddedMailStore;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.transport.SmtpReply;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How long the embedded store takes to open with a long queue. Two steps, each its own JVM so
 * that an open is measured as a process start meets it:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.directmail.bench.StoreOpenProbe fill --directory /var/tmp/q --messages 1000000
 * java -Xmx400m -cp benchmarks/target/benchmarks.jar io.directmail.bench.StoreOpenProbe open --directory /var/tmp/q
 * </pre>
 *
 * <p>{@code fill} stores {@code --messages} pending messages of {@code --size} content bytes
 * (2048) in an empty directory, from {@code --callers} (16) concurrent callers without fsync, and
 * records one deferred attempt (a STATE record) for every {@code --deferred-every}-th message (0,
 * none). {@code open} opens the store once and closes it. Each prints one JSON object: {@code
 * open} has the milliseconds the open took (wall clock; CPU of the whole process, collections and
 * compilation included; and in collections), the bytes the process read meanwhile ({@code rchar}
 * and {@code read_bytes} of {@code /proc/self/io}: through read calls, and from the disk) and
 * the heap in use after a collection once open. For a cold open, drop the store's pages from the
 * page cache first (for example {@code dd if=FILE iflag=nocache count=0} for each file, after
 * {@code sync}).
 */
public final class StoreOpenProbe {

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private static final String USAGE = "usage: StoreOpenProbe fill|open --directory DIR [--messages 1000000]"
            + " [--size 2048] [--deferred-every 0] [--callers 16]";

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private StoreOpenProbe() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv.length % 2 == 0) {
            usage();
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                usage();
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        if (!args.containsKey("directory")) {
            usage();
        }
        Path directory = Path.of(args.get("directory"));
        switch (argv[0]) {
            case "fill" -> fill(directory, Integer.parseInt(args.getOrDefault("messages", "1000000")),
                    Integer.parseInt(args.getOrDefault("size", "2048")),
                    Integer.parseInt(args.getOrDefault("deferred-every", "0")),
                    Integer.parseInt(args.getOrDefault("callers", "16")));
            case "open" -> open(directory);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }

    private static void fill(Path directory, int messages, int size, int deferredEvery, int callers) throws Exception {
        if (Files.exists(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(directory + " is not empty");
                }
            }
        }
        byte[] content = BenchData.body(size).getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (MailStore store = MailStore.embedded(directory, StoreOptions.defaults().withFsync(false))) {
            Instant base = Instant.now();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < messages && failure.get() == null) {
                        try {
                            store(store, n, base, content, deferredEvery > 0 && n % deferredEvery == 0);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        OUT.printf(Locale.ROOT, "{\"event\":\"filled\",\"messages\":%d,\"content_bytes\":%d,\"deferred_every\":%d,"
                + "\"disk_bytes\":%d,\"seconds\":%.1f}%n", messages, size, deferredEvery, diskBytes(directory),
                (System.nanoTime() - start) / 1e9);
    }

    /** Stores message {@code n}, queued; with a deferred first attempt if asked. */
    private static void store(MailStore store, int n, Instant base, byte[] content, boolean deferred) {
        Instant accepted = base.plusMillis(n);
        EmailAddress recipient = new EmailAddress("rcpt" + (n % 1000), "d" + (n % 10) + ".example.net");
        StoredMessage message = new StoredMessage(String.format(Locale.ROOT, "probe-%010d", n), accepted,
                new EmailAddress("bounces", "example.com"),
                List.of(new RecipientStatus(recipient, DeliveryStatus.QUEUED, 0, null, null, "queued", accepted)),
                null, "probe", null, content.length, false, false, n % 4 == 0 ? MailType.BATCH : MailType.TRIGGER, null);
        store.add(message, content, null);
        if (deferred) {
            Instant tried = accepted.plusSeconds(1);
            RecipientStatus deferral = new RecipientStatus(recipient, DeliveryStatus.DEFERRED, 1,
                    new SmtpReply(451, "4.7.1", "try again later"), "mx.example.net", "greylisted", tried);
            store.update(message.withProgress(List.of(deferral), tried.plus(Duration.ofMinutes(5))));
        }
    }

    private static void open(Path directory) throws IOException {
        if (!Files.isDirectory(directory.resolve("queue"))) {
            throw new IllegalArgumentException(directory + " holds no store");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = heapAfterGc(memory);
        Map<String, Long> ioBefore = processIo();
        long cpuBefore = OS.getProcessCpuTime();
        long gcBefore = gcMillis();
        long start = System.nanoTime();
        try (MailStore store = MailStore.embedded(directory, StoreOptions.defaults().withFsync(false))) {
            long nanos = System.nanoTime() - start;
            long cpu = OS.getProcessCpuTime() - cpuBefore;
            long gc = gcMillis() - gcBefore;
            Map<String, Long> ioAfter = processIo();
            long heap = heapAfterGc(memory);
            OUT.printf(Locale.ROOT, "{\"event\":\"open\",\"millis\":%d,\"cpu_millis\":%d,\"gc_millis\":%d,"
                            + "\"rchar\":%d,\"read_bytes\":%d,"
                            + "\"heap_after_gc_bytes\":%d,\"heap_baseline_bytes\":%d,\"heap_max_bytes\":%d,"
                            + "\"disk_bytes\":%d,\"messages\":%d}%n",
                    nanos / 1_000_000, cpu / 1_000_000, gc, delta(ioBefore, ioAfter, "rchar"),
                    delta(ioBefore, ioAfter, "read_bytes"), heap, baseline, memory.getHeapMemoryUsage().getMax(),
                    diskBytes(directory), ((EmbeddedMailStore) store).size());
        }
    }

    /** {@return the milliseconds every collector of this JVM has taken so far} */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
        Long a = before.get(key);
        Long b = after.get(key);
        return a == null || b == null ? -1 : b - a;
    }

    /** The counters of {@code /proc/self/io}, or none where there is no such file. */
    private static Map<String, Long> processIo() {
        Map<String, Long> counters = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    counters.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            counters.clear();
        }
        return counters;
    }

    private static long diskBytes(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
