package io.directmail.internal.stats;

import static io.directmail.internal.stats.StatisticsRecorderTest.message;
import static io.directmail.internal.stats.StatisticsRecorderTest.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.DeliveryStatus;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The seam a store uses: flush hands increments, restore loads totals, snapshot returns every row. */
class StatisticsPersistenceTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);

    private final SettableClock clock = new SettableClock(NOON);

    /** A store that adds every flushed row to the row of the same key, as a shared database would. */
    private static final class SharedStore {

        private final Map<String, DailyCounts> rows = new TreeMap<>();

        void add(List<DailyCounts> increments) {
            for (DailyCounts increment : increments) {
                String key = increment.day() + "|" + increment.account() + "|" + increment.tag() + "|" + increment.recipientDomain();
                DailyCounts held = rows.getOrDefault(key,
                        DailyCounts.empty(increment.day(), increment.account(), increment.tag(), increment.recipientDomain()));
                rows.put(key, new DailyCounts(held.day(), held.account(), held.tag(), held.recipientDomain(),
                        held.requests() + increment.requests(), held.delivered() + increment.delivered(),
                        held.failed() + increment.failed(), held.invalidAddresses() + increment.invalidAddresses(),
                        held.suppressed() + increment.suppressed(), held.deferred() + increment.deferred(),
                        held.unsubscribed() + increment.unsubscribed()));
            }
        }

        List<DailyCounts> rows() {
            return List.copyOf(rows.values());
        }
    }

    private StatisticsRecorder recorder() {
        return new StatisticsRecorder(StatisticsOptions.defaults(), clock);
    }

    private static StoredMessage send(StatisticsRecorder recorder, String id, String tag, String... recipients) {
        StoredMessage message = message(id, "shop", tag, NOON, recipients);
        recorder.requested("shop", tag, NOON, List.of(recipients).stream().map(StatisticsRecorderTest::address).toList(), Map.of());
        return message;
    }

    private static DailyCounts total(StatisticsRecorder recorder) {
        return recorder.daily("shop", MARCH_10, MARCH_10).getFirst();
    }

    @Test
    void aFlushHandsOnlyWhatWasCountedSinceTheLastOne_oneRowPerTagAndPerDomain() {
        StatisticsRecorder recorder = recorder();
        StoredMessage message = send(recorder, "m1", "receipt", "a@one.example", "b@two.example");
        List<List<DailyCounts>> handed = new ArrayList<>();

        assertThat(recorder.flush(handed::add)).isEqualTo(3);
        assertThat(recorder.flush(handed::add)).isZero();
        recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        assertThat(recorder.flush(handed::add)).isEqualTo(2);

        assertThat(handed).hasSize(2);
        assertThat(handed.get(0)).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("receipt", null, 2L), tuple(null, "one.example", 1L), tuple(null, "two.example", 1L));
        assertThat(handed.get(1)).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests,
                        DailyCounts::delivered)
                .containsExactly(tuple("receipt", null, 0L, 1L), tuple(null, "one.example", 0L, 1L));
        assertThat(total(recorder).requests()).as("flushing does not change the totals").isEqualTo(2);
    }

    @Test
    void aFlushWhoseStoreThrowsIsHandedAgain_withWhatWasCountedMeanwhile() {
        StatisticsRecorder recorder = recorder();
        send(recorder, "m1", "receipt", "a@one.example");
        IllegalStateException down = new IllegalStateException("database down");

        assertThatThrownBy(() -> recorder.flush(rows -> {
            throw down;
        })).isSameAs(down);
        assertThat(total(recorder).requests()).isEqualTo(1);
        send(recorder, "m2", "receipt", "b@one.example");
        List<DailyCounts> handed = new ArrayList<>();
        recorder.flush(handed::addAll);

        assertThat(handed).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("receipt", null, 2L), tuple(null, "one.example", 2L));
        assertThat(total(recorder).requests()).isEqualTo(2);
    }

    @Test
    void nodesSharingAStoreEachAddTheirOwnCounts_andSeeTheOthersAfterARestore() {
        SharedStore store = new SharedStore();
        StatisticsRecorder nodeA = recorder();
        StatisticsRecorder nodeB = recorder();
        send(nodeA, "a1", "receipt", "a@one.example");
        send(nodeB, "b1", "receipt", "b@one.example", "c@two.example");
        nodeA.flush(store::add);
        nodeB.flush(store::add);
        send(nodeA, "a2", "welcome", "d@one.example");                              // not flushed yet

        nodeA.restore(store.rows());

        assertThat(total(nodeA).requests()).isEqualTo(4);
        assertThat(nodeA.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple("receipt", 3L), tuple("welcome", 1L));
        nodeA.flush(store::add);
        StatisticsRecorder restarted = recorder();
        restarted.restore(store.rows());
        assertThat(restarted.snapshot()).isEqualTo(nodeA.snapshot());
        assertThat(total(restarted).requests()).isEqualTo(4);
    }

    @Test
    void aRestoreWhileAFlushFails_losesNoCount() {
        SharedStore store = new SharedStore();
        StatisticsRecorder recorder = recorder();
        send(recorder, "m1", "receipt", "a@one.example");
        recorder.flush(store::add);
        send(recorder, "m2", "receipt", "b@one.example");

        assertThatThrownBy(() -> recorder.flush(rows -> {
            recorder.restore(store.rows());                                          // what the store holds: m1 only
            throw new IllegalStateException("write failed");
        })).hasMessage("write failed");

        assertThat(total(recorder).requests()).isEqualTo(2);
        recorder.flush(store::add);
        assertThat(store.rows()).filteredOn(row -> row.tag() != null).extracting(DailyCounts::requests).containsExactly(2L);
    }

    @Test
    void restoredRowsBeyondTheCapsAreCountedUnderOther() {
        StatisticsRecorder capped = new StatisticsRecorder(StatisticsOptions.defaults().withMaxTagsPerDay(1), clock);
        capped.restore(List.of(new DailyCounts(MARCH_10, "shop", "a", null, 1, 0, 0, 0, 0, 0, 0),
                new DailyCounts(MARCH_10, "shop", "b", null, 2, 0, 0, 0, 0, 0, 0),
                new DailyCounts(MARCH_10, "shop", "c", null, 3, 0, 0, 0, 0, 0, 0)));

        assertThat(capped.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple(DailyCounts.OTHER, 5L), tuple("a", 1L));
    }

    @Test
    void theStoreIsNotAskedWhenNothingWasCounted() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(recorder().flush(rows -> calls.incrementAndGet())).isZero();
        assertThat(calls).hasValue(0);
    }
}
