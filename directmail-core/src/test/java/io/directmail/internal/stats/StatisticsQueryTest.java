package io.directmail.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.InvalidStatisticsQueryException;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The queries' ranges, and the clear refusal of every argument no mail can match. */
class StatisticsQueryTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);

    /** The key prefixes the store was asked to list. */
    private final List<String> listed = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> readFailure = new AtomicReference<>();
    private final MailStore store = new ForwardingMailStore(MailStore.inMemory()) {
        @Override
        public List<StoredRecord> records(String kind, String keyPrefix) {
            listed.add(keyPrefix);
            if (readFailure.get() != null) {
                throw readFailure.get();
            }
            return super.records(kind, keyPrefix);
        }
    };
    private final StatisticsNode node = new StatisticsNode(store, StatisticsOptions.defaults().withRetainedDays(30),
            new SettableClock(NOON));
    private final StatisticsRecorder recorder = node.recorder;
    private final DeliveryStatistics statistics = node.statistics;

    StatisticsQueryTest() {
        recorder.requested("shop", "receipt", NOON, List.of(EmailAddress.of("a@one.example")), Map.of());
        listed.clear();
    }

    @Test
    void aRangeHasOneRowPerDay_bothEndsIncluded_zerosWhereNothingWasSent() {
        List<DailyCounts> rows = statistics.daily("shop", MARCH_10.minusDays(2), MARCH_10);

        assertThat(rows).extracting(DailyCounts::day).containsExactly(MARCH_10.minusDays(2), MARCH_10.minusDays(1), MARCH_10);
        assertThat(rows).extracting(DailyCounts::requests).containsExactly(0L, 0L, 1L);
        assertThat(rows.getFirst().deliveryRate()).isEmpty();
        assertThat(statistics.daily("shop", MARCH_10, MARCH_10)).hasSize(1);
    }

    @Test
    void aRangeMaySpanTheRetainedDays_butNotOneMore() {
        assertThat(statistics.daily("shop", MARCH_10.minusDays(29), MARCH_10)).hasSize(30);
        assertThat(statistics.daily("shop", MARCH_10.minusDays(29), MARCH_10, "receipt")).hasSize(30);

        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10.minusDays(30), MARCH_10))
                .isInstanceOf(InvalidStatisticsQueryException.class)
                .hasMessageContaining("2026-02-08").hasMessageContaining("31 days").hasMessageContaining("at most 30");
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10.minusDays(30), MARCH_10, "receipt"))
                .isInstanceOf(InvalidStatisticsQueryException.class);
    }

    @Test
    void aBackwardsRangeIsRefused() {
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10.minusDays(1)))
                .isInstanceOf(InvalidStatisticsQueryException.class).hasMessage("to 2026-03-09 is before from 2026-03-10");
    }

    @Test
    void malformedAccountIdsAreRefusedByEveryQuery() {
        for (String account : new String[] {"", "-shop", "sh op", "a".repeat(65), "shop\n"}) {
            assertThatThrownBy(() -> statistics.daily(account, MARCH_10, MARCH_10))
                    .isInstanceOf(InvalidStatisticsQueryException.class).hasMessageStartingWith("account must be 1 to 64");
            assertThatThrownBy(() -> statistics.daily(account, MARCH_10, MARCH_10, "receipt"))
                    .isInstanceOf(InvalidStatisticsQueryException.class);
            assertThatThrownBy(() -> statistics.byTag(account, MARCH_10)).isInstanceOf(InvalidStatisticsQueryException.class);
            assertThatThrownBy(() -> statistics.byDomain(account, MARCH_10)).isInstanceOf(InvalidStatisticsQueryException.class);
        }
        assertThatThrownBy(() -> statistics.byTag("shop\n", MARCH_10)).hasMessageContaining("\"shop\\n\"");
        assertThat(statistics.daily("a".repeat(64), MARCH_10, MARCH_10)).hasSize(1);
    }

    @Test
    void tagsNoMailCanHaveAreRefused_and128CharactersAreFine() {
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10, "x".repeat(129)))
                .isInstanceOf(InvalidStatisticsQueryException.class).hasMessageContaining("129 characters");
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10, "new\nsletter"))
                .isInstanceOf(InvalidStatisticsQueryException.class).hasMessageContaining("line feed");
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10, "  "))
                .isInstanceOf(InvalidStatisticsQueryException.class).hasMessageContaining("blank");

        assertThat(statistics.daily("shop", MARCH_10, MARCH_10, "x".repeat(128))).hasSize(1);
    }

    @Test
    void missingArgumentsAreNamed() {
        assertThatThrownBy(() -> statistics.daily(null, MARCH_10, MARCH_10)).isInstanceOf(NullPointerException.class).hasMessage("account");
        assertThatThrownBy(() -> statistics.daily("shop", null, MARCH_10)).isInstanceOf(NullPointerException.class).hasMessage("from");
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, null)).isInstanceOf(NullPointerException.class).hasMessage("to");
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tag");
        assertThatThrownBy(() -> statistics.byTag("shop", null)).isInstanceOf(NullPointerException.class).hasMessage("day");
        assertThatThrownBy(() -> statistics.byDomain("shop", null)).isInstanceOf(NullPointerException.class).hasMessage("day");
    }

    @Test
    void refusedQueriesChangeNothing_andReadNothing() {
        List<DailyCounts> before = recorder.unstored();
        assertThatThrownBy(() -> statistics.daily("", MARCH_10, MARCH_10)).isInstanceOf(InvalidStatisticsQueryException.class);
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10.minusDays(1))).isInstanceOf(InvalidStatisticsQueryException.class);

        assertThat(listed).isEmpty();
        assertThat(recorder.unstored()).isEqualTo(before).hasSize(2);
    }

    @Test
    void aQueryListsOnlyItsAccountsRecords_ofTheKeptDaysItAsksFor() {
        node.stored.flush();
        recorder.requested("shopping", "receipt", NOON, List.of(EmailAddress.of("b@one.example")), Map.of());
        node.stored.flush();

        assertThat(statistics.byTag("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(1L);
        assertThat(statistics.byDomain("shop", MARCH_10)).extracting(DailyCounts::requests).containsExactly(1L);
        assertThat(statistics.daily("shop", MARCH_10.minusDays(6), MARCH_10)).extracting(DailyCounts::requests)
                .containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 1L);
        assertThat(statistics.daily("shop", MARCH_10.minusDays(29), MARCH_10, "receipt").getLast().requests()).isEqualTo(1);

        assertThat(listed).containsExactly("shop/2026-03-10/", "shop/2026-03-10/", "shop/2026-03-", "shop/2026-02-",
                "shop/2026-03-");
        listed.clear();
        assertThat(statistics.byTag("shop", MARCH_10.minusDays(30))).as("a day no longer kept").isEmpty();
        assertThat(listed).isEmpty();
    }

    @Test
    void theListingsOfARangeCoverItsWholeYearsAndMonths() {
        LocalDate june15 = LocalDate.of(2024, 6, 15);
        assertThat(StatisticsQueries.keyPrefixes("shop", june15, june15)).containsExactly("shop/2024-06-15/");
        assertThat(StatisticsQueries.keyPrefixes("shop", june15, june15.plusDays(1))).containsExactly("shop/2024-06-");
        assertThat(StatisticsQueries.keyPrefixes("shop", june15, LocalDate.of(2026, 2, 1))).containsExactly(
                "shop/2024-06-", "shop/2024-07-", "shop/2024-08-", "shop/2024-09-", "shop/2024-10-", "shop/2024-11-",
                "shop/2024-12-", "shop/2025-", "shop/2026-01-", "shop/2026-02-");
        assertThat(StatisticsQueries.keyPrefixes("shop", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 30)))
                .as("a year less its last day").hasSize(12).startsWith("shop/2025-01-").endsWith("shop/2025-12-");
        assertThat(StatisticsQueries.keyPrefixes("shop", LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 2)))
                .containsExactly("shop/9999-12-", "shop/+10000-01-");
        for (LocalDate day : List.of(june15, LocalDate.of(10000, 1, 2))) {
            String key = StoredStatistics.keyOf(DailyCounts.empty(day, "shop", "t", null));
            assertThat(StatisticsQueries.keyPrefixes("shop", day.minusDays(40), day)).anyMatch(key::startsWith);
        }
    }

    @Test
    void aStoreThatCannotBeRead_failsTheQueryNamingTheAccount_andLosesNoCount() {
        readFailure.set(new IllegalStateException("connection refused"));

        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10)).isInstanceOf(DirectMailException.class)
                .hasMessage("cannot read the statistics of account shop from the store: connection refused")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> statistics.byTag("shop", MARCH_10)).isInstanceOf(DirectMailException.class);
        assertThatThrownBy(() -> statistics.byDomain("shop", MARCH_10)).isInstanceOf(DirectMailException.class);
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10, "receipt")).isInstanceOf(DirectMailException.class);

        readFailure.set(null);
        assertThat(statistics.daily("shop", MARCH_10, MARCH_10).getFirst().requests()).isEqualTo(1);
    }
}
