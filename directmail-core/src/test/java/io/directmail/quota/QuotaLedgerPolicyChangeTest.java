package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** A ledger's rules can change while it runs; what was charged stays as it was. */
class QuotaLedgerPolicyChangeTest {

    private static final LocalDate DAY = LocalDate.parse("2026-06-01");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final QuotaLedger ledger = QuotaLedger.newBuilder().policy(QuotaPolicy.defaults().withDailyCap(2)).clock(clock).build();

    @Test
    void aRaisedCap_andAnotherFreeAllowance_applyFromNowOn() {
        ledger.charge("m1");
        ledger.charge("m2");
        assertThatThrownBy(() -> ledger.charge("m3")).isInstanceOf(QuotaExceededException.class);

        ledger.changePolicy(QuotaPolicy.defaults().withDailyCap(4).withFreePerDay(2));

        ledger.charge("m3");
        assertThat(ledger.usage(DAY).freeMessages()).as("the two charged before are free; the new allowance is used up").isEqualTo(2);
        assertThat(ledger.usage(DAY).payAsYouGoMessages()).isEqualTo(1);
        assertThat(ledger.dailyCapRemaining()).hasValue(1);
        assertThat(ledger.policy().dailyCap()).hasValue(4);
    }

    @Test
    void aChangeOfPriceCurrencyOrZone_isRefused_andChangesNothing() {
        QuotaPolicy before = ledger.policy();

        assertThatThrownBy(() -> ledger.changePolicy(before.withPricePerThousand(new BigDecimal("0.35"), Currency.getInstance("USD"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> ledger.changePolicy(before.withPricePerThousand(new BigDecimal("0.29"), Currency.getInstance("EUR"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EUR");
        assertThatThrownBy(() -> ledger.changePolicy(before.withZone(ZoneId.of("Asia/Shanghai"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone");
        assertThatThrownBy(() -> ledger.changePolicy(null)).isInstanceOf(NullPointerException.class);

        assertThat(ledger.policy()).isEqualTo(before);
        ledger.changePolicy(before.withPricePerThousand(new BigDecimal("0.290"), Currency.getInstance("USD"))
                .withIdempotencyWindow(Duration.ofHours(1)));
        assertThat(ledger.policy().idempotencyWindow()).as("the same price in another scale is the same price").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMessageAdmittedUnderTheCap_isChargedByChargeAdmitted_evenPastACapLoweredSince() {
        ledger.charge("m1");
        ledger.changePolicy(ledger.policy().withDailyCap(1));

        assertThatThrownBy(() -> ledger.charge("m2")).isInstanceOf(QuotaExceededException.class);
        assertThat(ledger.chargeAdmitted("m2").messageId()).isEqualTo("m2");
        assertThat(ledger.chargeAdmitted("m2").at()).as("once").isEqualTo(clock.instant());
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(2);
    }
}
