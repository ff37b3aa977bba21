package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An account's mail is handed to delivery no faster than its rate limit; other accounts are not held back. */
class AccountRateLimitTest {

    private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock(T0);
    private final BlockingQueue<String> deliveries = new LinkedBlockingQueue<>();
    private final Transport transport = message -> {
        deliveries.add(message.recipients().getFirst().localPart() + "@" + clock.instant().getEpochSecond() % 60);
        return message.recipients().stream()
                .map(r -> RecipientOutcome.fromReply(r, SmtpReply.parse(250, "2.0.0 OK"), "mx.example.org")).toList();
    };

    private static Mail mail(String account, String to, MailType type) {
        return Mail.newBuilder().account(account).from("news@example.com").addTo(to + "@example.org").subject("s").text("t")
                .type(type).build();
    }

    private List<String> take(int count) throws InterruptedException {
        List<String> taken = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String next = deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("delivery " + (taken.size() + 1) + " of " + count).isNotNull();
            taken.add(next);
        }
        return taken;
    }

    @Test
    void anAccountAtItsRate_waitsWithoutAnAttempt_whileAnotherAccountsMailGoesAtOnce() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).clock(clock).listener(listener)
                .schedulerTick(Duration.ofMillis(5)).deliveryConcurrency(1)
                .accountRateLimit("acme", new RateLimit(1, 2)).build()) {
            for (int i = 1; i <= 4; i++) {
                directMail.send(mail("acme", "a" + i, MailType.TRIGGER));
            }
            directMail.send(mail("other", "o1", MailType.TRIGGER));

            assertThat(take(3)).as("a burst of two for acme, and the other account's message")
                    .containsExactlyInAnyOrder("a1@0", "a2@0", "o1@0");
            assertThat(deliveries.poll(50, TimeUnit.MILLISECONDS)).as("acme waits for a token").isNull();

            clock.advance(Duration.ofSeconds(1));
            assertThat(take(1)).containsExactly("a3@1");
            clock.advance(Duration.ofSeconds(1));
            assertThat(take(1)).containsExactly("a4@2");
            List<DeliveryEvent> outcomes = listener.awaitOutcomes(5, WAIT);
            assertThat(outcomes).allSatisfy(e -> assertThat(e.attempt()).as("waiting was no attempt").isEqualTo(1));
        }
    }

    @Test
    void batchMail_leavesTheLastTokenOfABurstToTriggerMail() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).clock(clock)
                .schedulerTick(Duration.ofMillis(5)).deliveryConcurrency(1)
                .accountRateLimit(new RateLimit(1, 2)).build()) {
            directMail.send(mail(Mail.DEFAULT_ACCOUNT, "b1", MailType.BATCH));
            directMail.send(mail(Mail.DEFAULT_ACCOUNT, "b2", MailType.BATCH));
            assertThat(take(1)).containsExactly("b1@0");
            assertThat(deliveries.poll(50, TimeUnit.MILLISECONDS)).as("the second batch message waits").isNull();

            directMail.send(mail(Mail.DEFAULT_ACCOUNT, "reset", MailType.TRIGGER));
            assertThat(take(1)).as("trigger mail takes the reserved token").containsExactly("reset@0");
        }
    }

    @Test
    void badRateLimits_areRefusedWithTheValueNamed() {
        assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perSecond");
        assertThatThrownBy(() -> new RateLimit(10, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThat(RateLimit.perSecond(0.5)).isEqualTo(new RateLimit(0.5, 1));
        assertThat(RateLimit.perSecond(20)).isEqualTo(new RateLimit(20, 20));
        assertThatThrownBy(() -> DirectMail.newBuilder().accountRateLimit("not an account", RateLimit.perSecond(1)))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> DirectMail.newBuilder().accountRateLimit("acme", null)).isInstanceOf(NullPointerException.class);
    }
}
