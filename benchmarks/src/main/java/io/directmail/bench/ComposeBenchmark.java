package io.directmail.bench;

import io.directmail.Mail;
import io.directmail.internal.compose.ComposedMessage;
import io.directmail.internal.compose.MimeComposer;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Building a text + HTML mail and composing it as MIME with the internal composer (reached on the
 * class path; it is not API). {@code size} is the text and HTML together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class ComposeBenchmark {

    @Param({"2048", "20480"})
    public int size;

    private final MimeComposer composer = new MimeComposer();
    private final Instant date = Instant.parse("2026-11-26T08:00:00Z");
    private Mail mail;
    private String text;
    private String html;

    @Setup
    public void setUp() {
        mail = BenchData.textAndHtml("orders@example.com", "alice@example.org", size);
        text = mail.text().orElseThrow();
        html = mail.html().orElseThrow();
    }

    /** Validation of a mail by its builder (addresses, subject, parts). */
    @Benchmark
    public Mail build() {
        return Mail.newBuilder()
                .from("orders@example.com", "Example Shop")
                .addTo("alice@example.org")
                .subject("Your order 12345 has shipped")
                .text(text)
                .html(html)
                .build();
    }

    /** MIME composition of an already built mail: headers, multipart/alternative, both parts. */
    @Benchmark
    public ComposedMessage compose() {
        return composer.compose(mail, "0123456789abcdef@example.com", date, ZoneOffset.UTC);
    }
}
