package io.directmail;

import io.directmail.testsupport.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a data directory, what was accepted survives a restart: pending mail, statuses, idempotency keys. */
class RestartTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(START);

    private static Mail mail() {
        return Mail.newBuilder().from("news@example.com").addTo("alice@example.org").subject("Hello").text("Hi")
                .idempotencyKey("welcome-alice").build();
    }

    @Test
    void aDeferredMessageIsDeliveredByTheNextProcess_withTheSameMessageId() throws Exception {
        RecordingListener firstListener = new RecordingListener();
        Transport busy = message -> message.recipients().stream()
                .map(r -> RecipientOutcome.fromReply(r, SmtpReply.parse(451, "4.3.0 try later"), "mx.example.org")).toList();
        Receipt receipt;
        try (DirectMail first = DirectMail.newBuilder().dataDirectory(dir).transport(busy).clock(clock)
                .listener(firstListener).schedulerTick(Duration.ofMillis(5)).build()) {
            receipt = first.send(mail());
            assertThat(firstListener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DEFERRED);
        }

        clock.advance(Duration.ofMinutes(5));
        InMemoryTransport memory = new InMemoryTransport();
        RecordingListener secondListener = new RecordingListener();
        try (DirectMail second = DirectMail.newBuilder().dataDirectory(dir).transport(memory).clock(clock)
                .listener(secondListener).schedulerTick(Duration.ofMillis(5)).build()) {
            DeliveryEvent delivered = secondListener.awaitOutcomes(1, WAIT).getFirst();
            assertThat(delivered.type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(delivered.messageId()).isEqualTo(receipt.messageId());
            assertThat(delivered.attempt()).isEqualTo(2);
            assertThat(memory.messages().getFirst().messageId()).isEqualTo(receipt.messageId());

            assertThat(second.send(mail())).as("the idempotency key outlives the restart").isEqualTo(receipt);
            assertThat(second.status(receipt.messageId()).orElseThrow().isComplete()).isTrue();
        }
        assertThat(memory.messages()).hasSize(1);

        try (DirectMail third = DirectMail.newBuilder().dataDirectory(dir).transport(memory).clock(clock).build()) {
            RecipientStatus status = third.status(receipt.messageId()).orElseThrow().recipients().getFirst();
            assertThat(status.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(status.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aScheduledMessageSurvivesARestart() throws Exception {
        InMemoryTransport memory = new InMemoryTransport();
        Receipt receipt;
        try (DirectMail first = DirectMail.newBuilder().dataDirectory(dir).transport(memory).clock(clock).build()) {
            receipt = first.send(mail().toBuilder().idempotencyKey(null).sendAt(START.plus(Duration.ofHours(2))).build());
        }
        assertThat(memory.messages()).isEmpty();

        clock.advance(Duration.ofHours(2));
        RecordingListener listener = new RecordingListener();
        try (DirectMail second = DirectMail.newBuilder().dataDirectory(dir).transport(memory).clock(clock)
                .listener(listener).schedulerTick(Duration.ofMillis(5)).build()) {
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().messageId()).isEqualTo(receipt.messageId());
        }
    }
}
