package io.directmail.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.store.MailStore;
import io.directmail.stats.DailyCounts;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics reach the store's records and come back from them. */
class StoredStatisticsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Instant NOON = Instant.parse("2026-04-01T12:00:00Z");

    private final SettableClock clock = new SettableClock(NOON);

    private static DailyCounts tagged(String tag, long requests, long delivered) {
        return new DailyCounts(DAY, "acme", tag, null, requests, delivered, 0, 0, 0, 0, 0);
    }

    private static void request(StatisticsNode node, String tag, String... recipients) {
        node.recorder.requested("acme", tag, NOON, List.of(recipients).stream().map(StatisticsRecorderTest::address).toList(),
                Map.of());
    }

    @Test
    void increments_addUpInTheStore_perTagAndPerDomain_andReadBack() {
        StatisticsNode node = new StatisticsNode(MailStore.inMemory(), clock);

        request(node, "welcome/v2", "a@example.org", "b@example.org", "c@example.org");
        node.stored.flush();
        request(node, "welcome/v2", "d@example.org");
        request(node, null, "e@example.net");
        node.stored.flush();

        assertThat(node.stored.load()).containsExactlyInAnyOrder(tagged("welcome/v2", 4, 0), tagged("", 1, 0),
                new DailyCounts(DAY, "acme", null, "example.org", 4, 0, 0, 0, 0, 0, 0),
                new DailyCounts(DAY, "acme", null, "example.net", 1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aRowWhoseRecordKeepsChanging_waitsForTheNextFlush_insteadOfSpinning_whileTheOthersAreWritten() {
        AtomicInteger refusals = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger tries = new AtomicInteger();
        MailStore store = new ForwardingMailStore(MailStore.inMemory()) {
            @Override
            public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
                if (!key.endsWith("/t/t")) {
                    return super.replaceRecord(kind, key, expected, value);
                }
                tries.incrementAndGet();
                return refusals.get() <= 0 && super.replaceRecord(kind, key, expected, value);
            }
        };
        StatisticsNode node = new StatisticsNode(store, clock);
        request(node, "t", "a@example.org");
        node.stored.flush();

        request(node, "t", "b@example.org");
        assertThat(node.stored.flush()).isEqualTo(1);
        assertThat(tries.get()).isEqualTo(16);
        assertThat(node.stored.load()).contains(tagged("t", 1, 0),
                new DailyCounts(DAY, "acme", null, "example.org", 2, 0, 0, 0, 0, 0, 0));
        assertThat(node.statistics.daily("acme", DAY, DAY, "t").getFirst().requests()).isEqualTo(2);

        refusals.set(0);
        assertThat(node.stored.flush()).isZero();
        assertThat(node.stored.load()).contains(tagged("t", 2, 0));
        assertThat(node.statistics.daily("acme", DAY, DAY, "t").getFirst().requests()).isEqualTo(2);
    }

    @Test
    void recordsThatAreNotStatistics_areSkippedByQueries() {
        MailStore store = MailStore.inMemory();
        store.putRecord(StoredStatistics.KIND, "acme/2026-04-01/t/broken", new byte[] {9});
        store.putRecord(StoredStatistics.KIND, "acme/2026-04-01/x/odd", StoredStatistics.encode(tagged("odd", 5, 0)));
        store.putRecord(StoredStatistics.KIND, "acme/2026-13-01/t/odd", StoredStatistics.encode(tagged("odd", 5, 0)));
        StatisticsNode node = new StatisticsNode(store, clock);
        request(node, "t", "a@example.org");

        assertThat(node.statistics.byTag("acme", DAY)).extracting(DailyCounts::tag, DailyCounts::requests)
                .containsExactly(tuple("t", 1L));
        assertThat(node.statistics.daily("acme", DAY.minusDays(1), DAY)).extracting(DailyCounts::requests).containsExactly(0L, 1L);
    }

    @Test
    void theStatisticsOfAnInstance_surviveARestartOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        Mail mail = Mail.newBuilder().account("acme").tag("receipt").from("shop@acme.example").addTo("alice@example.org")
                .subject("Receipt").text("Thanks").build();
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).clock(clock).dataDirectory(dir).build()) {
            directMail.send(mail);
            directMail.send(mail);
            transport.awaitMessages(2, Duration.ofSeconds(10));
        }

        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).clock(clock).dataDirectory(dir).build()) {
            directMail.send(mail);
            transport.awaitMessages(3, Duration.ofSeconds(10));
            List<DailyCounts> days = directMail.statistics().daily("acme", DAY, DAY, "receipt");
            assertThat(days).singleElement().satisfies(day -> assertThat(day.requests()).isEqualTo(3));
        }
    }
}
