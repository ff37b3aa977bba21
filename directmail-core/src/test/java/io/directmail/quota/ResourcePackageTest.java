package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ResourcePackageTest {

    private static final Instant BOUGHT = Instant.parse("2025-01-10T09:00:00Z");

    @Test
    void purchased_expiresAfterSixCalendarMonths() {
        ResourcePackage bundle = ResourcePackage.purchased("p1", 10_000, new BigDecimal("2.00"), BOUGHT, QuotaPolicy.defaults());

        assertThat(bundle.expiresAt()).isEqualTo(Instant.parse("2025-07-10T09:00:00Z"));
        assertThat(bundle.price()).isEqualTo(new BigDecimal("2"));
    }

    @Test
    void purchased_onTheLastDayOfAMonth_expiresOnTheLastDayOfTheShorterMonth() {
        ResourcePackage bundle = ResourcePackage.purchased("p1", 10, BigDecimal.ONE, Instant.parse("2025-08-31T10:00:00Z"),
                QuotaPolicy.defaults());

        assertThat(bundle.expiresAt()).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
    }

    @Test
    void purchased_countsMonthsOnTheCalendarOfThePolicyZone() {
        // 20:00 UTC on 30 August is 04:00 on 31 August in Shanghai: six months later is the end of
        // February there, a day earlier than counted in UTC.
        Instant bought = Instant.parse("2025-08-30T20:00:00Z");
        QuotaPolicy shanghai = QuotaPolicy.defaults().withZone(ZoneId.of("Asia/Shanghai"));

        assertThat(ResourcePackage.purchased("p1", 10, BigDecimal.ONE, bought, shanghai).expiresAt())
                .isEqualTo(Instant.parse("2026-02-27T20:00:00Z"));
        assertThat(ResourcePackage.purchased("p1", 10, BigDecimal.ONE, bought, QuotaPolicy.defaults()).expiresAt())
                .isEqualTo(Instant.parse("2026-02-28T20:00:00Z"));
    }

    @Test
    void purchased_keepsTheLocalTimeAcrossDaylightSaving() {
        // 09:00 in New York in January (UTC-5) expires at 09:00 in July (UTC-4).
        QuotaPolicy newYork = QuotaPolicy.defaults().withZone(ZoneId.of("America/New_York"));

        assertThat(ResourcePackage.purchased("p1", 10, BigDecimal.ONE, Instant.parse("2025-01-10T14:00:00Z"), newYork).expiresAt())
                .isEqualTo(Instant.parse("2025-07-10T13:00:00Z"));
    }

    @Test
    void isActiveAt_fromPurchaseUntilJustBeforeExpiry() {
        ResourcePackage bundle = new ResourcePackage("p1", 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(60));

        assertThat(bundle.isActiveAt(BOUGHT.minusNanos(1))).isFalse();
        assertThat(bundle.isActiveAt(BOUGHT)).isTrue();
        assertThat(bundle.isActiveAt(BOUGHT.plusSeconds(60).minusNanos(1))).isTrue();
        assertThat(bundle.isActiveAt(BOUGHT.plusSeconds(60))).isFalse();
    }

    @Test
    void badValues_areRefusedAndNamed() {
        assertThatThrownBy(() -> new ResourcePackage("p1", 0, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("p1").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ResourcePackage("p1", 10, new BigDecimal("-1"), BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("price").hasMessageContaining("-1");
        assertThatThrownBy(() -> new ResourcePackage("p1", 10, BigDecimal.ONE, BOUGHT, BOUGHT))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("expire after");
        assertThatThrownBy(() -> new ResourcePackage("", 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("package id is empty");
        assertThatThrownBy(() -> new ResourcePackage("p 1", 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("whitespace").hasMessageContaining("p\\u00201");
        assertThatThrownBy(() -> new ResourcePackage("p\n1", 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("p\\u000a1");
        assertThatThrownBy(() -> new ResourcePackage("x".repeat(1001), 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("1001 characters");
        assertThatThrownBy(() -> new ResourcePackage(null, 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("package id");
        assertThatThrownBy(() -> new ResourcePackage("p1", 10, null, BOUGHT, BOUGHT.plusSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> ResourcePackage.purchased("p1", 10, BigDecimal.ONE, BOUGHT, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("policy");
        assertThat(new ResourcePackage("x".repeat(1000), 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)).id()).hasSize(1000);
        assertThat(new ResourcePackage("包-\uD83D\uDCE6", 10, BigDecimal.ONE, BOUGHT, BOUGHT.plusSeconds(1)).id()).isEqualTo("包-📦");
    }
}
