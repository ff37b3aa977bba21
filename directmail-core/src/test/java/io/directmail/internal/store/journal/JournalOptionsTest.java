package io.directmail.internal.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JournalOptionsTest {

    @Test
    void defaults_are_64_MiB_segments_with_fsync_and_no_salvage() {
        JournalOptions defaults = JournalOptions.defaults();

        assertThat(defaults.segmentSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.fsync()).isTrue();
        assertThat(defaults.salvage()).isFalse();
    }

    @Test
    void withers_change_one_value() {
        JournalOptions changed = JournalOptions.defaults().withSegmentSize(8192).withFsync(false).withSalvage(true);

        assertThat(changed).isEqualTo(new JournalOptions(8192, false, true, 0.5));
    }

    @Test
    void bad_values_are_refused_by_name() {
        assertThatThrownBy(() -> JournalOptions.defaults().withSegmentSize(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segmentSize")
                .hasMessageContaining("100");
        assertThatThrownBy(() -> JournalOptions.defaults().withCompactionThreshold(1.5))
                .hasMessageContaining("compactionThreshold")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> JournalOptions.defaults().withCompactionThreshold(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locations_inside_the_segment_header_are_refused() {
        assertThatThrownBy(() -> new RecordLocation(1, 4, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> new RecordLocation(0, 32, 10)).hasMessageContaining("segment");
        assertThatThrownBy(() -> new RecordLocation(1, 32, -1)).hasMessageContaining("length");
    }
}
