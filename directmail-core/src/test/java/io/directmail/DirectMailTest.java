package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectMailTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryTransport memory = new InMemoryTransport();
    private final RecordingListener listener = new RecordingListener();

    private static Mail.Builder mail() {
        return Mail.newBuilder().from("sender@example.com").addTo("alice@example.org").subject("Hello").text("Hi Alice");
    }

    private DirectMail directMail(Transport transport) {
        return DirectMail.newBuilder().transport(transport).listener(listener).build();
    }

    @Test
    void send_returnsReceiptOnceQueued_andTheMessageIsDelivered() throws Exception {
        try (DirectMail directMail = directMail(memory)) {
            Receipt receipt = directMail.send(mail().addCc("carol@example.net").build());

            assertThat(receipt.messageId()).endsWith("@example.com");
            assertThat(receipt.recipients()).extracting(EmailAddress::address)
                    .containsExactly("alice@example.org", "carol@example.net");
            List<DeliveryEvent> outcomes = listener.awaitOutcomes(2, WAIT);
            assertThat(outcomes).extracting(DeliveryEvent::type).containsOnly(DeliveryStatus.DELIVERED);
            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.isComplete()).isTrue();
            assertThat(status.recipients()).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(1));
        }
        OutboundMessage sent = memory.messages().getFirst();
        String content = new String(sent.toByteArray(), StandardCharsets.UTF_8);
        assertThat(content).contains("Message-ID: <" + sent.messageId() + ">");
        assertThat(sent.returnPath()).contains(EmailAddress.of("sender@example.com"));
    }

    @Test
    void eventsArriveInOrder_queuedBeforeDelivered() throws Exception {
        try (DirectMail directMail = directMail(memory)) {
            directMail.send(mail().build());
            listener.awaitOutcomes(1, WAIT);
        }
        assertThat(listener.all()).extracting(DeliveryEvent::type)
                .containsExactly(DeliveryStatus.QUEUED, DeliveryStatus.DELIVERED);
    }

    @Test
    void bccRecipientsGetTheMessageButNoHeaderNamesThem() throws Exception {
        try (DirectMail directMail = directMail(memory)) {
            directMail.send(mail().addBcc("hidden@example.net").build());
            listener.awaitOutcomes(2, WAIT);
        }
        OutboundMessage sent = memory.messages().getFirst();
        assertThat(sent.recipients()).extracting(EmailAddress::address).contains("hidden@example.net");
        assertThat(new String(sent.toByteArray(), StandardCharsets.UTF_8)).doesNotContain("hidden@example.net");
    }

    @Test
    void send_overTheRecipientLimit_isRefusedAndNothingIsQueued() {
        Mail tooMany = mail().addTo(IntStream.range(0, 3).mapToObj(i -> EmailAddress.of("r" + i + "@example.org")).toList()).build();
        try (DirectMail directMail = DirectMail.newBuilder().transport(memory).listener(listener)
                .limits(Limits.DEFAULT.withMaxRecipientsPerMessage(3)).build()) {
            assertThatThrownBy(() -> directMail.send(tooMany))
                    .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                        assertThat(e.limit()).isEqualTo("maxRecipientsPerMessage");
                        assertThat(e.allowed()).isEqualTo(3);
                        assertThat(e.requested()).isEqualTo(4);
                    })
                    .hasMessageContaining("maxRecipientsPerMessage");
        }
        assertThat(memory.messages()).isEmpty();
        assertThat(listener.all()).isEmpty();
    }

    @Test
    void theDefaultRecipientLimitIs100() {
        Mail hundredAndOne = mail().addTo(IntStream.range(0, 100).mapToObj(i -> EmailAddress.of("r" + i + "@example.org")).toList()).build();
        Mail hundred = mail().addTo(IntStream.range(0, 99).mapToObj(i -> EmailAddress.of("r" + i + "@example.org")).toList()).build();
        try (DirectMail directMail = directMail(memory)) {
            assertThatThrownBy(() -> directMail.send(hundredAndOne)).isInstanceOf(LimitExceededException.class);
            assertThat(directMail.send(hundred).recipients()).hasSize(100);
        }
    }

    @Test
    void send_overTheSizeLimit_isRefused() {
        try (DirectMail directMail = DirectMail.newBuilder().transport(memory)
                .limits(Limits.DEFAULT.withMaxMessageBytes(2048)).build()) {
            assertThatThrownBy(() -> directMail.send(mail().text("x".repeat(5000)).build()))
                    .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxMessageBytes"));
        }
        assertThat(memory.messages()).isEmpty();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstReceiptAndSendsOnce() throws Exception {
        try (DirectMail directMail = directMail(memory)) {
            Receipt first = directMail.send(mail().idempotencyKey("order-42").build());
            Receipt again = directMail.send(mail().idempotencyKey("order-42").subject("changed").build());
            Receipt other = directMail.send(mail().idempotencyKey("order-43").build());
            assertThat(again).isEqualTo(first);
            assertThat(other.messageId()).isNotEqualTo(first.messageId());
            listener.awaitOutcomes(2, WAIT);
        }
        assertThat(memory.messages()).hasSize(2);
    }

    @Test
    void concurrentSendsWithOneIdempotencyKeyQueueOneMessage() throws Exception {
        try (DirectMail directMail = directMail(memory)) {
            List<CompletableFuture<Receipt>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(directMail.sendAsync(mail().idempotencyKey("same").build()));
            }
            List<String> ids = futures.stream().map(CompletableFuture::join).map(Receipt::messageId).distinct().toList();
            assertThat(ids).hasSize(1);
            listener.awaitOutcomes(1, WAIT);
        }
        assertThat(memory.messages()).hasSize(1);
    }

    @Test
    void sendAsync_completesExceptionallyWithTheSameErrorAsSend() {
        try (DirectMail directMail = DirectMail.newBuilder().transport(memory)
                .limits(Limits.DEFAULT.withMaxRecipientsPerMessage(1)).build()) {
            CompletableFuture<Receipt> future = directMail.sendAsync(mail().addCc("b@example.org").build());
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(LimitExceededException.class);
        }
    }

    @Test
    void perRecipientOutcomesFromTheTransportAreKept() throws Exception {
        Transport mixed = message -> message.recipients().stream()
                .map(r -> r.localPart().equals("gone")
                        ? RecipientOutcome.fromReply(r, SmtpReply.parse(550, "5.1.1 no such user"), "mx.example.org")
                        : r.localPart().equals("busy")
                        ? RecipientOutcome.fromReply(r, SmtpReply.parse(451, "4.3.0 try later"), "mx.example.org")
                        : RecipientOutcome.fromReply(r, SmtpReply.parse(250, "2.0.0 ok"), "mx.example.org"))
                .toList();
        try (DirectMail directMail = directMail(mixed)) {
            Receipt receipt = directMail.send(mail().addTo("gone@example.org").addTo("busy@example.org").build());
            listener.awaitOutcomes(3, WAIT);
            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.recipient(EmailAddress.of("alice@example.org")).status()).isEqualTo(DeliveryStatus.DELIVERED);
            RecipientStatus gone = status.recipient(EmailAddress.of("gone@example.org"));
            assertThat(gone.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(gone.lastReply().enhancedStatus()).isEqualTo("5.1.1");
            assertThat(gone.remoteHost()).isEqualTo("mx.example.org");
            assertThat(status.recipient(EmailAddress.of("busy@example.org")).status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(status.isComplete()).isFalse();
        }
    }

    @Test
    void aTransportThatThrowsDefersTheRecipients() throws Exception {
        Transport broken = message -> {
            throw new IllegalStateException("disk on fire");
        };
        try (DirectMail directMail = directMail(broken)) {
            Receipt receipt = directMail.send(mail().build());
            DeliveryEvent event = listener.awaitOutcomes(1, WAIT).getFirst();
            assertThat(event.type()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(event.detail()).contains("disk on fire");
            assertThat(directMail.status(receipt.messageId()).orElseThrow().recipients().getFirst().status())
                    .isEqualTo(DeliveryStatus.DEFERRED);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotDisturbDeliveryOrOtherListeners() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(memory)
                .listener(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .listener(listener).build()) {
            directMail.send(mail().build());
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void close_letsQueuedMessagesBeAttemptedThenRefusesNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Transport slow = message -> {
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return memory.deliver(message);
        };
        DirectMail directMail = DirectMail.newBuilder().transport(slow).deliveryConcurrency(2).build();
        for (int i = 0; i < 5; i++) {
            directMail.send(mail().build());
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(directMail::close);
        release.countDown();
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(memory.messages()).hasSize(5);
        assertThatThrownBy(() -> directMail.send(mail().build()))
                .isInstanceOf(DirectMailException.class).hasMessageContaining("closed");
    }

    @Test
    void status_ofAnUnknownId_isEmpty() {
        try (DirectMail directMail = directMail(memory)) {
            assertThat(directMail.status("nope@example.com")).isEmpty();
        }
    }

    @Test
    void theFileTransportWritesOneEmlPerMessage(@TempDir Path outbox) throws Exception {
        Receipt receipt;
        try (DirectMail directMail = DirectMail.newBuilder().transport(outbox.toUri()).listener(listener).build()) {
            receipt = directMail.send(mail().build());
            listener.awaitOutcomes(1, WAIT);
        }
        try (var files = Files.list(outbox)) {
            List<Path> eml = files.toList();
            assertThat(eml).hasSize(1);
            assertThat(eml.getFirst().getFileName().toString()).isEqualTo(receipt.messageId() + ".eml");
            assertThat(Files.readString(eml.getFirst())).contains("Subject: Hello").contains("\r\n");
        }
    }

    @Test
    void builder_refusesUnknownTransportUrisAndNamesThem() {
        assertThatThrownBy(() -> DirectMail.newBuilder().transport("gopher://mail.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gopher://mail.example.com");
        assertThatThrownBy(() -> DirectMail.newBuilder().transport("smtp://user:secret@ host"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builder_neverShowsTheRelayPasswordInErrors() {
        assertThatThrownBy(() -> DirectMail.newBuilder().transport("smtp://user:s3cret@relay.example.com:587?tls=sometimes").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void builder_refusesBadNumbersAtOnce() {
        assertThatThrownBy(() -> DirectMail.newBuilder().deliveryConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryConcurrency");
        assertThatThrownBy(() -> DirectMail.newBuilder().idempotencyWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotencyWindow");
        assertThatThrownBy(() -> Limits.DEFAULT.withMaxRecipientsPerMessage(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecipientsPerMessage");
    }

    @Test
    void twoInstancesInOneJvmDoNotInterfere() throws Exception {
        InMemoryTransport other = new InMemoryTransport();
        try (DirectMail first = directMail(memory);
                DirectMail second = DirectMail.newBuilder().transport(other).build()) {
            first.send(mail().idempotencyKey("k").build());
            second.send(mail().idempotencyKey("k").build());
            memory.awaitMessages(1, WAIT);
            other.awaitMessages(1, WAIT);
        }
        assertThat(memory.messages()).hasSize(1);
        assertThat(other.messages()).hasSize(1);
    }
}
