package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void theDefaultRetriesAfterMinutesThenNoMoreOftenThanEvery30Minutes() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(RetryPolicy.DEFAULT::delayBefore).map(Duration::toMinutes))
                .containsExactly(5L, 10L, 20L, 40L, 60L, 60L, 60L);
        assertThat(RetryPolicy.DEFAULT.lifetime()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void badValuesAreRefusedAndNamed() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 2, Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstDelay");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(5), 0.5, Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(5), Double.NaN, Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(5), 2, Duration.ofMinutes(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withLifetime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayBefore(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
