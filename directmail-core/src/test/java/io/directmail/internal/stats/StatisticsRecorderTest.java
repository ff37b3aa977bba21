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
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How requests, outcomes and unsubscribes are counted, by day, tag and domain, as the queries show them. */
class StatisticsRecorderTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    private static final LocalDate MARCH_11 = MARCH_10.plusDays(1);
    private static final LocalDate MARCH_12 = MARCH_10.plusDays(2);

    private final SettableClock clock = new SettableClock(NOON);
    private final StatisticsNode node = new StatisticsNode(MailStore.inMemory(), clock);
    private final StatisticsRecorder recorder = node.recorder;
    private final DeliveryStatistics statistics = node.statistics;

    private StatisticsNode node(StatisticsOptions options) {
        return new StatisticsNode(MailStore.inMemory(), options, clock);
    }

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
        return statistics.daily(account, day, day).getFirst();
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

        assertThat(statistics.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::day, DailyCounts::requests,
                        DailyCounts::delivered, DailyCounts::failed, DailyCounts::pending)
                .containsExactly(tuple(MARCH_10, 3L, 1L, 1L, 1L), tuple(MARCH_11, 0L, 0L, 0L, 0L));
        assertThat(statistics.daily("shop", MARCH_10, MARCH_10).getFirst().tag()).isNull();
        assertThat(statistics.daily("other", MARCH_10, MARCH_10).getFirst().requests()).isZero();
    }

    @Test
    void daysStartAtMidnightInTheConfiguredZone() {
        StatisticsNode shanghai = node(StatisticsOptions.defaults().withZone(ZoneId.of("Asia/Shanghai")));
        for (String at : List.of("2026-03-10T15:59:59Z", "2026-03-10T16:00:00Z")) {    // 23:59:59 and 00:00 in Shanghai
            for (StatisticsRecorder r : List.of(recorder, shanghai.recorder)) {
                r.requested("shop", null, Instant.parse(at), List.of(address("a@one.example")), Map.of());
            }
        }

        assertThat(statistics.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests).containsExactly(2L, 0L);
        assertThat(shanghai.statistics.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests).containsExactly(1L, 1L);
        assertThat(shanghai.statistics.today()).isEqualTo(MARCH_10);
        clock.advance(Duration.ofHours(4));                                            // 16:00 UTC is midnight in Shanghai
        assertThat(shanghai.statistics.today()).isEqualTo(MARCH_11);
        assertThat(statistics.today()).isEqualTo(MARCH_10);
    }

    @Test
    void tagsAreCountedApart_withUntaggedMailInARowOfItsOwn_andTheyAddUpToTheDay() {
        request(message("m1", "shop", "receipt", NOON, "a@one.example", "b@one.example"));
        request(message("m2", "shop", "welcome", NOON, "c@one.example"));
        request(message("m3", "shop", null, NOON, "d@one.example"));
        request(message("m4", "other", "receipt", NOON, "e@one.example"));

        assertThat(statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("receipt", null, 2L), tuple(DailyCounts.UNTAGGED, null, 1L), tuple("welcome", null, 1L));
        assertThat(statistics.daily("shop", MARCH_10, MARCH_11, "receipt")).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple("receipt", 2L), tuple("receipt", 0L));
        assertThat(statistics.daily("shop", MARCH_10, MARCH_10, DailyCounts.UNTAGGED).getFirst().requests()).isEqualTo(1);
        assertThat(statistics.daily("shop", MARCH_10, MARCH_10, "never-used").getFirst().requests()).isZero();
        assertThat(day("shop", MARCH_10).requests()).isEqualTo(4);
    }

    @Test
    void recipientDomainsAreCountedApart_busiestFirst() {
        StoredMessage message = message("m1", "shop", "receipt", NOON, "a@one.example", "b@two.example", "c@two.example",
                "d@three.example");
        request(message);
        recorder.outcome(message, status("b@two.example", DeliveryStatus.DELIVERED, 1), false);

        assertThat(statistics.byDomain("shop", MARCH_10))
                .extracting(DailyCounts::recipientDomain, DailyCounts::tag, DailyCounts::requests, DailyCounts::delivered)
                .containsExactly(tuple("two.example", null, 2L, 1L), tuple("one.example", null, 1L, 0L),
                        tuple("three.example", null, 1L, 0L));
        assertThat(statistics.byDomain("shop", MARCH_11)).isEmpty();
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

        assertThat(recorder.unstored()).isEmpty();
        assertThat(statistics.byTag("shop", MARCH_10)).isEmpty();
    }

    @Test
    void anUnsubscribeCountsOnItsOwnDay_underTheTagOfItsMessageAndTheDomainOfTheAddress() {
        request(message("m1", "shop", "news", NOON, "reader@one.example"));
        clock.advance(Duration.ofDays(1));
        recorder.unsubscribed(new UnsubscribeEvent(address("reader@one.example"), "shop", "m1", "news", clock.instant(), "one-click"));

        assertThat(statistics.daily("shop", MARCH_10, MARCH_11)).extracting(DailyCounts::requests, DailyCounts::unsubscribed)
                .containsExactly(tuple(1L, 0L), tuple(0L, 1L));
        assertThat(statistics.byTag("shop", MARCH_11)).extracting(DailyCounts::tag, DailyCounts::unsubscribed)
                .containsExactly(tuple("news", 1L));
        assertThat(statistics.byDomain("shop", MARCH_11)).extracting(DailyCounts::recipientDomain, DailyCounts::unsubscribed)
                .containsExactly(tuple("one.example", 1L));
    }

    @Test
    void daysOlderThanTheRetainedDaysAreDropped_andCountsForThemIgnored() {
        StatisticsNode threeDays = node(StatisticsOptions.defaults().withRetainedDays(3));
        StoredMessage message = message("m1", "shop", "t", NOON, "a@one.example");
        threeDays.recorder.requested("shop", "t", NOON, List.of(address("a@one.example")), Map.of());

        clock.advance(Duration.ofDays(2));                                            // March 12: March 10 is the oldest day kept
        threeDays.recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        assertThat(threeDays.statistics.daily("shop", MARCH_10, MARCH_10).getFirst().delivered()).isEqualTo(1);

        clock.advance(Duration.ofDays(1));                                            // March 13: March 10 is gone
        threeDays.recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        threeDays.recorder.requested("shop", "t", NOON, List.of(address("b@one.example")), Map.of());
        assertThat(threeDays.statistics.daily("shop", MARCH_10, MARCH_10).getFirst().requests()).isZero();
        assertThat(threeDays.statistics.byTag("shop", MARCH_10)).isEmpty();
        assertThat(threeDays.recorder.unstored()).isEmpty();
        assertThat(threeDays.stored.flush()).isZero();
    }

    @Test
    void aStoredDayOlderThanTheRetainedDaysReadsAsZeros() {
        MailStore store = MailStore.inMemory();
        StatisticsNode threeDays = new StatisticsNode(store, StatisticsOptions.defaults().withRetainedDays(3), clock);
        threeDays.recorder.requested("shop", "t", NOON, List.of(address("a@one.example")), Map.of());
        threeDays.stored.flush();
        clock.advance(Duration.ofDays(2));
        assertThat(threeDays.statistics.daily("shop", MARCH_10, MARCH_10).getFirst().requests()).isEqualTo(1);

        clock.advance(Duration.ofDays(1));                                            // March 13: March 10 is gone

        assertThat(store.records("dm.stats")).as("the store keeps the record").hasSize(2);
        assertThat(threeDays.statistics.daily("shop", MARCH_10, MARCH_12)).extracting(DailyCounts::requests)
                .containsExactly(0L, 0L, 0L);
        assertThat(threeDays.statistics.daily("shop", MARCH_10, MARCH_10, "t").getFirst().requests()).isZero();
        assertThat(threeDays.statistics.byTag("shop", MARCH_10)).isEmpty();
        assertThat(threeDays.statistics.byDomain("shop", MARCH_10)).isEmpty();
    }

    @Test
    void tagsBeyondTheDailyCapAreCountedTogetherUnderOther_whileTheDaysTotalStaysExact() {
        StatisticsNode capped = node(StatisticsOptions.defaults().withMaxTagsPerDay(2));
        List<StoredMessage> messages = new ArrayList<>();
        for (String tag : new String[] {"a", "b", null, "c", "d", "a"}) {
            StoredMessage message = message("m" + messages.size(), "shop", tag, NOON, "x@one.example");
            capped.recorder.requested("shop", tag, NOON, List.of(address("x@one.example")), Map.of());
            messages.add(message);
        }
        capped.recorder.outcome(messages.get(3), status("x@one.example", DeliveryStatus.DELIVERED, 1), false);   // tag c

        for (int flushed = 0; flushed < 2; flushed++) {                               // the same before and after a flush
            assertThat(capped.statistics.byTag("shop", MARCH_10))
                    .extracting(DailyCounts::tag, DailyCounts::requests, DailyCounts::delivered)
                    .containsExactly(tuple(DailyCounts.OTHER, 2L, 1L), tuple("a", 2L, 0L), tuple(DailyCounts.UNTAGGED, 1L, 0L),
                            tuple("b", 1L, 0L));
            assertThat(capped.statistics.daily("shop", MARCH_10, MARCH_10, "c").getFirst().requests()).isZero();
            assertThat(capped.statistics.daily("shop", MARCH_10, MARCH_10, DailyCounts.OTHER).getFirst().requests()).isEqualTo(2);
            assertThat(capped.statistics.daily("shop", MARCH_10, MARCH_10).getFirst().requests()).isEqualTo(6);
            capped.stored.flush();
        }

        clock.advance(Duration.ofDays(1));                                            // a new day has room again
        capped.recorder.requested("shop", "c", clock.instant(), List.of(address("x@one.example")), Map.of());
        assertThat(capped.statistics.byTag("shop", MARCH_11)).extracting(DailyCounts::tag).containsExactly("c");
    }

    @Test
    void domainsBeyondTheDailyCapAreCountedTogetherUnderOther() {
        StatisticsNode capped = node(StatisticsOptions.defaults().withMaxDomainsPerDay(1));
        capped.recorder.requested("shop", null, NOON, List.of(address("a@one.example"), address("b@two.example"),
                address("c@three.example"), address("d@one.example")), Map.of());

        assertThat(capped.statistics.byDomain("shop", MARCH_10)).extracting(DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple(DailyCounts.OTHER, 2L), tuple("one.example", 2L));
    }

    @Test
    void theCapsHoldPerAccountAndDay() {
        StatisticsNode capped = node(StatisticsOptions.defaults().withMaxTagsPerDay(1));
        capped.recorder.requested("shop", "a", NOON, List.of(address("x@one.example")), Map.of());
        capped.recorder.requested("other", "b", NOON, List.of(address("x@one.example")), Map.of());

        assertThat(capped.statistics.byTag("other", MARCH_10)).extracting(DailyCounts::tag).containsExactly("b");
    }

    @Test
    void countsInTheStoreAnswerEveryQueryAsCountsNotYetStoredDid_andSoDoesANodeStartingOnTheStore() {
        MailStore store = MailStore.inMemory();
        StatisticsNode first = new StatisticsNode(store, clock);
        StoredMessage message = message("m1", "shop", "receipt", NOON, "a@one.example", "gone@two.example");
        first.recorder.requested("shop", "receipt", NOON, List.of(address("a@one.example"), address("gone@two.example")), Map.of());
        first.recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        first.recorder.outcome(message, status("gone@two.example", DeliveryStatus.BOUNCED, 1), true);
        first.recorder.requested("other", null, NOON.plus(Duration.ofDays(1)), List.of(address("b@one.example")), Map.of());
        clock.advance(Duration.ofDays(1));
        List<List<DailyCounts>> before = answers(first.statistics);

        assertThat(first.stored.flush()).isZero();
        assertThat(first.recorder.unstored()).isEmpty();
        assertThat(store.records("dm.stats")).hasSize(5);
        StatisticsNode restarted = new StatisticsNode(store, clock);

        assertThat(answers(first.statistics)).isEqualTo(before);
        assertThat(answers(restarted.statistics)).isEqualTo(before);
        assertThat(before.getFirst()).extracting(DailyCounts::requests, DailyCounts::delivered, DailyCounts::failed,
                DailyCounts::invalidAddresses).containsExactly(tuple(2L, 1L, 1L, 1L), tuple(0L, 0L, 0L, 0L));
        assertThat(restarted.recorder.unstored()).as("what the store holds is not written again").isEmpty();
    }

    private static List<List<DailyCounts>> answers(DeliveryStatistics statistics) {
        return List.of(statistics.daily("shop", MARCH_10, MARCH_11), statistics.daily("other", MARCH_10, MARCH_11),
                statistics.daily("shop", MARCH_10, MARCH_11, "receipt"), statistics.byTag("shop", MARCH_10),
                statistics.byDomain("shop", MARCH_10));
    }

    @Test
    void notingStoredNamesRefusesARowThatNamesBothATagAndADomain_andNotesNothing() {
        StatisticsNode capped = node(StatisticsOptions.defaults().withMaxTagsPerDay(1));
        List<DailyCounts> bad = List.of(new DailyCounts(MARCH_10, "shop", "a", null, 1, 0, 0, 0, 0, 0, 0),
                new DailyCounts(MARCH_10, "shop", "receipt", "one.example", 1, 0, 0, 0, 0, 0, 0));

        assertThatThrownBy(() -> capped.recorder.noteStored(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receipt").hasMessageContaining("one.example");
        assertThatThrownBy(() -> capped.recorder.noteStored(List.of(DailyCounts.empty(MARCH_10, "shop", null, null))))
                .isInstanceOf(IllegalArgumentException.class);
        capped.recorder.requested("shop", "b", NOON, List.of(address("x@one.example")), Map.of());
        assertThat(capped.statistics.byTag("shop", MARCH_10)).as("tag a was not noted: b is within the cap")
                .extracting(DailyCounts::tag).containsExactly("b");
    }

    @Test
    void recordingAndFlushingFromManyThreadsAtOnceLosesNoCountAndStoresNoneTwice() throws Exception {
        MailStore store = MailStore.inMemory();
        StatisticsNode node = new StatisticsNode(store, clock);
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
                        node.recorder.requested("shop", tag, NOON, List.of(address("a@one.example"), address("b@two.example")),
                                Map.of());
                        node.recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
                        node.stored.flush();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        DailyCounts row = node.statistics.daily("shop", MARCH_10, MARCH_10).getFirst();
        assertThat(row.requests()).isEqualTo(2L * threads * sendsEach);
        assertThat(row.delivered()).isEqualTo((long) threads * sendsEach);
        assertThat(node.statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(3000L, 3000L, 2000L);
        assertThat(node.statistics.byDomain("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(4000L, 4000L);
        assertThat(node.stored.flush()).isZero();
        List<DailyCounts> stored = node.stored.load();
        assertThat(stored.stream().filter(r -> r.tag() != null).mapToLong(DailyCounts::requests).sum()).isEqualTo(row.requests());
        assertThat(stored.stream().filter(r -> r.recipientDomain() != null).mapToLong(DailyCounts::delivered).sum())
                .isEqualTo(row.delivered());
    }
}
