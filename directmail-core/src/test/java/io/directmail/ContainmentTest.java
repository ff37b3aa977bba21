package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Failures of plug-ins and of the store are contained: no message is stranded, no secret leaks. */
class ContainmentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Mail mail(String to) {
        return Mail.newBuilder().from("news@example.com").addTo(to).subject("s").text("t").build();
    }

    @Test
    void aListenerThatThrowsAnErrorDoesNotStopTheOnlyDeliveryWorker() throws Exception {
        InMemoryTransport memory = new InMemoryTransport();
        RecordingListener listener = new RecordingListener();
        try (DirectMail directMail = DirectMail.newBuilder().transport(memory).deliveryConcurrency(1)
                .listener(event -> {
                    throw new AssertionError("a listener's failed assert");
                })
                .listener(listener).build()) {
            directMail.send(mail("a@example.org"));
            directMail.send(mail("b@example.org"));
            assertThat(listener.awaitOutcomes(2, WAIT)).extracting(DeliveryEvent::type).containsOnly(DeliveryStatus.DELIVERED);
        }
        assertThat(memory.messages()).hasSize(2);
    }

    @Test
    void aSecondOutcomeForTheSameRecipientDoesNotUndoItsDelivery() throws Exception {
        SmtpReply ok = SmtpReply.parse(250, "2.0.0 OK");
        SmtpReply later = SmtpReply.parse(451, "4.3.0 later");
        AtomicInteger calls = new AtomicInteger();
        Transport confused = message -> {
            calls.incrementAndGet();
            return message.recipients().stream()
                    .flatMap(r -> Stream.of(RecipientOutcome.fromReply(r, ok, "mx"), RecipientOutcome.fromReply(r, later, "mx")))
                    .toList();
        };
        RecordingListener listener = new RecordingListener();
        try (DirectMail directMail = DirectMail.newBuilder().transport(confused).listener(listener).build()) {
            Receipt receipt = directMail.send(mail("a@example.org"));
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(directMail.status(receipt.messageId()).orElseThrow().isComplete()).isTrue();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void whenTheStoreCannotRecordTheFinalStateItIsRecordedLater() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T08:00:00Z"));
        CountDownLatch stored = new CountDownLatch(1);
        MailStore flaky = new FailingFirstUpdate(MailStore.inMemory(), stored);
        RecordingListener listener = new RecordingListener();
        try (DirectMail directMail = DirectMail.newBuilder().store(flaky).transport(new InMemoryTransport()).clock(clock)
                .listener(listener).schedulerTick(Duration.ofMillis(5)).build()) {
            Receipt receipt = directMail.send(mail("a@example.org"));
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(flaky.find(receipt.messageId()).orElseThrow().isPending()).isTrue();

            clock.advance(RetryPolicy.DEFAULT.delayBefore(1));
            assertThat(stored.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(flaky.find(receipt.messageId()).orElseThrow().isPending()).isFalse();
        } finally {
            flaky.close();
        }
    }

    @Test
    void aRelayPasswordNeverAppearsInABuilderError() {
        for (String uri : List.of("smtp://user:pa ss@relay.example.com:587", "smtp://user:p@ss@relay_example.com:587",
                "smtp://user:p%zz@relay.example.com:587")) {
            assertThatThrownBy(() -> DirectMail.newBuilder().transport(uri).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(t.getMessage()).as(uri).doesNotContain("pa ss").doesNotContain("p@ss").doesNotContain("p%zz");
                        }
                    });
        }
    }

    /** A store whose first {@code update} fails, as a full disk would make it. */
    private static final class FailingFirstUpdate extends ForwardingMailStore {
        private final CountDownLatch stored;
        private final AtomicInteger updates = new AtomicInteger();

        FailingFirstUpdate(MailStore delegate, CountDownLatch stored) {
            super(delegate);
            this.stored = stored;
        }

        @Override
        public void update(StoredMessage progress) {
            if (updates.incrementAndGet() == 1) {
                throw new DirectMailException("disk full");
            }
            delegate.update(progress);
            if (!progress.isPending()) {
                stored.countDown();
            }
        }
    }
}
