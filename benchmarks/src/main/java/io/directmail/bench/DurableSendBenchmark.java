package io.directmail.bench;

import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.Receipt;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.store.embedded.EmbeddedMailStore;
import io.directmail.internal.store.journal.JournalMetrics;
import io.directmail.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable {@code DirectMail.send()} on the embedded store with fsync on, by 1, 16 and 256
 * concurrent callers: each operation returns only once the message is on stable storage, and
 * the delivery workers hand every message at once to a transport that drops it, so each message
 * also has its final state stored (two journal records per message, as in production). The
 * target: with 256 callers at least 20 times the single caller's figure and 20,000 messages/s
 * of 2 KB without DKIM. At the end of each trial the journal's counters are printed, with the
 * fsyncs per message. The store lives in a temporary directory (set {@code -Djava.io.tmpdir} to
 * measure another disk).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class DurableSendBenchmark {

    @Param({"none", "ed25519"})
    public String dkim;

    @Param("2048")
    public int size;

    private Path dir;
    private EmbeddedMailStore store;
    private DirectMail directMail;
    private Mail mail;
    private long sentBefore;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("durable-send-bench");
        store = EmbeddedMailStore.open(dir, StoreOptions.defaults());
        DirectMail.Builder builder = DirectMail.newBuilder().transport(new DiscardingTransport()).store(store);
        switch (dkim) {
            case "none" -> { }
            case "ed25519" -> builder.dkimKey(DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "bench"));
            default -> throw new IllegalArgumentException("dkim must be none or ed25519, was " + dkim);
        }
        directMail = builder.build();
        mail = BenchData.plain("orders@example.com", "alice@example.org", size, "Your receipt");
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        directMail.close();
        JournalMetrics metrics = store.journalMetrics();
        long messages = store.size();
        System.out.printf("%n%s messages=%d fsyncs/message=%.4f%n", metrics, messages,
                messages == 0 ? 0.0 : (double) metrics.fsyncs() / messages);
        store.close();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    @Threads(1)
    public Receipt send_1_caller() {
        return directMail.send(mail);
    }

    @Benchmark
    @Threads(16)
    public Receipt send_16_callers() {
        return directMail.send(mail);
    }

    @Benchmark
    @Threads(256)
    public Receipt send_256_callers() {
        return directMail.send(mail);
    }
}
