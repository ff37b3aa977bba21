package io.directmail.store;

import io.directmail.testsupport.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreOptionsTest {

    @Test
    void defaults_keepFinalStatusesSevenDays_withFsync_onTheSystemClock() {
        StoreOptions options = StoreOptions.defaults();

        assertThat(options.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(options.fsync()).isTrue();
        assertThat(options.clock()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void withMethods_changeOneValue() {
        SettableClock clock = new SettableClock(MailStoreContract.START);
        StoreOptions options = StoreOptions.defaults().withRetention(Duration.ofHours(1)).withFsync(false).withClock(clock);

        assertThat(options).isEqualTo(new StoreOptions(Duration.ofHours(1), false, clock));
    }

    @Test
    void badValues_areRefusedWithTheirNames() {
        assertThatThrownBy(() -> StoreOptions.defaults().withRetention(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention").hasMessageContaining("-1");
        assertThatThrownBy(() -> StoreOptions.defaults().withRetention(null))
                .isInstanceOf(NullPointerException.class).hasMessage("retention");
        assertThatThrownBy(() -> StoreOptions.defaults().withClock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }
}
