package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaUsageTest {

    private static final Instant START = Instant.parse("2025-01-10T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2025, 1, 10);

    private final SettableClock clock = new SettableClock(START);

    private QuotaLedger ledger(QuotaPolicy policy) {
        return QuotaLedger.newBuilder().policy(policy).clock(clock).build();
    }

    private void moveTo(String instant) {
        clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
    }

    @Test
    void eachDaysPayAsYouGoBillIsRoundedOnItsOwn_andTheMonthIsTheirSum() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ledger.charge("d1", 1);
        clock.advance(Duration.ofDays(1));
        ledger.charge("d2", 1000);
        clock.advance(Duration.ofDays(1));
        ledger.charge("d3", 1001);
        clock.advance(Duration.ofDays(1));
        ledger.charge("d4", 1724);

        assertThat(ledger.usage(DAY).payAsYouGoCost()).isEqualTo(new BigDecimal("0.01"));
        assertThat(ledger.usage(DAY.plusDays(1)).payAsYouGoCost()).isEqualTo(new BigDecimal("0.29"));
        assertThat(ledger.usage(DAY.plusDays(2)).payAsYouGoCost()).isEqualTo(new BigDecimal("0.29"));
        assertThat(ledger.usage(DAY.plusDays(3)).payAsYouGoCost()).isEqualTo(new BigDecimal("0.50"));
        QuotaUsage month = ledger.usage(YearMonth.of(2025, 1));
        assertThat(month.payAsYouGoMessages()).isEqualTo(3726);
        // One bill for the month would be 3,726 × 0.00029 = 1.08054 → 1.08; the daily bills add up to 1.09.
        assertThat(month.payAsYouGoCost()).isEqualTo(new BigDecimal("1.09"));
        assertThat(month.currency()).isEqualTo(Currency.getInstance("USD"));
    }

    @Test
    void oneMessageOnEachOfThreeDays_costsThreeMinimumBills() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        for (int day = 0; day < 3; day++) {
            ledger.charge("m" + day);
            clock.advance(Duration.ofDays(1));
        }

        assertThat(ledger.usage(YearMonth.of(2025, 1)).payAsYouGoCost()).isEqualTo(new BigDecimal("0.03"));
    }

    @Test
    void aDayOrMonthWithoutPayAsYouGo_costsZero() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        ledger.charge("m1", 200);

        QuotaUsage day = ledger.usage(DAY);
        assertThat(day.freeMessages()).isEqualTo(200);
        assertThat(day.payAsYouGoMessages()).isZero();
        assertThat(day.payAsYouGoCost()).isEqualTo(new BigDecimal("0.00"));
        assertThat(ledger.usage(YearMonth.of(2025, 2)).totalMessages()).isZero();
    }

    @Test
    void aMonthAddsUpFreeMessagesOfEveryDay() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        ledger.charge("a", 250);
        clock.advance(Duration.ofDays(1));
        ledger.charge("b", 150);

        QuotaUsage month = ledger.usage(YearMonth.of(2025, 1));

        assertThat(month.firstDay()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(month.lastDay()).isEqualTo(LocalDate.of(2025, 1, 31));
        assertThat(month.freeMessages()).isEqualTo(350);
        assertThat(month.payAsYouGoMessages()).isEqualTo(50);
        assertThat(month.payAsYouGoCost()).isEqualTo(new BigDecimal("0.01"));
        assertThat(month.totalMessages()).isEqualTo(400);
    }

    @Test
    void aPackageExpiringMidMonth_isReportedWithItsUseTheLostRemainderAndItsExpiry() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ResourcePackage p1 = ledger.purchase("p1", 1000, new BigDecimal("2.00"));    // expires 2025-07-10T09:00Z
        ledger.charge("jan", 100);
        moveTo("2025-07-10T08:00:00Z");
        ledger.charge("jul-a", 50);
        moveTo("2025-07-10T10:00:00Z");
        ledger.charge("jul-b", 20);
        moveTo("2025-07-15T12:00:00Z");
        ResourcePackage p2 = ledger.purchase("p2", 500, new BigDecimal("1.50"));
        ledger.charge("jul-c", 5);
        moveTo("2025-08-02T00:00:00Z");

        QuotaUsage july = ledger.usage(YearMonth.of(2025, 7));

        assertThat(july.asOf()).isEqualTo(Instant.parse("2025-08-01T00:00:00Z"));
        assertThat(july.packages()).containsExactly(
                new PackageUsage(p1, 50, 850, true),
                new PackageUsage(p2, 5, 495, false));
        assertThat(july.packages().getFirst().resourcePackage().expiresAt()).isEqualTo(Instant.parse("2025-07-10T09:00:00Z"));
        assertThat(july.packageMessages()).isEqualTo(55);
        assertThat(july.payAsYouGoMessages()).isEqualTo(20);
        assertThat(july.payAsYouGoCost()).isEqualTo(new BigDecimal("0.01"));

        assertThat(ledger.usage(LocalDate.of(2025, 7, 10)).packages()).containsExactly(new PackageUsage(p1, 50, 850, true));
        assertThat(ledger.usage(LocalDate.of(2025, 7, 9)).packages()).containsExactly(new PackageUsage(p1, 0, 900, false));
    }

    @Test
    void aPastPeriodShowsPackagesAsTheyWereAtItsEnd() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ResourcePackage p1 = ledger.purchase("p1", 1000, BigDecimal.ONE);
        ledger.charge("jan", 100);
        moveTo("2025-03-05T10:00:00Z");
        ledger.charge("mar", 300);

        QuotaUsage january = ledger.usage(YearMonth.of(2025, 1));
        QuotaUsage february = ledger.usage(YearMonth.of(2025, 2));
        QuotaUsage march = ledger.usage(YearMonth.of(2025, 3));

        assertThat(january.packages()).containsExactly(new PackageUsage(p1, 100, 900, false));
        assertThat(january.asOf()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(february.packages()).containsExactly(new PackageUsage(p1, 0, 900, false));
        assertThat(march.packages()).containsExactly(new PackageUsage(p1, 300, 600, false));
        assertThat(march.asOf()).isEqualTo(Instant.parse("2025-03-05T10:00:00Z"));
    }

    @Test
    void aPeriodBeforeAPurchaseOrAfterAnExpiry_doesNotListThePackage() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        ledger.purchase("p1", 10, BigDecimal.ONE);

        assertThat(ledger.usage(YearMonth.of(2024, 12)).packages()).isEmpty();
        assertThat(ledger.usage(LocalDate.of(2025, 1, 9)).packages()).isEmpty();
        assertThat(ledger.usage(LocalDate.of(2025, 7, 10)).packages()).hasSize(1);
        assertThat(ledger.usage(LocalDate.of(2025, 7, 11)).packages()).isEmpty();
    }

    @Test
    void aFuturePeriod_isEmpty_withPackagesAsOfNow() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ResourcePackage p1 = ledger.purchase("p1", 10, BigDecimal.ONE);
        ledger.charge("m", 4);

        QuotaUsage next = ledger.usage(YearMonth.of(2025, 2));

        assertThat(next.totalMessages()).isZero();
        assertThat(next.asOf()).isEqualTo(START);
        assertThat(next.packages()).containsExactly(new PackageUsage(p1, 0, 6, false));
    }

    @Test
    void daysAndMonthsFollowThePolicyZone() {
        // 20:00 UTC on 31 January is 04:00 on 1 February in Shanghai.
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withZone(ZoneId.of("Asia/Shanghai")));
        moveTo("2025-01-31T20:00:00Z");
        ledger.charge("m1");

        assertThat(ledger.usage(YearMonth.of(2025, 1)).totalMessages()).isZero();
        assertThat(ledger.usage(YearMonth.of(2025, 2)).totalMessages()).isEqualTo(1);
        assertThat(ledger.usage(LocalDate.of(2025, 2, 1)).totalMessages()).isEqualTo(1);
        assertThat(ledger.usage(YearMonth.of(2025, 1)).asOf()).isEqualTo(Instant.parse("2025-01-31T16:00:00Z"));
    }

    @Test
    void reportValues_checkTheirParts() {
        ResourcePackage p1 = new ResourcePackage("p1", 10, BigDecimal.ONE, START, START.plusSeconds(60));
        Currency usd = Currency.getInstance("USD");

        assertThatThrownBy(() -> new PackageUsage(p1, 11, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p1");
        assertThatThrownBy(() -> new PackageUsage(p1, 0, -1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackageUsage(null, 0, 0, false)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new QuotaUsage(DAY, DAY.minusDays(1), START, 0, List.of(), 0, BigDecimal.ZERO, usd))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastDay");
        assertThatThrownBy(() -> new QuotaUsage(DAY, DAY, START, -1, List.of(), 0, BigDecimal.ZERO, usd))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaUsage(DAY, DAY, START, 0, List.of(), 0, new BigDecimal("-0.01"), usd))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaUsage(DAY, DAY, START, 0, null, 0, BigDecimal.ZERO, usd))
                .isInstanceOf(NullPointerException.class);
    }
}
