package io.directmail.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics reach the store's records and come back from them. */
class StoredStatisticsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");

    private static DailyCounts tagged(String tag, long requests, long delivered) {
        return new DailyCounts(DAY, "acme", tag, null, requests, delivered, 0, 0, 0, 0, 0);
    }

    @Test
    void increments_addUpInTheStore_perTagAndPerDomain_andReadBack() {
        MailStore store = MailStore.inMemory();
        StoredStatistics stored = new StoredStatistics(store);

        stored.add(List.of(tagged("welcome/v2", 3, 2), new DailyCounts(DAY, "acme", null, "example.org", 3, 2, 1, 1, 0, 1, 0)));
        stored.add(List.of(tagged("welcome/v2", 1, 1), tagged("", 5, 0)));

        assertThat(stored.load()).containsExactlyInAnyOrder(
                tagged("welcome/v2", 4, 3), tagged("", 5, 0),
                new DailyCounts(DAY, "acme", null, "example.org", 3, 2, 1, 1, 0, 1, 0));
    }

    @Test
    void anIncrementTheStoreRefused_isAddedAtTheNextFlush_exactlyOnce() {
        AtomicInteger refusals = new AtomicInteger(1);
        MailStore store = new ForwardingMailStore(MailStore.inMemory()) {
            @Override
            public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
                if (refusals.getAndDecrement() > 0) {
                    throw new io.directmail.DirectMailException("disk full");
                }
                return super.replaceRecord(kind, key, expected, value);
            }
        };
        StoredStatistics stored = new StoredStatistics(store);
        stored.add(List.of(tagged("t", 1, 1)));

        stored.add(List.of(tagged("t", 1, 0), tagged("u", 2, 2)));
        assertThat(stored.load()).containsExactlyInAnyOrder(tagged("t", 1, 1), tagged("u", 2, 2));
        stored.add(List.of());

        assertThat(stored.load()).containsExactlyInAnyOrder(tagged("t", 2, 1), tagged("u", 2, 2));
    }

    @Test
    void anIncrementWhoseRecordKeepsChanging_waitsForTheNextFlush_insteadOfSpinning() {
        AtomicInteger refusals = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger tries = new AtomicInteger();
        MailStore store = new ForwardingMailStore(MailStore.inMemory()) {
            @Override
            public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
                tries.incrementAndGet();
                return refusals.get() <= 0 && super.replaceRecord(kind, key, expected, value);
            }
        };
        StoredStatistics stored = new StoredStatistics(store);
        stored.add(List.of(tagged("t", 1, 1)));

        stored.add(List.of(tagged("t", 1, 0)));
        assertThat(tries.get()).isEqualTo(16);
        assertThat(stored.load()).containsExactly(tagged("t", 1, 1));

        refusals.set(0);
        stored.add(List.of());
        assertThat(stored.load()).containsExactly(tagged("t", 2, 1));
    }

    @Test
    void theStatisticsOfAnInstance_surviveARestartOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-01T10:00:00Z"));
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
