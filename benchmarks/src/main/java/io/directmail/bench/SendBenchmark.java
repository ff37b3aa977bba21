package io.directmail.bench;

import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.Receipt;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.transport.InMemoryTransport;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code DirectMail.send()} end to end into an in-memory transport: admission, composition, DKIM
 * signing and queueing, with the delivery workers handing each message to the transport in the
 * background (their CPU is part of the score, as it would be in an application). The mail is
 * built once; {@link ComposeBenchmark#build} measures building it.
 *
 * <p>The transport is an {@link InMemoryTransport} instance (what {@code memory:} creates),
 * emptied after every iteration so that the kept messages do not fill the heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx2g")
public class SendBenchmark {

    @Param({"none", "ed25519", "rsa"})
    public String dkim;

    @Param({"2048"})
    public int size;

    private InMemoryTransport transport;
    private DirectMail directMail;
    private Mail mail;

    @Setup(Level.Trial)
    public void start() {
        transport = new InMemoryTransport();
        DirectMail.Builder builder = DirectMail.newBuilder().transport(transport);
        switch (dkim) {
            case "none" -> { }
            case "ed25519" -> builder.dkimKey(DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "bench"));
            case "rsa" -> builder.dkimKey(DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "bench"));
            default -> throw new IllegalArgumentException("dkim must be none, ed25519 or rsa, was " + dkim);
        }
        directMail = builder.build();
        mail = BenchData.textAndHtml("orders@example.com", "alice@example.org", size);
    }

    @TearDown(Level.Iteration)
    public void forget() {
        transport.clear();
    }

    @TearDown(Level.Trial)
    public void stop() {
        directMail.close();
    }

    @Benchmark
    public Receipt send() {
        return directMail.send(mail);
    }
}
