package io.directmail.internal.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a record cannot be made durable the caller hears so, and nothing after it is accepted. */
class JournalWriteFailureTest {

    private static final JournalOptions SMALL = JournalOptions.defaults().withSegmentSize(JournalOptions.MIN_SEGMENT_SIZE);

    @TempDir
    Path dir;

    @Test
    void a_failed_write_fails_the_append_and_every_later_one_until_reopen() throws Exception {
        List<RecordLocation> durable = new ArrayList<>();
        try (Journal journal = Journal.open(dir, SMALL)) {
            // A stray file where the next segment must be created makes the rollover fail.
            Files.write(JournalFileSurgery.segmentFile(dir, 2), new byte[0]);
            Throwable failure = null;
            for (int i = 0; i < 100 && failure == null; i++) {
                try {
                    durable.add(journal.append((byte) 1, new byte[200]));
                } catch (JournalWriteException e) {
                    failure = e;
                }
            }

            assertThat(failure).isNotNull().hasMessageContaining("cannot make appends durable");
            assertThatThrownBy(() -> journal.append((byte) 1, new byte[1]))
                    .isInstanceOf(JournalWriteException.class)
                    .hasMessageContaining("refuses appends");
            assertThat(journal.read(durable.getLast())).hasSize(200);
        }

        List<ReplayedRecord> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, SMALL, ReplayedRecord.into(replayed))) {
            assertThat(journal.append((byte) 1, new byte[1])).isNotNull();
        }
        assertThat(replayed).extracting(ReplayedRecord::location).containsExactlyElementsOf(durable);
    }
}
