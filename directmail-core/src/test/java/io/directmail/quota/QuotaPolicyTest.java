package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaPolicyTest {

    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void defaults_areThoseOfTheHostedService() {
        QuotaPolicy policy = QuotaPolicy.defaults();

        assertThat(policy.freePerDay()).isEqualTo(200);
        assertThat(policy.pricePerThousand()).isEqualTo(new BigDecimal("0.29"));
        assertThat(policy.currency()).isEqualTo(USD);
        assertThat(policy.packageValidity()).isEqualTo(Period.ofMonths(6));
        assertThat(policy.dailyCap()).isEmpty();
        assertThat(policy.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(policy.idempotencyWindow()).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "{0} messages cost {1}")
    @CsvSource({
            "0, 0.00",
            "1, 0.01",        // 0.00029, raised to the minimum
            "17, 0.01",       // 0.00493
            "18, 0.01",       // 0.00522 rounds to 0.01
            "1000, 0.29",
            "1001, 0.29",     // 0.29029
            "1724, 0.50",     // 0.49996
            "1016, 0.29",     // 0.29464
            "1018, 0.30",     // 0.29522
            "1000000, 290.00"})
    void payAsYouGoCost_roundsHalfUpToCentsWithAMinimumOfOneCent(long messages, String cost) {
        assertThat(QuotaPolicy.defaults().payAsYouGoCost(messages)).isEqualTo(new BigDecimal(cost));
    }

    @Test
    void payAsYouGoCost_roundsExactHalvesUp() {
        QuotaPolicy policy = QuotaPolicy.defaults().withPricePerThousand(new BigDecimal("0.005"), USD);

        assertThat(policy.payAsYouGoCost(1000)).isEqualTo(new BigDecimal("0.01"));   // 0.005 exactly
        assertThat(policy.payAsYouGoCost(3000)).isEqualTo(new BigDecimal("0.02"));   // 0.015 exactly
    }

    @Test
    void payAsYouGoCost_ofAFreePriceIsZeroWithoutTheMinimum() {
        QuotaPolicy policy = QuotaPolicy.defaults().withPricePerThousand(BigDecimal.ZERO, USD);

        assertThat(policy.payAsYouGoCost(5000)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void payAsYouGoCost_roundsToTheMinorUnitOfTheCurrency() {
        QuotaPolicy yen = QuotaPolicy.defaults().withPricePerThousand(new BigDecimal("45"), Currency.getInstance("JPY"));

        assertThat(yen.payAsYouGoCost(1)).isEqualTo(new BigDecimal("1"));        // 0.045 yen, at least 1
        assertThat(yen.payAsYouGoCost(1010)).isEqualTo(new BigDecimal("45"));    // 45.45
        assertThat(yen.payAsYouGoCost(1012)).isEqualTo(new BigDecimal("46"));    // 45.54
    }

    @Test
    void payAsYouGoCost_ofANegativeCount_isRefused() {
        assertThatThrownBy(() -> QuotaPolicy.defaults().payAsYouGoCost(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages").hasMessageContaining("-1");
    }

    @Test
    void withMethods_changeOneValue() {
        QuotaPolicy policy = QuotaPolicy.defaults()
                .withFreePerDay(0)
                .withDailyCap(5000)
                .withZone(ZoneId.of("Asia/Shanghai"))
                .withPackageValidity(Period.ofMonths(12))
                .withIdempotencyWindow(Duration.ofDays(2));

        assertThat(policy.freePerDay()).isZero();
        assertThat(policy.dailyCap()).isEqualTo(OptionalLong.of(5000));
        assertThat(policy.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(policy.packageValidity()).isEqualTo(Period.ofMonths(12));
        assertThat(policy.idempotencyWindow()).isEqualTo(Duration.ofDays(2));
        assertThat(policy.pricePerThousand()).isEqualTo(new BigDecimal("0.29"));
        assertThat(policy.withoutDailyCap().dailyCap()).isEmpty();
    }

    @Test
    void equalPricesWithDifferentScales_makeEqualPolicies() {
        QuotaPolicy a = QuotaPolicy.defaults().withPricePerThousand(new BigDecimal("0.290"), USD);
        QuotaPolicy b = QuotaPolicy.defaults().withPricePerThousand(new BigDecimal("0.29"), USD);

        assertThat(a).isEqualTo(b);
        assertThat(QuotaPolicy.defaults().withPricePerThousand(new BigDecimal("1E+1"), USD).pricePerThousand())
                .isEqualTo(new BigDecimal("10"));
    }

    @Test
    void badValues_areRefusedAndNamed() {
        QuotaPolicy policy = QuotaPolicy.defaults();
        assertThatThrownBy(() -> policy.withFreePerDay(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("freePerDay").hasMessageContaining("-1");
        assertThatThrownBy(() -> policy.withPricePerThousand(new BigDecimal("-0.01"), USD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pricePerThousand").hasMessageContaining("-0.01");
        assertThatThrownBy(() -> policy.withPricePerThousand(BigDecimal.ONE, Currency.getInstance("XXX")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XXX");
        assertThatThrownBy(() -> policy.withPackageValidity(Period.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packageValidity");
        assertThatThrownBy(() -> policy.withPackageValidity(Period.of(0, 7, -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packageValidity");
        assertThatThrownBy(() -> policy.withPackageValidity(Period.ofYears(10).plusDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packageValidity");
        assertThat(policy.withPackageValidity(Period.ofYears(10)).packageValidity()).isEqualTo(Period.ofYears(10));
        assertThatThrownBy(() -> policy.withDailyCap(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dailyCap").hasMessageContaining("-1");
        assertThatThrownBy(() -> policy.withIdempotencyWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotencyWindow");
        assertThatThrownBy(() -> policy.withIdempotencyWindow(Duration.ofDays(367)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotencyWindow");
        assertThatThrownBy(() -> policy.withZone(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("zone");
        assertThatThrownBy(() -> policy.withPricePerThousand(null, USD))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pricePerThousand");
        assertThatThrownBy(() -> new QuotaPolicy(200, BigDecimal.ONE, USD, Period.ofMonths(6), null, ZoneOffset.UTC, Duration.ofDays(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dailyCap");
    }

    @Test
    void aCapOfZero_isAllowed() {
        assertThat(QuotaPolicy.defaults().withDailyCap(0).dailyCap()).isEqualTo(OptionalLong.of(0));
    }
}
