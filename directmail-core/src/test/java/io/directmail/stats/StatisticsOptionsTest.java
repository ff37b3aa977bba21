package io.directmail.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The defaults, the copies, and every bound of the options. */
class StatisticsOptionsTest {

    private final StatisticsOptions defaults = StatisticsOptions.defaults();

    @Test
    void theDefaultsAreUtcDays_400OfThemKept_1000TagsAndDomainsADay() {
        assertThat(defaults).isEqualTo(new StatisticsOptions(ZoneOffset.UTC, 400, 1_000, 1_000));
    }

    @Test
    void eachCopyChangesOneValue() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(defaults.withZone(paris)).isEqualTo(new StatisticsOptions(paris, 400, 1_000, 1_000));
        assertThat(defaults.withRetainedDays(7)).isEqualTo(new StatisticsOptions(ZoneOffset.UTC, 7, 1_000, 1_000));
        assertThat(defaults.withMaxTagsPerDay(5)).isEqualTo(new StatisticsOptions(ZoneOffset.UTC, 400, 5, 1_000));
        assertThat(defaults.withMaxDomainsPerDay(6)).isEqualTo(new StatisticsOptions(ZoneOffset.UTC, 400, 1_000, 6));
    }

    @Test
    void theBoundsAreAcceptedAndOneBeyondIsRefused_namingTheValue() {
        assertThat(defaults.withRetainedDays(1).retainedDays()).isEqualTo(1);
        assertThat(defaults.withRetainedDays(3_660).retainedDays()).isEqualTo(3_660);
        assertThat(defaults.withMaxTagsPerDay(1).withMaxTagsPerDay(100_000).maxTagsPerDay()).isEqualTo(100_000);
        assertThat(defaults.withMaxDomainsPerDay(1).withMaxDomainsPerDay(100_000).maxDomainsPerDay()).isEqualTo(100_000);

        assertThatThrownBy(() -> defaults.withRetainedDays(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retainedDays must be 1 to 3660, was 0");
        assertThatThrownBy(() -> defaults.withRetainedDays(3_661)).hasMessage("retainedDays must be 1 to 3660, was 3661");
        assertThatThrownBy(() -> defaults.withMaxTagsPerDay(0)).hasMessage("maxTagsPerDay must be 1 to 100000, was 0");
        assertThatThrownBy(() -> defaults.withMaxTagsPerDay(100_001)).hasMessage("maxTagsPerDay must be 1 to 100000, was 100001");
        assertThatThrownBy(() -> defaults.withMaxDomainsPerDay(0)).hasMessage("maxDomainsPerDay must be 1 to 100000, was 0");
        assertThatThrownBy(() -> defaults.withMaxDomainsPerDay(100_001))
                .hasMessage("maxDomainsPerDay must be 1 to 100000, was 100001");
        assertThatThrownBy(() -> defaults.withZone(null)).isInstanceOf(NullPointerException.class).hasMessage("zone");
    }
}
