package io.directmail;

import io.directmail.testsupport.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries after temporary failures and expiry, with time moved by a test clock instead of waited for. */
class RetryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final RecordingListener listener = new RecordingListener();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    private record Attempt(Instant at, List<String> recipients) {
    }

    /** A transport that defers "busy" recipients for the first {@code failures} attempts. */
    private Transport flaky(int failures) {
        AtomicInteger calls = new AtomicInteger();
        return message -> {
            attempts.add(new Attempt(clock.instant(), message.recipients().stream().map(EmailAddress::address).toList()));
            boolean fail = calls.incrementAndGet() <= failures;
            return message.recipients().stream()
                    .map(r -> fail && r.localPart().equals("busy")
                            ? RecipientOutcome.fromReply(r, SmtpReply.parse(451, "4.7.1 greylisted, try again later"), "mx.example.org")
                            : RecipientOutcome.fromReply(r, SmtpReply.parse(250, "2.0.0 ok"), "mx.example.org"))
                    .toList();
        };
    }

    private DirectMail directMail(Transport transport) {
        return DirectMail.newBuilder().transport(transport).clock(clock).listener(listener)
                .schedulerTick(Duration.ofMillis(5)).build();
    }

    private static Mail mail() {
        return Mail.newBuilder().from("news@example.com").addTo("busy@example.org", "happy@example.org")
                .subject("Hello").text("Hi").build();
    }

    @Test
    void aDeferredRecipientIsRetriedWhenItsTimeComes_andOnlyThePendingRecipientIsSentAgain() throws Exception {
        try (DirectMail directMail = directMail(flaky(1))) {
            Receipt receipt = directMail.send(mail());
            List<DeliveryEvent> first = listener.awaitOutcomes(2, WAIT);
            assertThat(first).extracting(DeliveryEvent::type)
                    .containsExactlyInAnyOrder(DeliveryStatus.DEFERRED, DeliveryStatus.DELIVERED);

            clock.advance(Duration.ofMinutes(4));
            clock.advance(Duration.ofMinutes(1));
            DeliveryEvent retried = listener.awaitOutcomes(3, WAIT).get(2);

            assertThat(retried.type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(retried.recipient().address()).isEqualTo("busy@example.org");
            assertThat(retried.attempt()).isEqualTo(2);
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(1).recipients()).containsExactly("busy@example.org");
            assertThat(attempts.get(1).at()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.isComplete()).isTrue();
            assertThat(status.recipient(EmailAddress.of("happy@example.org")).attempts()).isEqualTo(1);
        }
    }

    @Test
    void retriesFollowThePolicyAndTheMessageExpiresWhenItsLifetimeEnds() throws Exception {
        RetryPolicy policy = RetryPolicy.DEFAULT.withLifetime(Duration.ofHours(1));
        try (DirectMail directMail = DirectMail.newBuilder().transport(flaky(Integer.MAX_VALUE)).clock(clock)
                .listener(listener).retryPolicy(policy).schedulerTick(Duration.ofMillis(5)).build()) {
            Receipt receipt = directMail.send(mail());
            listener.awaitOutcomes(2, WAIT);
            // Retries come due at +5, +15, +35 minutes; the next (+75) is past the lifetime, so the
            // last attempt is made when the lifetime ends, at +60.
            int expected = 2;
            for (int minute = 1; minute <= 60; minute++) {
                clock.advance(Duration.ofMinutes(1));
                if (minute == 5 || minute == 15 || minute == 35 || minute == 60) {
                    expected++;
                    listener.awaitOutcomes(expected, WAIT);
                }
            }
            List<DeliveryEvent> all = listener.awaitOutcomes(expected + 1, WAIT);
            DeliveryEvent last = all.getLast();
            assertThat(last.type()).isEqualTo(DeliveryStatus.EXPIRED);
            assertThat(last.recipient().address()).isEqualTo("busy@example.org");
            assertThat(last.detail()).contains("gave up after 5 attempt(s)").contains("451");
            assertThat(attempts).extracting(Attempt::at).containsExactly(START, START.plusSeconds(300),
                    START.plusSeconds(900), START.plusSeconds(2100), START.plusSeconds(3600));
            assertThat(directMail.status(receipt.messageId()).orElseThrow()
                    .recipient(EmailAddress.of("busy@example.org")).status()).isEqualTo(DeliveryStatus.EXPIRED);
        }
    }

    @Test
    void nothingIsRetriedBeforeItsTime() throws Exception {
        try (DirectMail directMail = directMail(flaky(1))) {
            directMail.send(mail());
            listener.awaitOutcomes(2, WAIT);
            clock.advance(Duration.ofMinutes(4).plusSeconds(59));
            // A message sent now is attempted while the retry, one second from due, must wait.
            directMail.send(Mail.newBuilder().from("news@example.com").addTo("marker@example.org").subject("m").text("m").build());
            listener.awaitOutcomes(3, WAIT);
            assertThat(attempts).hasSize(2);

            clock.advance(Duration.ofSeconds(1));
            listener.awaitOutcomes(4, WAIT);
        }
        assertThat(attempts).extracting(a -> a.recipients().getFirst())
                .containsExactly("busy@example.org", "marker@example.org", "busy@example.org");
        assertThat(attempts.get(2).at()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }
}
