package io.directmail.bench;

import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Durable appends to the journal by 1, 16 and 256 concurrent callers: with {@code fsync=true}
 * group commit should let many callers share one fsync (the target is 20,000 appends/s of 2 KB
 * with 256 callers). At the end of each trial the journal's counters are printed, with the
 * fsyncs per record that group commit reached. The journal lives in a temporary directory (set
 * {@code -Djava.io.tmpdir} to measure another disk).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class JournalAppendBenchmark {

    @Param({"true", "false"})
    public boolean fsync;

    @Param("2048")
    public int recordBytes;

    private Path dir;
    private Journal journal;
    private byte[] payload;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("journal-bench");
        journal = Journal.open(dir, JournalOptions.defaults().withFsync(fsync));
        payload = new byte[recordBytes];
        new Random(1).nextBytes(payload);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        System.out.printf("%n%s fsyncs/record=%.4f%n", journal.metrics(), journal.metrics().fsyncsPerRecord());
        journal.close();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    @Threads(1)
    public void append_1_caller(Blackhole bh) {
        bh.consume(journal.append((byte) 1, payload));
    }

    @Benchmark
    @Threads(16)
    public void append_16_callers(Blackhole bh) {
        bh.consume(journal.append((byte) 1, payload));
    }

    @Benchmark
    @Threads(256)
    public void append_256_callers(Blackhole bh) {
        bh.consume(journal.append((byte) 1, payload));
    }
}
