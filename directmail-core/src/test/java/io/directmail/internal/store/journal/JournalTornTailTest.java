package io.directmail.internal.store.journal;

import static io.directmail.internal.store.journal.JournalFileSurgery.appendBytes;
import static io.directmail.internal.store.journal.JournalFileSurgery.copyJournal;
import static io.directmail.internal.store.journal.JournalFileSurgery.frame;
import static io.directmail.internal.store.journal.JournalFileSurgery.overwrite;
import static io.directmail.internal.store.journal.JournalFileSurgery.segmentFile;
import static io.directmail.internal.store.journal.JournalFileSurgery.size;
import static io.directmail.internal.store.journal.JournalFileSurgery.truncate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash can leave the last record half written; reopening must drop it and nothing else. */
class JournalTornTailTest {

    private static final int RECORDS = 10;

    @TempDir
    Path tmp;

    private Path pristine;
    private List<RecordLocation> locations;

    @BeforeEach
    void writeTenRecords() {
        pristine = tmp.resolve("pristine");
        locations = new ArrayList<>();
        try (Journal journal = Journal.open(pristine, JournalOptions.defaults())) {
            for (int i = 0; i < RECORDS; i++) {
                locations.add(journal.append((byte) 1, text("record number " + i + " with some padding")));
            }
        }
    }

    @Test
    void a_last_record_cut_at_any_byte_is_dropped_and_the_journal_stays_appendable() {
        RecordLocation last = locations.getLast();
        for (long cut = last.offset(); cut < last.end(); cut++) {
            Path dir = copyJournal(pristine, tmp.resolve("cut-" + cut));
            truncate(segmentFile(dir, 1), cut);

            List<ReplayedRecord> replayed = ReplayedRecord.replayOnOpen(dir, JournalOptions.defaults());
            assertThat(replayed).as("cut at %d", cut).hasSize(RECORDS - 1);
            assertThat(replayed.getLast().text()).isEqualTo("record number 8 with some padding");
            assertThat(size(segmentFile(dir, 1))).as("truncated to the last intact record").isEqualTo(last.offset());

            try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
                journal.append((byte) 2, text("after the crash"));
            }
            List<ReplayedRecord> again = ReplayedRecord.replayOnOpen(dir, JournalOptions.defaults());
            assertThat(again).hasSize(RECORDS);
            assertThat(again.getLast().text()).isEqualTo("after the crash");
        }
    }

    @Test
    void garbage_after_the_last_record_is_dropped() {
        byte[] garbage = new byte[500];
        new Random(7).nextBytes(garbage);
        appendBytes(segmentFile(pristine, 1), garbage);

        assertThat(ReplayedRecord.replayOnOpen(pristine, JournalOptions.defaults())).hasSize(RECORDS);
        assertThat(size(segmentFile(pristine, 1))).isEqualTo(locations.getLast().end());
    }

    @Test
    void zeros_after_the_last_record_are_dropped() {
        appendBytes(segmentFile(pristine, 1), new byte[8192]);

        assertThat(ReplayedRecord.replayOnOpen(pristine, JournalOptions.defaults())).hasSize(RECORDS);
        assertThat(size(segmentFile(pristine, 1))).isEqualTo(locations.getLast().end());
    }

    @Test
    void a_last_record_zeroed_in_place_is_dropped() {
        RecordLocation last = locations.getLast();
        overwrite(segmentFile(pristine, 1), last.offset() + 10, new byte[(int) (last.end() - last.offset() - 10)]);

        assertThat(ReplayedRecord.replayOnOpen(pristine, JournalOptions.defaults())).hasSize(RECORDS - 1);
    }

    @Test
    void damage_inside_the_unforced_last_batch_is_a_torn_write_even_with_intact_records_after_it() {
        // After a power loss the pages of the last, never forced, batch may persist in any order.
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] first = frame(100, (byte) 1, text("batch record a"), RecordFrame.FLAG_BATCH_START);
        first[RecordFrame.HEADER_SIZE + 3] ^= 1;
        batch.writeBytes(first);
        batch.writeBytes(frame(101, (byte) 1, text("batch record b"), 0));
        batch.writeBytes(frame(102, (byte) 1, text("batch record c"), RecordFrame.FLAG_BATCH_END));
        appendBytes(segmentFile(pristine, 1), batch.toByteArray());

        List<ReplayedRecord> replayed = ReplayedRecord.replayOnOpen(pristine, JournalOptions.defaults());

        assertThat(replayed).hasSize(RECORDS);
        assertThat(size(segmentFile(pristine, 1))).isEqualTo(locations.getLast().end());
    }

    @Test
    void damage_followed_by_a_later_batch_is_corruption_not_a_torn_write() {
        int single = RecordFrame.FLAG_BATCH_START | RecordFrame.FLAG_BATCH_END;
        ByteArrayOutputStream batches = new ByteArrayOutputStream();
        byte[] first = frame(100, (byte) 1, text("batch one"), single);
        first[RecordFrame.HEADER_SIZE + 3] ^= 1;
        batches.writeBytes(first);
        batches.writeBytes(frame(101, (byte) 1, text("batch two"), single));
        appendBytes(segmentFile(pristine, 1), batches.toByteArray());
        long damaged = locations.getLast().end();

        assertThatThrownBy(() -> Journal.open(pristine, JournalOptions.defaults()))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("not a torn write")
                .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isEqualTo(damaged));
    }

    @Test
    void a_damaged_payload_in_the_last_but_one_record_is_corruption() {
        RecordLocation victim = locations.get(RECORDS - 2);
        JournalFileSurgery.flipByte(segmentFile(pristine, 1), victim.offset() + RecordFrame.HEADER_SIZE + 1);

        assertThatThrownBy(() -> Journal.open(pristine, JournalOptions.defaults()))
                .isInstanceOf(JournalCorruptedException.class)
                .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isEqualTo(victim.offset()));
    }

    @Test
    void a_damaged_length_in_the_last_but_one_record_is_corruption() {
        RecordLocation victim = locations.get(RECORDS - 2);
        overwrite(segmentFile(pristine, 1), victim.offset() + 2, new byte[] {0x55});

        assertThatThrownBy(() -> Journal.open(pristine, JournalOptions.defaults()))
                .isInstanceOf(JournalCorruptedException.class)
                .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isEqualTo(victim.offset()));
    }

    @Test
    void a_segment_whose_creation_was_interrupted_is_removed() throws Exception {
        Files.write(segmentFile(pristine, 2), new byte[0]);

        assertThat(ReplayedRecord.replayOnOpen(pristine, JournalOptions.defaults())).hasSize(RECORDS);
        assertThat(segmentFile(pristine, 2)).doesNotExist();
        try (Journal journal = Journal.open(pristine, JournalOptions.defaults())) {
            assertThat(journal.append((byte) 1, text("more")).segment()).isEqualTo(1);
        }
    }

    @Test
    void a_last_segment_of_zeros_is_removed() throws Exception {
        Files.write(segmentFile(pristine, 2), new byte[SegmentHeader.SIZE]);

        assertThat(ReplayedRecord.replayOnOpen(pristine, JournalOptions.defaults())).hasSize(RECORDS);
        assertThat(segmentFile(pristine, 2)).doesNotExist();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
