package io.directmail.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.Suppression;
import io.directmail.UnsubscribeEvent;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How the recorder counts requests, outcomes and unsubscribes, by day, tag and domain. */
class StatisticsRecorderTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    private static final LocalDate MARCH_11 = MARCH_10.plusDays(1);

    private final SettableClock clock = new SettableClock(NOON);
    private final StatisticsRecorder recorder = new StatisticsRecorder(StatisticsOptions.defaults(), clock);

    static EmailAddress address(String address) {
        return EmailAddress.of(address);
    }

    static StoredMessage message(String id, String account, String tag, Instant acceptedAt, String... recipients) {
        List<RecipientStatus> statuses = Stream.of(recipients)
                .map(r -> new RecipientStatus(address(r), DeliveryStatus.QUEUED, 0, null, null, "queued", acceptedAt)).toList();
        return new StoredMessage(id, acceptedAt, address("news@example.com"), statuses, acceptedAt, tag, null, 100, false,
                false, MailType.TRIGGER, null, account);
    }

    static RecipientStatus status(String recipient, DeliveryStatus status, int attempts) {
        return new RecipientStatus(address(recipient), status, attempts, null, "mx.example.org", "", NOON);
    }

    /** Records a send of {@code message} with no recipient suppressed. */
    private void request(StoredMessage message) {
        recorder.requested(message.account(), message.tag(), message.acceptedAt(),
                message.recipients().stream().map(RecipientStatus::recipient).toList(), Map.of());
    }

    private DailyCounts day(String account, LocalDate day) {
        return recorder.daily(account, day, day).getFirst();
    }

    private static List<Long> figures(DailyCounts row) {
        return List.of(row.requests(), row.delivered(), row.failed(), row.invalidAddresses(), row.suppressed(), row.deferred(),
                row.unsubscribed());
    }

    @Test
    void eachRecipientIsARequest_andItsOutcomeCountsOnTheDayOfTheRequestEvenAfterMidnight() {
        clock.advance(Duration.ofHours(11).plusMinutes(30));                         // 23:30 on March 10
        StoredMessage message = message("m1", "shop", "receipt", clock.instant(), "a@one.example", "b@one.example", "c@two.example");
        request(message);
        clock.advance(Duration.ofHours(1));                                            // 00:30 on March 11
        recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        recorder.outcome(message, status("b@one.example", DeliveryStatus.BOUNCED, 1), false);

        assertThat(recorder.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::day, DailyCounts::requests,
                        DailyCounts::delivered, DailyCounts::failed, DailyCounts::pending)
                .containsExactly(tuple(MARCH_10, 3L, 1L, 1L, 1L), tuple(MARCH_11, 0L, 0L, 0L, 0L));
        assertThat(recorder.daily("shop", MARCH_10, MARCH_10).getFirst().tag()).isNull();
        assertThat(recorder.daily("other", MARCH_10, MARCH_10).getFirst().requests()).isZero();
    }

    @Test
    void daysStartAtMidnightInTheConfiguredZone() {
        StatisticsRecorder shanghai = new StatisticsRecorder(StatisticsOptions.defaults().withZone(ZoneId.of("Asia/Shanghai")), clock);
        for (String at : List.of("2026-03-10T15:59:59Z", "2026-03-10T16:00:00Z")) {    // 23:59:59 and 00:00 in Shanghai
            for (StatisticsRecorder r : List.of(recorder, shanghai)) {
                r.requested("shop", null, Instant.parse(at), List.of(address("a@one.example")), Map.of());
            }
        }

        assertThat(recorder.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests).containsExactly(2L, 0L);
        assertThat(shanghai.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests).containsExactly(1L, 1L);
        assertThat(shanghai.today()).isEqualTo(MARCH_10);
        clock.advance(Duration.ofHours(4));                                            // 16:00 UTC is midnight in Shanghai
        assertThat(shanghai.today()).isEqualTo(MARCH_11);
        assertThat(recorder.today()).isEqualTo(MARCH_10);
    }

    @Test
    void tagsAreCountedApart_withUntaggedMailInARowOfItsOwn_andTheyAddUpToTheDay() {
        request(message("m1", "shop", "receipt", NOON, "a@one.example", "b@one.example"));
        request(message("m2", "shop", "welcome", NOON, "c@one.example"));
        request(message("m3", "shop", null, NOON, "d@one.example"));
        request(message("m4", "other", "receipt", NOON, "e@one.example"));

        assertThat(recorder.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("receipt", null, 2L), tuple(DailyCounts.UNTAGGED, null, 1L), tuple("welcome", null, 1L));
        assertThat(recorder.daily("shop", MARCH_10, MARCH_11, "receipt")).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple("receipt", 2L), tuple("receipt", 0L));
        assertThat(recorder.daily("shop", MARCH_10, MARCH_10, DailyCounts.UNTAGGED).getFirst().requests()).isEqualTo(1);
        assertThat(recorder.daily("shop", MARCH_10, MARCH_10, "never-used").getFirst().requests()).isZero();
        assertThat(day("shop", MARCH_10).requests()).isEqualTo(4);
    }

    @Test
    void recipientDomainsAreCountedApart_busiestFirst() {
        StoredMessage message = message("m1", "shop", "receipt", NOON, "a@one.example", "b@two.example", "c@two.example",
                "d@three.example");
        request(message);
        recorder.outcome(message, status("b@two.example", DeliveryStatus.DELIVERED, 1), false);

        assertThat(recorder.byDomain("shop", MARCH_10))
                .extracting(DailyCounts::recipientDomain, DailyCounts::tag, DailyCounts::requests, DailyCounts::delivered)
                .containsExactly(tuple("two.example", null, 2L, 1L), tuple("one.example", null, 1L, 0L),
                        tuple("three.example", null, 1L, 0L));
        assertThat(recorder.byDomain("shop", MARCH_11)).isEmpty();
    }

    @Test
    void invalidAddressesAreNoSuchUserBouncesAndRecipientsSuppressedAfterOne() {
        StoredMessage message = message("m1", "shop", null, NOON, "gone@one.example", "spam@one.example");
        request(message);
        recorder.outcome(message, status("gone@one.example", DeliveryStatus.BOUNCED, 1), true);
        recorder.outcome(message, status("spam@one.example", DeliveryStatus.BOUNCED, 1), false);
        recorder.requested("shop", null, NOON, List.of(address("gone@one.example"), address("left@one.example"), address("ok@one.example")),
                Map.of(address("gone@one.example"), new Suppression(address("gone@one.example"), Suppression.Reason.HARD_BOUNCE, NOON, ""),
                        address("left@one.example"), new Suppression(address("left@one.example"), Suppression.Reason.MANUAL, NOON, "")));

        DailyCounts row = day("shop", MARCH_10);
        assertThat(figures(row)).containsExactly(5L, 0L, 2L, 2L, 2L, 0L, 0L);
        assertThat(row.pending()).isEqualTo(1);
        assertThat(row.deliveryRate()).contains(new BigDecimal("0.0000"));
    }

    @Test
    void aRecipientCountsAsDeferredOnce_whateverBecomesOfItLater() {
        StoredMessage message = message("m1", "shop", null, NOON, "slow@one.example", "later@one.example", "never@one.example");
        request(message);
        recorder.outcome(message, status("slow@one.example", DeliveryStatus.DEFERRED, 1), false);
        recorder.outcome(message, status("later@one.example", DeliveryStatus.DEFERRED, 1), false);
        assertThat(day("shop", MARCH_10).deferred()).isEqualTo(2);

        recorder.outcome(message, status("slow@one.example", DeliveryStatus.DEFERRED, 2), false);
        recorder.outcome(message, status("slow@one.example", DeliveryStatus.DELIVERED, 3), false);
        recorder.outcome(message, status("later@one.example", DeliveryStatus.EXPIRED, 1), false);
        recorder.outcome(message, status("never@one.example", DeliveryStatus.EXPIRED, 0), false);

        DailyCounts row = day("shop", MARCH_10);
        assertThat(figures(row)).containsExactly(3L, 1L, 2L, 0L, 0L, 2L, 0L);
        assertThat(row.pending()).isZero();
        assertThat(row.deliveryRate()).contains(new BigDecimal("0.3333"));
    }

    @Test
    void admissionStatusesPassedAsOutcomesCountNothing() {
        StoredMessage message = message("m1", "shop", null, NOON, "a@one.example");
        recorder.outcome(message, status("a@one.example", DeliveryStatus.QUEUED, 0), false);
        recorder.outcome(message, status("a@one.example", DeliveryStatus.SUPPRESSED, 0), false);

        assertThat(recorder.snapshot()).isEmpty();
    }

    @Test
    void anUnsubscribeCountsOnItsOwnDay_underTheTagOfItsMessageAndTheDomainOfTheAddress() {
        request(message("m1", "shop", "news", NOON, "reader@one.example"));
        clock.advance(Duration.ofDays(1));
        recorder.unsubscribed(new UnsubscribeEvent(address("reader@one.example"), "shop", "m1", "news", clock.instant(), "one-click"));

        assertThat(recorder.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests, DailyCounts::unsubscribed)
                .containsExactly(tuple(1L, 0L), tuple(0L, 1L));
        assertThat(recorder.byTag("shop", MARCH_11)).extracting(DailyCounts::tag, DailyCounts::unsubscribed)
                .containsExactly(tuple("news", 1L));
        assertThat(recorder.byDomain("shop", MARCH_11)).extracting(DailyCounts::recipientDomain, DailyCounts::unsubscribed)
                .containsExactly(tuple("one.example", 1L));
    }

    @Test
    void daysOlderThanTheRetainedDaysAreDropped_andCountsForThemIgnored() {
        StatisticsRecorder threeDays = new StatisticsRecorder(StatisticsOptions.defaults().withRetainedDays(3), clock);
        StoredMessage message = message("m1", "shop", "t", NOON, "a@one.example");
        threeDays.requested("shop", "t", NOON, List.of(address("a@one.example")), Map.of());

        clock.advance(Duration.ofDays(2));                                            // March 12: March 10 is the oldest day kept
        threeDays.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        assertThat(threeDays.daily("shop", MARCH_10, MARCH_10).getFirst().delivered()).isEqualTo(1);

        clock.advance(Duration.ofDays(1));                                            // March 13: March 10 is gone
        threeDays.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        threeDays.requested("shop", "t", NOON, List.of(address("b@one.example")), Map.of());
        assertThat(threeDays.daily("shop", MARCH_10, MARCH_10).getFirst().requests()).isZero();
        assertThat(threeDays.byTag("shop", MARCH_10)).isEmpty();
        assertThat(threeDays.snapshot()).isEmpty();
        assertThat(threeDays.flush(rows -> { })).isZero();
    }

    @Test
    void tagsBeyondTheDailyCapAreCountedTogetherUnderOther_whileTheDaysTotalStaysExact() {
        StatisticsRecorder capped = new StatisticsRecorder(StatisticsOptions.defaults().withMaxTagsPerDay(2), clock);
        List<StoredMessage> messages = new ArrayList<>();
        for (String tag : new String[] {"a", "b", null, "c", "d", "a"}) {
            StoredMessage message = message("m" + messages.size(), "shop", tag, NOON, "x@one.example");
            capped.requested("shop", tag, NOON, List.of(address("x@one.example")), Map.of());
            messages.add(message);
        }
        capped.outcome(messages.get(3), status("x@one.example", DeliveryStatus.DELIVERED, 1), false);   // tag c

        assertThat(capped.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests, DailyCounts::delivered)
                .containsExactly(tuple(DailyCounts.OTHER, 2L, 1L), tuple("a", 2L, 0L), tuple(DailyCounts.UNTAGGED, 1L, 0L),
                        tuple("b", 1L, 0L));
        assertThat(capped.daily("shop", MARCH_10, MARCH_10, "c").getFirst().requests()).isZero();
        assertThat(capped.daily("shop", MARCH_10, MARCH_10).getFirst().requests()).isEqualTo(6);

        clock.advance(Duration.ofDays(1));                                            // a new day has room again
        capped.requested("shop", "c", clock.instant(), List.of(address("x@one.example")), Map.of());
        assertThat(capped.byTag("shop", MARCH_11)).extracting(DailyCounts::tag).containsExactly("c");
    }

    @Test
    void domainsBeyondTheDailyCapAreCountedTogetherUnderOther() {
        StatisticsRecorder capped = new StatisticsRecorder(StatisticsOptions.defaults().withMaxDomainsPerDay(1), clock);
        capped.requested("shop", null, NOON, List.of(address("a@one.example"), address("b@two.example"), address("c@three.example"),
                address("d@one.example")), Map.of());

        assertThat(capped.byDomain("shop", MARCH_10)).extracting(DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple(DailyCounts.OTHER, 2L), tuple("one.example", 2L));
    }

    @Test
    void theCapsHoldPerAccountAndDay() {
        StatisticsRecorder capped = new StatisticsRecorder(StatisticsOptions.defaults().withMaxTagsPerDay(1), clock);
        capped.requested("shop", "a", NOON, List.of(address("x@one.example")), Map.of());
        capped.requested("other", "b", NOON, List.of(address("x@one.example")), Map.of());

        assertThat(capped.byTag("other", MARCH_10)).extracting(DailyCounts::tag).containsExactly("b");
    }

    @Test
    void aSnapshotRestoredIntoANewRecorderAnswersEveryQueryTheSame() {
        StoredMessage message = message("m1", "shop", "receipt", NOON, "a@one.example", "gone@two.example");
        request(message);
        recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        recorder.outcome(message, status("gone@two.example", DeliveryStatus.BOUNCED, 1), true);
        recorder.requested("other", null, NOON.plus(Duration.ofDays(1)), List.of(address("b@one.example")), Map.of());
        clock.advance(Duration.ofDays(1));
        List<DailyCounts> saved = recorder.snapshot();

        StatisticsRecorder restarted = new StatisticsRecorder(StatisticsOptions.defaults(), clock);
        restarted.restore(saved);

        assertThat(saved).hasSize(5);
        assertThat(saved).allSatisfy(row -> assertThat(row.tag() == null).isNotEqualTo(row.recipientDomain() == null));
        assertThat(restarted.snapshot()).isEqualTo(saved);
        assertThat(restarted.daily("shop", MARCH_10, MARCH_11)).isEqualTo(recorder.daily("shop", MARCH_10, MARCH_11));
        assertThat(restarted.byTag("shop", MARCH_10)).isEqualTo(recorder.byTag("shop", MARCH_10));
        assertThat(restarted.byDomain("shop", MARCH_10)).isEqualTo(recorder.byDomain("shop", MARCH_10));
        assertThat(restarted.flush(rows -> { })).as("restored rows are already in the store").isZero();
    }

    @Test
    void restoreRefusesARowThatNamesBothATagAndADomain_andChangesNothing() {
        request(message("m1", "shop", "receipt", NOON, "a@one.example"));
        List<DailyCounts> before = recorder.snapshot();
        List<DailyCounts> bad = List.of(new DailyCounts(MARCH_10, "shop", "receipt", "one.example", 1, 0, 0, 0, 0, 0, 0));

        assertThatThrownBy(() -> recorder.restore(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receipt").hasMessageContaining("one.example");
        assertThatThrownBy(() -> recorder.restore(List.of(DailyCounts.empty(MARCH_10, "shop", null, null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(recorder.snapshot()).isEqualTo(before);
    }

    @Test
    void recordingAndFlushingFromManyThreadsAtOnceLosesNoCountAndHandsNoneTwice() throws Exception {
        Queue<DailyCounts> store = new ConcurrentLinkedQueue<>();
        int threads = 8;
        int sendsEach = 500;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String tag = "tag-" + (t % 3);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < sendsEach; i++) {
                        StoredMessage message = message("m" + i, "shop", tag, NOON, "a@one.example", "b@two.example");
                        request(message);
                        recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
                        recorder.flush(store::addAll);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        DailyCounts row = day("shop", MARCH_10);
        assertThat(row.requests()).isEqualTo(2L * threads * sendsEach);
        assertThat(row.delivered()).isEqualTo((long) threads * sendsEach);
        assertThat(recorder.byTag("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(3000L, 3000L, 2000L);
        assertThat(recorder.byDomain("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(4000L, 4000L);
        recorder.flush(store::addAll);
        assertThat(store.stream().filter(r -> r.tag() != null).mapToLong(DailyCounts::requests).sum()).isEqualTo(row.requests());
        assertThat(store.stream().filter(r -> r.recipientDomain() != null).mapToLong(DailyCounts::delivered).sum())
                .isEqualTo(row.delivered());
    }
}
