package io.directmail.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DestinationLimitsTest {

    private static final DestinationLimits DEFAULTS = DestinationLimits.defaults();

    @Test
    void defaultsAreThoseOfTheGuide() {
        assertThat(DEFAULTS.maxConnectionsPerDomain()).isEqualTo(20);
        assertThat(DEFAULTS.maxConnectionsPerHost()).isEqualTo(20);
        assertThat(DEFAULTS.maxMessagesPerConnection()).isEqualTo(100);
        assertThat(DEFAULTS.maxMessagesPerSecond()).isEqualTo(50.0);
        assertThat(DEFAULTS.burst()).isEqualTo(50);
        assertThat(DEFAULTS.minMessagesPerSecond()).isEqualTo(1.0);
        assertThat(DEFAULTS.decreaseFactor()).isEqualTo(0.5);
        assertThat(DEFAULTS.decreaseInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DEFAULTS.increaseStep()).isEqualTo(1.0);
        assertThat(DEFAULTS.successesPerIncrease()).isEqualTo(20);
        assertThat(DEFAULTS.triggerReserve()).isEqualTo(1);
    }

    @Test
    void eachWithMethodChangesOnlyItsValue() {
        DestinationLimits changed = DEFAULTS.withMaxConnectionsPerDomain(5).withMaxConnectionsPerHost(4)
                .withMaxMessagesPerConnection(3).withMaxMessagesPerSecond(10).withBurst(7).withMinMessagesPerSecond(0.5)
                .withDecreaseFactor(0.25).withDecreaseInterval(Duration.ofSeconds(3)).withIncrease(2, 9).withTriggerReserve(2);

        assertThat(changed).isEqualTo(new DestinationLimits(5, 4, 3, 10, 7, 0.5, 0.25, Duration.ofSeconds(3), 2, 9, 2));
        assertThat(DEFAULTS.withBurst(7)).isEqualTo(new DestinationLimits(20, 20, 100, 50, 7, 1, 0.5,
                Duration.ofSeconds(1), 1, 20, 1));
    }

    @Test
    void countsAreAcceptedAtTheirBoundsAndRefusedJustBeyond_namingTheField() {
        assertBounds("maxConnectionsPerDomain", v -> DEFAULTS.withTriggerReserve(0).withMaxConnectionsPerDomain(v), 1, 10_000);
        assertBounds("maxConnectionsPerHost", v -> DEFAULTS.withTriggerReserve(0).withMaxConnectionsPerHost(v), 1, 10_000);
        assertBounds("maxMessagesPerConnection", DEFAULTS::withMaxMessagesPerConnection, 1, 10_000);
        assertBounds("burst", v -> DEFAULTS.withTriggerReserve(0).withBurst(v), 1, 1_000_000);
        assertBounds("successesPerIncrease", v -> DEFAULTS.withIncrease(1, v), 1, 1_000_000);
    }

    private static void assertBounds(String field, Function<Integer, DestinationLimits> with, int min, int max) {
        assertThat(with.apply(min)).isNotNull();
        assertThat(with.apply(max)).isNotNull();
        assertThatThrownBy(() -> with.apply(min - 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field).hasMessageContaining("was " + (min - 1));
        assertThatThrownBy(() -> with.apply(max + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field).hasMessageContaining("was " + (max + 1));
    }

    @Test
    void ratesAreAcceptedFromOneThousandthToOneMillion_andRefusedOutsideOrWhenNotANumber() {
        DestinationLimits slow = DEFAULTS.withMinMessagesPerSecond(0.001);
        assertThat(slow.withMaxMessagesPerSecond(1_000_000).maxMessagesPerSecond()).isEqualTo(1_000_000);
        assertThat(DEFAULTS.withIncrease(0.001, 1).increaseStep()).isEqualTo(0.001);

        for (double bad : new double[] {0, -1, 0.0009, 1_000_000.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> slow.withMaxMessagesPerSecond(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxMessagesPerSecond").hasMessageContaining("was " + bad);
            assertThatThrownBy(() -> DEFAULTS.withMinMessagesPerSecond(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("minMessagesPerSecond");
            assertThatThrownBy(() -> DEFAULTS.withIncrease(bad, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("increaseStep");
        }
    }

    @Test
    void theFloorMayEqualTheMaximumButNotExceedIt() {
        assertThat(DEFAULTS.withMinMessagesPerSecond(50).minMessagesPerSecond()).isEqualTo(50);
        assertThatThrownBy(() -> DEFAULTS.withMinMessagesPerSecond(50.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minMessagesPerSecond 50.5 is above maxMessagesPerSecond 50.0");
        assertThatThrownBy(() -> DEFAULTS.withMaxMessagesPerSecond(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above maxMessagesPerSecond 0.5");
    }

    @Test
    void theDecreaseFactorLiesStrictlyBetweenZeroAndOne() {
        assertThat(DEFAULTS.withDecreaseFactor(0.001).decreaseFactor()).isEqualTo(0.001);
        assertThat(DEFAULTS.withDecreaseFactor(0.999).decreaseFactor()).isEqualTo(0.999);
        for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> DEFAULTS.withDecreaseFactor(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("decreaseFactor").hasMessageContaining("was " + bad);
        }
    }

    @Test
    void theDecreaseIntervalIsZeroToOneHour() {
        assertThat(DEFAULTS.withDecreaseInterval(Duration.ZERO).decreaseInterval()).isZero();
        assertThat(DEFAULTS.withDecreaseInterval(Duration.ofHours(1)).decreaseInterval()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> DEFAULTS.withDecreaseInterval(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decreaseInterval").hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> DEFAULTS.withDecreaseInterval(Duration.ofHours(1).plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decreaseInterval");
        assertThatThrownBy(() -> DEFAULTS.withDecreaseInterval(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("decreaseInterval");
    }

    @Test
    void theTriggerReserveMustLeaveBatchMailATokenAndAConnection() {
        DestinationLimits two = DEFAULTS.withTriggerReserve(0).withBurst(2).withMaxConnectionsPerDomain(2).withMaxConnectionsPerHost(2);
        assertThat(two.withTriggerReserve(1).triggerReserve()).isEqualTo(1);
        assertThatThrownBy(() -> two.withTriggerReserve(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("triggerReserve 2 must be less than burst (2)");
        assertThatThrownBy(() -> two.withTriggerReserve(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("triggerReserve must not be negative, was -1");
        assertThatThrownBy(() -> DEFAULTS.withMaxConnectionsPerHost(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnectionsPerHost (1)").hasMessageContaining("lower triggerReserve first");
        assertThat(DEFAULTS.withTriggerReserve(0).withMaxConnectionsPerHost(1).maxConnectionsPerHost()).isEqualTo(1);
    }
}
