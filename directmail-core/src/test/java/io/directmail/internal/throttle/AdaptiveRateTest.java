package io.directmail.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.transport.DestinationLimits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdaptiveRateTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final DestinationLimits LIMITS = DestinationLimits.defaults()
            .withMaxMessagesPerSecond(40).withMinMessagesPerSecond(4).withIncrease(2, 3);

    @Test
    void startsAtTheMaximum() {
        AdaptiveRate rate = new AdaptiveRate(LIMITS);
        assertThat(rate.current()).isEqualTo(40.0);
        assertThat(rate.isAtMaximum()).isTrue();
    }

    @Test
    void aThrottlingReplyHalvesTheRate_butNotTwiceWithinTheDecreaseInterval() {
        AdaptiveRate rate = new AdaptiveRate(LIMITS);

        assertThat(rate.throttled(T0)).isTrue();
        assertThat(rate.current()).isEqualTo(20.0);
        assertThat(rate.throttled(T0.plusMillis(999))).isFalse();
        assertThat(rate.current()).isEqualTo(20.0);
        assertThat(rate.throttled(T0.plusSeconds(1))).isTrue();
        assertThat(rate.current()).isEqualTo(10.0);
    }

    @Test
    void theRateNeverDropsBelowTheFloor() {
        AdaptiveRate rate = new AdaptiveRate(LIMITS);
        for (int second = 0; second < 10; second++) {
            rate.throttled(T0.plusSeconds(second));
        }
        assertThat(rate.current()).isEqualTo(4.0);
        assertThat(rate.throttled(T0.plusSeconds(60))).as("already at the floor").isFalse();
    }

    @Test
    void everyNSuccessesAddOneStep_upToTheMaximum() {
        AdaptiveRate rate = new AdaptiveRate(LIMITS);
        rate.throttled(T0);                       // 20
        rate.throttled(T0.plusSeconds(1));        // 10

        assertThat(rate.succeeded()).isFalse();
        assertThat(rate.succeeded()).isFalse();
        assertThat(rate.succeeded()).as("the third success").isTrue();
        assertThat(rate.current()).isEqualTo(12.0);
        for (int i = 0; i < 3 * 20; i++) {
            rate.succeeded();
        }
        assertThat(rate.current()).isEqualTo(40.0);
        assertThat(rate.succeeded()).isFalse();
    }

    @Test
    void aThrottlingReplyStartsTheCountOfSuccessesAgain() {
        AdaptiveRate rate = new AdaptiveRate(LIMITS.withDecreaseInterval(Duration.ofHours(1)));
        rate.throttled(T0);                       // 20
        rate.succeeded();
        rate.succeeded();
        rate.throttled(T0.plusSeconds(1));        // counted, but within the interval: no decrease

        assertThat(rate.current()).isEqualTo(20.0);
        assertThat(rate.succeeded()).isFalse();
        assertThat(rate.succeeded()).isFalse();
        assertThat(rate.succeeded()).isTrue();
        assertThat(rate.current()).isEqualTo(22.0);
    }
}
