package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.DeliveryListener;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.Receipt;
import io.directmail.UnsubscribeEvent;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Runs the statistics snippets of the user guide, so that what they claim holds. */
class StatisticsExamplesTest {

    /** 04:00 on March 11 in Shanghai, the zone of the guide's statistics. */
    private static final Instant NOW = Instant.parse("2026-03-10T20:00:00Z");
    private static final LocalDate MARCH_11 = LocalDate.of(2026, 3, 11);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Refuses "gone" as no such user and delivers to anyone else. */
    private final Transport transport = message -> message.recipients().stream()
            .map(r -> RecipientOutcome.fromReply(r, r.localPart().equals("gone")
                    ? SmtpReply.parse(550, "5.1.1 No such user") : SmtpReply.parse(250, "2.0.0 OK"), "mx.example.org"))
            .toList();

    @Test
    void theGuidesQueriesListenerAndMessageDetailReportWhatWasSent() throws Exception {
        Map<String, LongAdder> bounces = new ConcurrentHashMap<>();
        List<UnsubscribeEvent> unsubscribes = new CopyOnWriteArrayList<>();
        DeliveryListener listener = StatisticsExamples.bounceCounter(bounces, unsubscribes);
        CountDownLatch outcomes = new CountDownLatch(3);
        try (DirectMail directMail = StatisticsExamples.shanghaiDays().transport(transport).clock(clock).listener(listener)
                .listener(event -> {
                    if (event.type() != DeliveryStatus.QUEUED) {
                        outcomes.countDown();
                    }
                }).build()) {
            Receipt receipt = directMail.send(Mail.newBuilder().account("shop").from("orders@shop.example")
                    .addTo("alice@one.example", "gone@two.example").subject("Receipt").text("Thanks").tag("receipt").build());
            directMail.send(Mail.newBuilder().account("shop").from("orders@shop.example").addTo("bob@one.example")
                    .subject("Hello").text("Hi").build());
            assertThat(outcomes.await(10, TimeUnit.SECONDS)).isTrue();

            List<String> week = StatisticsExamples.lastWeek(directMail, "shop");
            assertThat(week).hasSize(7);
            assertThat(week.getFirst()).isEqualTo("2026-03-05  requested 0, delivered 0, failed 0 (0 invalid), rate -");
            assertThat(week.getLast()).isEqualTo("2026-03-11  requested 3, delivered 2, failed 1 (1 invalid), rate 66.67 %");

            assertThat(StatisticsExamples.breakdown(directMail, "shop", "receipt"))
                    .isEqualTo(Map.of(MARCH_11, new BigDecimal("0.5000")));
            assertThat(bounces).containsOnlyKeys("shop/receipt");
            assertThat(bounces.get("shop/receipt").sum()).isEqualTo(1);

            assertThat(StatisticsExamples.messageDetail(directMail, receipt.messageId())).containsExactly(
                    receipt.messageId() + " for shop, tag receipt, accepted 2026-03-10T20:00:00Z",
                    "  alice@one.example: DELIVERED after 1 attempt(s) at 2026-03-10T20:00:00Z, last reply 250 2.0.0 OK",
                    "  gone@two.example: BOUNCED after 1 attempt(s) at 2026-03-10T20:00:00Z, last reply 550 5.1.1 No such user");
        }
        UnsubscribeEvent unsubscribe = new UnsubscribeEvent(EmailAddress.of("alice@one.example"), "shop", "m1", "receipt", NOW, "");
        listener.onUnsubscribe(unsubscribe);
        assertThat(unsubscribes).containsExactly(unsubscribe);
    }
}
