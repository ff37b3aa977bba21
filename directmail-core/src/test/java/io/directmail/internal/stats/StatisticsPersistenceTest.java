package io.directmail.internal.stats;

import static io.directmail.internal.stats.StatisticsRecorderTest.address;
import static io.directmail.internal.stats.StatisticsRecorderTest.message;
import static io.directmail.internal.stats.StatisticsRecorderTest.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * How the counts reach the store and how queries read them back: a query answers with the store's
 * totals plus this node's counts not yet stored, each counted once whatever a flush is doing.
 */
class StatisticsPersistenceTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock(NOON);
    /** The statistics records written (put or replaced), by every node on {@link #store}. */
    private final AtomicInteger writes = new AtomicInteger();
    /** Thrown by every write while set. */
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final MailStore store = new ForwardingMailStore(MailStore.inMemory()) {
        @Override
        public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
            return write(() -> super.putRecordIfAbsent(kind, key, value));
        }

        @Override
        public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
            return write(() -> super.replaceRecord(kind, key, expected, value));
        }
    };

    private boolean write(BooleanSupplier write) {
        writes.incrementAndGet();
        if (storeDown.get()) {
            throw new DirectMailException("database down");
        }
        return write.getAsBoolean();
    }

    private StatisticsNode node() {
        return new StatisticsNode(store, clock);
    }

    private static StoredMessage send(StatisticsNode node, String id, String tag, String... recipients) {
        StoredMessage message = message(id, "shop", tag, NOON, recipients);
        node.recorder.requested("shop", tag, NOON, List.of(recipients).stream().map(StatisticsRecorderTest::address).toList(),
                Map.of());
        return message;
    }

    private static DailyCounts total(DeliveryStatistics statistics) {
        return statistics.daily("shop", MARCH_10, MARCH_10).getFirst();
    }

    @Test
    void aFlushWritesOnlyWhatWasCountedSinceTheLastOne_oneRecordPerTagAndPerDomain_andChangesNoFigure() {
        StatisticsNode node = node();
        StoredMessage message = send(node, "m1", "receipt", "a@one.example", "b@two.example");
        assertThat(node.recorder.unstored()).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("receipt", null, 2L), tuple(null, "one.example", 1L), tuple(null, "two.example", 1L));

        assertThat(node.stored.flush()).isZero();
        assertThat(writes).hasValue(3);
        assertThat(node.stored.flush()).isZero();
        assertThat(writes).as("nothing new, nothing written").hasValue(3);
        node.recorder.outcome(message, status("a@one.example", DeliveryStatus.DELIVERED, 1), false);
        assertThat(node.recorder.unstored()).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests,
                DailyCounts::delivered).containsExactly(tuple("receipt", null, 0L, 1L), tuple(null, "one.example", 0L, 1L));
        assertThat(total(node.statistics).delivered()).isEqualTo(1);
        node.stored.flush();

        assertThat(writes).hasValue(5);
        assertThat(node.stored.load()).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests,
                DailyCounts::delivered).containsExactlyInAnyOrder(tuple("receipt", null, 2L, 1L), tuple(null, "one.example", 1L, 1L),
                tuple(null, "two.example", 1L, 0L));
        assertThat(total(node.statistics)).extracting(DailyCounts::requests, DailyCounts::delivered).containsExactly(2L, 1L);
    }

    @Test
    void rowsAFailedFlushCouldNotWrite_areCountedOnce_andWrittenWithWhatCameMeanwhileAtTheNextFlush() {
        StatisticsNode node = node();
        send(node, "m1", "receipt", "a@one.example", "b@two.example");
        storeDown.set(true);

        assertThat(node.stored.flush()).as("all three rows left").isEqualTo(3);
        assertThat(writes).as("the flush stops at the first failure").hasValue(1);
        assertThat(total(node.statistics).requests()).isEqualTo(2);
        send(node, "m2", "receipt", "c@one.example");
        assertThat(total(node.statistics).requests()).isEqualTo(3);
        storeDown.set(false);

        assertThat(node.stored.flush()).isZero();
        assertThat(node.stored.load()).extracting(DailyCounts::tag, DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactlyInAnyOrder(tuple("receipt", null, 3L), tuple(null, "one.example", 2L), tuple(null, "two.example", 1L));
        assertThat(total(node.statistics).requests()).isEqualTo(3);
        assertThat(node.statistics.byDomain("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(2L, 1L);
    }

    @Test
    void aFlushThatFailsPartWay_leavesEveryCountOnceInTheStoreOrNotYetStored() {
        StatisticsNode node = node();
        send(node, "m1", "receipt", "a@one.example", "b@two.example");
        AtomicInteger allowed = new AtomicInteger(2);
        MailStore failing = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                if (allowed.getAndDecrement() <= 0) {
                    throw new DirectMailException("connection lost");
                }
                return super.putRecordIfAbsent(kind, key, value);
            }
        };
        StatisticsRecorder recorder = node.recorder;
        StoredStatistics partly = new StoredStatistics(failing, recorder, NOON);

        assertThat(partly.flush()).isEqualTo(1);
        assertThat(node.stored.load()).hasSize(2);
        assertThat(recorder.unstored()).extracting(DailyCounts::recipientDomain).containsExactly("two.example");
        assertThat(node.statistics.byDomain("shop", MARCH_10)).extracting(DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("one.example", 1L), tuple("two.example", 1L));
        assertThat(total(node.statistics).requests()).isEqualTo(2);
    }

    @Test
    void nodesSharingAStore_seeEachOthersCountsOnceFlushed_withoutARestart() {
        StatisticsNode nodeA = node();
        StatisticsNode nodeB = node();
        send(nodeA, "a1", "receipt", "a@one.example");
        send(nodeB, "b1", "receipt", "b@one.example", "c@two.example");
        send(nodeB, "b2", "welcome", "d@one.example");

        assertThat(total(nodeA.statistics).requests()).as("B's counts are not in the store yet").isEqualTo(1);
        nodeB.stored.flush();

        assertThat(total(nodeA.statistics).requests()).isEqualTo(4);
        assertThat(nodeA.statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple("receipt", 3L), tuple("welcome", 1L));
        assertThat(nodeA.statistics.byDomain("shop", MARCH_10)).extracting(DailyCounts::recipientDomain, DailyCounts::requests)
                .containsExactly(tuple("one.example", 3L), tuple("two.example", 1L));
        assertThat(total(nodeB.statistics).requests()).as("A's count is not in the store yet").isEqualTo(3);

        nodeA.stored.flush();
        assertThat(total(nodeA.statistics).requests()).isEqualTo(4);
        assertThat(total(nodeB.statistics).requests()).isEqualTo(4);
        assertThat(nodeB.statistics.daily("shop", MARCH_10, MARCH_10, "receipt").getFirst().requests()).isEqualTo(3);
    }

    @Test
    void aQueryWhileARowIsBeingWritten_countsItOnce() throws Exception {
        StatisticsNode node = node();
        send(node, "m1", "receipt", "a@one.example", "b@one.example");
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MailStore slow = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                boolean put = super.putRecordIfAbsent(kind, key, value);
                if (key.endsWith("/t/receipt")) {
                    written.countDown();                                                // in the store, not yet taken off
                    await(release);
                }
                return put;
            }
        };
        StoredStatistics flushing = new StoredStatistics(slow, node.recorder, NOON);
        StatisticsQueries queries = new StatisticsQueries(node.recorder, flushing);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> flush = threads.submit(flushing::flush);
            assertThat(written.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> querying = new AtomicReference<>();
            CompletableFuture<DailyCounts> query = CompletableFuture.supplyAsync(() -> {
                querying.set(Thread.currentThread());
                return total(queries);
            }, threads);
            awaitWaitingOrDone(query, querying);
            release.countDown();

            assertThat(query.get(WAIT.toSeconds(), TimeUnit.SECONDS).requests()).isEqualTo(2);
            assertThat(flush.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        }
        assertThat(total(node.statistics).requests()).isEqualTo(2);
    }

    /** Waits until the query has finished or its thread waits (for the row being written); bounded. */
    private static void awaitWaitingOrDone(CompletableFuture<?> query, AtomicReference<Thread> querying) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!query.isDone()) {
            Thread thread = querying.get();
            if (thread != null && thread.getState() == Thread.State.WAITING) {
                return;
            }
            assertThat(System.nanoTime()).as("the query neither finished nor waited").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void queriesWhileCountingAndFlushing_neverMissACountedRequestNorCountOneTwice() throws Exception {
        StatisticsNode node = node();
        int senders = 4;
        int sendsEach = 2_000;
        AtomicLong started = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<String> wrong = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(senders + 2)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                String tag = "tag-" + t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < sendsEach; i++) {
                        started.incrementAndGet();
                        node.recorder.requested("shop", tag, NOON, List.of(address("a@one.example")), Map.of());
                        counted.incrementAndGet();
                    }
                }));
            }
            Future<?> flusher = threads.submit(() -> {
                while (sending.get()) {
                    node.stored.flush();
                }
            });
            Future<?> querier = threads.submit(() -> {
                while (sending.get()) {
                    long before = counted.get();
                    long seen = total(node.statistics).requests();
                    long after = started.get();
                    if (seen < before || seen > after) {
                        wrong.add(seen + " not within " + before + " to " + after);
                    }
                }
            });
            for (Future<?> sender : done) {
                sender.get(30, TimeUnit.SECONDS);
            }
            sending.set(false);
            flusher.get(30, TimeUnit.SECONDS);
            querier.get(30, TimeUnit.SECONDS);
        }

        assertThat(wrong).isEmpty();
        assertThat(total(node.statistics).requests()).isEqualTo((long) senders * sendsEach);
        node.stored.flush();
        assertThat(node.stored.load().stream().filter(row -> row.tag() != null).mapToLong(DailyCounts::requests).sum())
                .isEqualTo((long) senders * sendsEach);
    }

    @Test
    void aNodeStartingOnAStoreWithMoreNamesThanTheCap_countsTheFirstInKeyOrder_andTheRestUnderOther() {
        StatisticsNode writer = node();
        for (String tag : new String[] {"c", "b", "a"}) {
            send(writer, tag, tag, "x@one.example");
        }
        writer.stored.flush();
        StatisticsNode capped = new StatisticsNode(store, StatisticsOptions.defaults().withMaxTagsPerDay(1), clock);

        assertThat(capped.statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple(DailyCounts.OTHER, 2L), tuple("a", 1L));
        send(capped, "n1", "b", "y@one.example");                                       // b is beyond the cap here
        send(capped, "n2", "a", "y@one.example");
        assertThat(capped.recorder.unstored()).filteredOn(row -> row.tag() != null).extracting(DailyCounts::tag)
                .containsExactly(DailyCounts.OTHER, "a");
        assertThat(capped.statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple(DailyCounts.OTHER, 3L), tuple("a", 2L));
        assertThat(capped.statistics.daily("shop", MARCH_10, MARCH_10, "b").getFirst().requests()).isZero();
        assertThat(total(capped.statistics).requests()).isEqualTo(5);
    }

    @Test
    void nodesThatTogetherCountedMoreNamesThanTheCap_allAnswerTheSame() {
        StatisticsOptions oneTag = StatisticsOptions.defaults().withMaxTagsPerDay(1);
        StatisticsNode nodeA = new StatisticsNode(store, oneTag, clock);
        StatisticsNode nodeB = new StatisticsNode(store, oneTag, clock);
        send(nodeA, "a1", "zebra", "x@one.example");
        send(nodeB, "b1", "apple", "y@one.example", "z@one.example");
        nodeA.stored.flush();
        nodeB.stored.flush();

        for (StatisticsNode node : List.of(nodeA, nodeB)) {
            assertThat(node.statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::tag, DailyCounts::requests)
                    .containsExactly(tuple("apple", 2L), tuple(DailyCounts.OTHER, 1L));
            assertThat(node.statistics.daily("shop", MARCH_10, MARCH_10, "zebra").getFirst().requests()).isZero();
            assertThat(total(node.statistics).requests()).isEqualTo(3);
        }
    }

    @Test
    void theStoreIsNotWrittenWhenNothingWasCounted_andTheFirstPeriodicFlushIsDueAPeriodAfterStart() {
        StatisticsNode node = node();
        assertThat(node.stored.flush()).isZero();
        send(node, "m1", null, "a@one.example");

        node.stored.flushIfDue(NOON.plus(Duration.ofMillis(4_999)));
        assertThat(writes).hasValue(0);
        node.stored.flushIfDue(NOON.plus(Duration.ofSeconds(5)));
        assertThat(writes).hasValue(2);
        send(node, "m2", null, "b@one.example");
        node.stored.flushIfDue(NOON.plus(Duration.ofMillis(9_999)));
        assertThat(writes).hasValue(2);
        node.stored.flushIfDue(NOON.plus(Duration.ofSeconds(10)));
        assertThat(writes).hasValue(4);
        assertThat(total(node.statistics).requests()).isEqualTo(2);
    }
}
