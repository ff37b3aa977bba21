package io.directmail.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The figures derived from a row: what is pending and the delivery rate. */
class DailyCountsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 10);

    private static DailyCounts row(long requests, long delivered, long failed, long suppressed) {
        return new DailyCounts(DAY, "shop", null, null, requests, delivered, failed, 0, suppressed, 0, 0);
    }

    @Test
    void theDeliveryRateIsDeliveredOverDecided_toFourPlacesHalfEven() {
        assertThat(row(3, 2, 1, 0).deliveryRate()).contains(new BigDecimal("0.6667"));
        assertThat(row(10, 8, 1, 1).deliveryRate()).contains(new BigDecimal("0.8000"));
        assertThat(row(4, 4, 0, 0).deliveryRate()).contains(new BigDecimal("1.0000"));
        assertThat(row(32, 1, 31, 0).deliveryRate()).as("0.03125 rounds to even").contains(new BigDecimal("0.0312"));
        assertThat(row(32, 3, 29, 0).deliveryRate()).as("0.09375 rounds to even").contains(new BigDecimal("0.0938"));
    }

    @Test
    void pendingRecipientsAreLeftOutOfTheRate_untilTheyAreDecided() {
        DailyCounts midday = row(10, 4, 1, 0);
        assertThat(midday.pending()).isEqualTo(5);
        assertThat(midday.deliveryRate()).contains(new BigDecimal("0.8000"));

        DailyCounts evening = row(10, 8, 1, 1);
        assertThat(evening.pending()).isZero();
        assertThat(evening.deliveryRate()).contains(new BigDecimal("0.8000"));
        assertThat(evening.deliveryRate().orElseThrow()).as("the hosted services' delivered / requests")
                .isEqualByComparingTo(BigDecimal.valueOf(evening.delivered()).divide(BigDecimal.valueOf(evening.requests())));
    }

    @Test
    void thereIsNoRateWithoutADecidedRecipient() {
        assertThat(row(0, 0, 0, 0).deliveryRate()).isEmpty();
        assertThat(row(5, 0, 0, 0).deliveryRate()).isEmpty();
        assertThat(row(1, 0, 0, 1).deliveryRate()).contains(new BigDecimal("0.0000"));
    }

    @Test
    void pendingIsNeverNegative_whenOutcomesOutnumberTheRequestsCounted() {
        assertThat(row(1, 2, 0, 0).pending()).isZero();
    }

    @Test
    void negativeCountsAndMissingKeysAreRefused() {
        assertThatThrownBy(() -> new DailyCounts(DAY, "shop", null, null, 0, 0, 0, 0, 0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("deferred must not be negative, was -1");
        assertThatThrownBy(() -> new DailyCounts(DAY, "shop", null, null, -1, 0, 0, 0, 0, 0, 0))
                .hasMessage("requests must not be negative, was -1");
        assertThatThrownBy(() -> new DailyCounts(null, "shop", null, null, 0, 0, 0, 0, 0, 0, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DailyCounts(DAY, null, null, null, 0, 0, 0, 0, 0, 0, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anEmptyRowHasOnlyZeros() {
        DailyCounts empty = DailyCounts.empty(DAY, "shop", "receipt", null);
        assertThat(empty).isEqualTo(new DailyCounts(DAY, "shop", "receipt", null, 0, 0, 0, 0, 0, 0, 0));
        assertThat(empty.pending()).isZero();
        assertThat(empty.deliveryRate()).isEmpty();
    }
}
