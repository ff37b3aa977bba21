package io.directmail.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.InvalidStatisticsQueryException;
import io.directmail.stats.StatisticsOptions;
import io.directmail.testsupport.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queries' ranges, and the clear refusal of every argument no mail can match. */
class StatisticsQueryTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");
    private static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);

    private final StatisticsRecorder recorder = new StatisticsRecorder(StatisticsOptions.defaults().withRetainedDays(30),
            new SettableClock(NOON));
    private final DeliveryStatistics statistics = recorder;

    StatisticsQueryTest() {
        recorder.requested("shop", "receipt", NOON, List.of(EmailAddress.of("a@one.example")), Map.of());
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
    void refusedQueriesChangeNothing() {
        List<DailyCounts> before = recorder.snapshot();
        assertThatThrownBy(() -> statistics.daily("", MARCH_10, MARCH_10)).isInstanceOf(InvalidStatisticsQueryException.class);
        assertThatThrownBy(() -> statistics.daily("shop", MARCH_10, MARCH_10.minusDays(1))).isInstanceOf(InvalidStatisticsQueryException.class);

        assertThat(recorder.snapshot()).isEqualTo(before);
        assertThat(recorder.flush(rows -> { })).isEqualTo(2);
    }
}
