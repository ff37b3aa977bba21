package io.directmail.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aNewBucketHoldsItsBurst_andRefusesTheNextMessage() {
        TokenBucket bucket = new TokenBucket(2, 3, T0);

        assertThat(bucket.tokens(T0)).isEqualTo(3.0);
        assertThat(bucket.tryTake(T0, 0)).isTrue();
        assertThat(bucket.tryTake(T0, 0)).isTrue();
        assertThat(bucket.tryTake(T0, 0)).isTrue();
        assertThat(bucket.tryTake(T0, 0)).as("the fourth message at the same instant").isFalse();
        assertThat(bucket.tokens(T0)).isZero();
    }

    @Test
    void tokensFlowInAtTheRate_andNoFasterThanIt() {
        TokenBucket bucket = new TokenBucket(2, 3, T0);
        for (int i = 0; i < 3; i++) {
            bucket.tryTake(T0, 0);
        }

        assertThat(bucket.availableAt(T0, 0)).isEqualTo(T0.plusMillis(500));
        assertThat(bucket.tryTake(T0.plusMillis(499), 0)).isFalse();
        assertThat(bucket.tryTake(T0.plusMillis(500), 0)).isTrue();
        assertThat(bucket.tokens(T0.plusMillis(750))).isEqualTo(0.5);
        assertThat(bucket.tokens(T0.plusMillis(1_500))).isEqualTo(2.0);
    }

    @Test
    void refillingStopsAtTheCapacity() {
        TokenBucket bucket = new TokenBucket(2, 3, T0);
        bucket.tryTake(T0, 0);

        assertThat(bucket.tokens(T0.plusSeconds(3_600))).isEqualTo(3.0);
        assertThat(bucket.isFull(T0.plusSeconds(3_600))).isTrue();
    }

    @Test
    void aCallerThatKeepsAReserveIsRefusedTheLastTokens_whileOneThatKeepsNoneGetsThem() {
        TokenBucket bucket = new TokenBucket(1, 2, T0);

        assertThat(bucket.tryTake(T0, 1)).isTrue();
        assertThat(bucket.tryTake(T0, 1)).as("would leave less than the reserve").isFalse();
        assertThat(bucket.availableAt(T0, 1)).isEqualTo(T0.plusSeconds(1));
        assertThat(bucket.tryTake(T0, 0)).as("the reserve is there for this caller").isTrue();
        assertThat(bucket.availableAt(T0, 0)).isEqualTo(T0.plusSeconds(1));
        assertThat(bucket.availableAt(T0, 1)).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aTokenGivenBackIsThereAgain_butNeverAboveTheCapacity() {
        TokenBucket bucket = new TokenBucket(1, 2, T0);
        bucket.tryTake(T0, 0);
        bucket.giveBack(T0);
        assertThat(bucket.tokens(T0)).isEqualTo(2.0);
        bucket.giveBack(T0);
        assertThat(bucket.tokens(T0)).isEqualTo(2.0);
    }

    @Test
    void reshapingDropsTokensAboveTheNewCapacity_andRefillsAtTheNewRate() {
        TokenBucket bucket = new TokenBucket(4, 8, T0);

        bucket.reshape(T0, 1, 2);
        assertThat(bucket.tokens(T0)).isEqualTo(2.0);
        bucket.drainTo(T0, 0);
        assertThat(bucket.tokens(T0.plusSeconds(1))).isEqualTo(1.0);
        assertThat(bucket.capacity()).isEqualTo(2.0);
    }

    @Test
    void aClockThatGoesBackAddsNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, T0);
        bucket.tryTake(T0, 0);

        assertThat(bucket.tokens(T0.minusSeconds(10))).isZero();
        assertThat(bucket.tokens(T0.plusMillis(500))).isEqualTo(0.5);
    }
}
