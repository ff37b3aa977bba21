package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Statistics of mail sent through DirectMail, counted from what the transport answered for each recipient. */
class DeliveryStatisticsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-03-10T23:59:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    private static final LocalDate MARCH_11 = MARCH_10.plusDays(1);

    private static final String STATISTICS = "dm.stats";

    private final SettableClock clock = new SettableClock(BEFORE_MIDNIGHT);
    private final RecordingListener listener = new RecordingListener();
    private final Set<EmailAddress> deferredOnce = ConcurrentHashMap.newKeySet();

    /**
     * Answers each recipient by its local part: gone = 550 5.1.1 no such user, spam = 550 5.7.1,
     * slow = 451 the first time and 250 after, anyone else 250.
     */
    private final Transport transport = message -> message.recipients().stream().map(r -> switch (r.localPart()) {
        case "gone" -> RecipientOutcome.fromReply(r, SmtpReply.parse(550, "5.1.1 No such user"), "mx.example.org");
        case "spam" -> RecipientOutcome.fromReply(r, SmtpReply.parse(550, "5.7.1 Message refused"), "mx.example.org");
        case "slow" -> deferredOnce.add(r)
                ? RecipientOutcome.fromReply(r, SmtpReply.parse(451, "4.3.0 Try again"), "mx.example.org")
                : RecipientOutcome.fromReply(r, SmtpReply.parse(250, "2.0.0 OK"), "mx.example.org");
        default -> RecipientOutcome.fromReply(r, SmtpReply.parse(250, "2.0.0 OK"), "mx.example.org");
    }).toList();

    private DirectMail.Builder builder() {
        return DirectMail.newBuilder().transport(transport).clock(clock).listener(listener).schedulerTick(Duration.ofMillis(5));
    }

    private static Mail.Builder mail(String tag, String... to) {
        return Mail.newBuilder().account("shop").from("orders@shop.example").addTo(to).subject("Your order").text("Thanks")
                .tag(tag);
    }

    private static DailyCounts day(DeliveryStatistics statistics, LocalDate day) {
        return statistics.daily("shop", day, day).getFirst();
    }

    @Test
    void eachRecipientIsARequest_andDeliveredFailedAndInvalidCountAsTheTransportAnswers() throws Exception {
        try (DirectMail directMail = builder().build()) {
            directMail.send(mail("receipt", "ok@a.example", "gone@b.example", "spam@a.example").build());
            listener.awaitOutcomes(3, WAIT);
            DeliveryStatistics statistics = directMail.statistics();

            DailyCounts today = day(statistics, MARCH_10);
            assertThat(List.of(today.requests(), today.delivered(), today.failed(), today.invalidAddresses(), today.suppressed()))
                    .containsExactly(3L, 1L, 2L, 1L, 0L);
            assertThat(today.deliveryRate()).contains(new BigDecimal("0.3333"));
            assertThat(statistics.byDomain("shop", MARCH_10))
                    .extracting(DailyCounts::recipientDomain, DailyCounts::requests, DailyCounts::delivered, DailyCounts::failed,
                            DailyCounts::invalidAddresses)
                    .containsExactly(tuple("a.example", 2L, 1L, 1L, 0L), tuple("b.example", 1L, 0L, 1L, 1L));
            assertThat(statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                    .containsExactly(tuple("receipt", 3L));
            assertThat(statistics).isSameAs(directMail.statistics());
        }
    }

    @Test
    void sendsToAnAddressSuppressedByANoSuchUserBounceCountAsSuppressedAndInvalid_evenWhenTheWholeSendIsRefused() throws Exception {
        try (DirectMail directMail = builder().build()) {
            directMail.send(mail("receipt", "gone@b.example").build());
            listener.awaitOutcomes(1, WAIT);
            directMail.suppress(EmailAddress.of("left@b.example"), "asked by phone");

            assertThatThrownBy(() -> directMail.send(mail("receipt", "gone@b.example").build()))
                    .isInstanceOf(SuppressedRecipientException.class);
            directMail.send(mail("receipt", "gone@b.example", "left@b.example", "ok@b.example").build());
            listener.awaitOutcomes(4, WAIT);                                       // the bounce, two suppressed, one delivered

            DailyCounts today = day(directMail.statistics(), MARCH_10);
            assertThat(List.of(today.requests(), today.delivered(), today.failed(), today.invalidAddresses(), today.suppressed(),
                    today.pending())).containsExactly(5L, 1L, 1L, 3L, 3L, 0L);
            assertThat(today.deliveryRate()).contains(new BigDecimal("0.2000"));
        }
    }

    @Test
    void aRetryThatDeliversAfterMidnightCountsOnTheDayOfTheRequest() throws Exception {
        try (DirectMail directMail = builder().build()) {
            directMail.send(mail("digest", "slow@a.example").build());
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DEFERRED);
            DailyCounts deferred = day(directMail.statistics(), MARCH_10);
            assertThat(List.of(deferred.requests(), deferred.deferred(), deferred.pending(), deferred.delivered()))
                    .containsExactly(1L, 1L, 1L, 0L);
            assertThat(deferred.deliveryRate()).isEmpty();

            clock.advance(Duration.ofMinutes(5));                                    // 00:04 on March 11: the retry is due
            assertThat(listener.awaitOutcomes(2, WAIT).get(1).type()).isEqualTo(DeliveryStatus.DELIVERED);

            assertThat(directMail.statistics().daily("shop", MARCH_10, MARCH_11))
                    .extracting(DailyCounts::requests, DailyCounts::delivered, DailyCounts::deferred, DailyCounts::pending)
                    .containsExactly(tuple(1L, 1L, 1L, 0L), tuple(0L, 0L, 0L, 0L));
            assertThat(day(directMail.statistics(), MARCH_10).deliveryRate()).contains(new BigDecimal("1.0000"));
        }
    }

    @Test
    void mailSentOnEitherSideOfMidnightCountsOnItsOwnDay_perTag() throws Exception {
        try (DirectMail directMail = builder().build()) {
            directMail.send(mail("receipt", "a@a.example").build());
            clock.advance(Duration.ofMinutes(1));                                    // midnight exactly
            directMail.send(mail("receipt", "b@a.example").build());
            directMail.send(mail(null, "c@a.example").build());
            listener.awaitOutcomes(3, WAIT);
            DeliveryStatistics statistics = directMail.statistics();

            assertThat(statistics.today()).isEqualTo(MARCH_11);
            assertThat(statistics.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests).containsExactly(1L, 2L);
            assertThat(statistics.daily("shop", MARCH_10, MARCH_11, "receipt")).extracting(DailyCounts::delivered)
                    .containsExactly(1L, 1L);
            assertThat(statistics.byTag("shop", MARCH_11)).extracting(DailyCounts::tag)
                    .containsExactly(DailyCounts.UNTAGGED, "receipt");
        }
    }

    @Test
    void theBuildersStatisticsOptionsSetTheZoneOfTheDays() throws Exception {
        try (DirectMail directMail = builder().statistics(StatisticsOptions.defaults().withZone(ZoneId.of("America/New_York")))
                .build()) {
            directMail.send(mail("receipt", "a@a.example").build());                 // 19:59 in New York
            listener.awaitOutcomes(1, WAIT);

            assertThat(directMail.statistics().today()).isEqualTo(MARCH_10);
            clock.advance(Duration.ofHours(5));
            assertThat(directMail.statistics().today()).isEqualTo(MARCH_11);
            assertThat(directMail.statistics().daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::delivered)
                    .containsExactly(1L, 0L);
        }
        assertThatThrownBy(() -> DirectMail.newBuilder().statistics(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("options");
    }

    @Test
    void aRetriedSendWithTheSameIdempotencyKeyIsCountedOnce_andARefusedOneNotAtAll() throws Exception {
        try (DirectMail directMail = builder().limits(Limits.DEFAULT.withMaxRecipientsPerMessage(2)).build()) {
            Mail once = mail("receipt", "a@a.example").idempotencyKey("order-1").build();
            directMail.send(once);
            directMail.send(once);
            assertThatThrownBy(() -> directMail.send(mail("receipt", "b@a.example", "c@a.example", "d@a.example").build()))
                    .isInstanceOf(LimitExceededException.class);
            listener.awaitOutcomes(1, WAIT);

            assertThat(day(directMail.statistics(), MARCH_10).requests()).isEqualTo(1);
        }
    }

    /** An in-memory store that counts down a latch for each statistics record it writes. */
    private static MailStore watchedStore(CountDownLatch statisticsWritten) {
        return new ForwardingMailStore(MailStore.inMemory()) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                boolean put = super.putRecordIfAbsent(kind, key, value);
                if (put && kind.equals(STATISTICS)) {
                    statisticsWritten.countDown();
                }
                return put;
            }
        };
    }

    private static List<Long> figures(DailyCounts row) {
        return List.of(row.requests(), row.delivered(), row.failed(), row.invalidAddresses());
    }

    @Test
    void aQueryRightAfterDeliveryCountsIt_beforeTheStoreHasIt_andAFlushAPeriodLaterChangesNoFigure() throws Exception {
        CountDownLatch statisticsWritten = new CountDownLatch(2);                    // the tag's row and the domain's
        MailStore store = watchedStore(statisticsWritten);
        try (DirectMail directMail = builder().store(store).build()) {
            directMail.send(mail("receipt", "ok@a.example", "gone@a.example").build());
            listener.awaitOutcomes(2, WAIT);

            assertThat(store.records(STATISTICS)).as("nothing stored yet").isEmpty();
            assertThat(figures(day(directMail.statistics(), MARCH_10))).containsExactly(2L, 1L, 1L, 1L);
            assertThat(directMail.statistics().byDomain("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(2L);

            clock.advance(Duration.ofSeconds(5));                                     // the flush period
            assertThat(statisticsWritten.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(store.records(STATISTICS)).hasSize(2);
            assertThat(figures(day(directMail.statistics(), MARCH_10))).containsExactly(2L, 1L, 1L, 1L);
            assertThat(directMail.statistics().byTag("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(2L);
        }
    }

    @Test
    void countsNotYetStoredReachTheStoreAtClose_andAnInstanceStartedOnItLaterReadsThem() throws Exception {
        MailStore store = watchedStore(new CountDownLatch(0));
        try (DirectMail directMail = builder().store(store).build()) {
            directMail.send(mail("receipt", "ok@a.example", "spam@b.example").build());
            listener.awaitOutcomes(2, WAIT);
            assertThat(store.records(STATISTICS)).isEmpty();
        }

        assertThat(store.records(STATISTICS)).hasSize(3);
        try (DirectMail restarted = builder().store(store).build()) {
            assertThat(figures(day(restarted.statistics(), MARCH_10))).containsExactly(2L, 1L, 1L, 0L);
            assertThat(restarted.statistics().byDomain("shop", MARCH_10)).extracting(DailyCounts::recipientDomain,
                    DailyCounts::delivered, DailyCounts::failed).containsExactly(tuple("a.example", 1L, 0L), tuple("b.example", 0L, 1L));
        }
    }

    @Test
    void afterClose_queriesReadTheStore_andFailClearlyOnceTheStoreDirectMailOwnedIsClosed() throws Exception {
        DirectMail directMail = builder().build();
        directMail.send(mail("receipt", "ok@a.example").build());
        listener.awaitOutcomes(1, WAIT);
        directMail.close();

        assertThatThrownBy(() -> directMail.statistics().daily("shop", MARCH_10, MARCH_10))
                .isInstanceOf(DirectMailException.class)
                .hasMessage("cannot read the statistics of account shop from the store: the in-memory mail store is closed");
        assertThat(directMail.statistics().today()).isEqualTo(MARCH_10);
    }

    @Test
    void eventsAndMessageStatusNameTheAccountAndTag() throws Exception {
        try (DirectMail directMail = builder().build()) {
            Receipt tagged = directMail.send(mail("receipt", "gone@b.example").build());
            Receipt plain = directMail.send(Mail.newBuilder().from("orders@shop.example").addTo("a@a.example").subject("s").text("t")
                    .build());
            listener.awaitOutcomes(2, WAIT);

            assertThat(listener.all()).extracting(DeliveryEvent::messageId, DeliveryEvent::type, DeliveryEvent::account,
                            DeliveryEvent::tag)
                    .containsExactlyInAnyOrder(tuple(tagged.messageId(), DeliveryStatus.QUEUED, "shop", "receipt"),
                            tuple(tagged.messageId(), DeliveryStatus.BOUNCED, "shop", "receipt"),
                            tuple(plain.messageId(), DeliveryStatus.QUEUED, Mail.DEFAULT_ACCOUNT, null),
                            tuple(plain.messageId(), DeliveryStatus.DELIVERED, Mail.DEFAULT_ACCOUNT, null));
            MessageStatus status = directMail.status(tagged.messageId()).orElseThrow();
            assertThat(status.account()).isEqualTo("shop");
            assertThat(status.tag()).isEqualTo("receipt");
            assertThat(status.acceptedAt()).isEqualTo(BEFORE_MIDNIGHT);
            RecipientStatus gone = status.recipient(EmailAddress.of("gone@b.example"));
            assertThat(gone.attempts()).isEqualTo(1);
            assertThat(gone.lastReply()).isEqualTo(SmtpReply.parse(550, "5.1.1 No such user"));
            assertThat(gone.updatedAt()).isEqualTo(BEFORE_MIDNIGHT);
            assertThat(directMail.status(plain.messageId()).orElseThrow().tag()).isNull();
        }
    }
}
