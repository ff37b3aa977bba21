package io.directmail.bench;

import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.compose.MimeComposer;
import io.directmail.internal.dkim.DkimSigner;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DKIM-signing one composed text + HTML message with the library's signer: header
 * canonicalization, body hash ({@code bh=}) and the signature itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class DkimBenchmark {

    @Param({"ED25519_SHA256", "RSA_SHA256"})
    public DkimAlgorithm algorithm;

    @Param({"2048", "20480"})
    public int size;

    private final Instant now = Instant.parse("2026-11-26T08:00:00Z");
    private DkimSigner signer;
    private byte[] message;

    @Setup
    public void setUp() {
        signer = new DkimSigner(List.of(DkimKey.generate(algorithm, "example.com", "bench")));
        message = new MimeComposer()
                .compose(BenchData.textAndHtml("orders@example.com", "alice@example.org", size),
                        "0123456789abcdef@example.com", now, ZoneOffset.UTC)
                .content();
    }

    @Benchmark
    public byte[] sign() {
        return signer.sign(message, now);
    }
}
