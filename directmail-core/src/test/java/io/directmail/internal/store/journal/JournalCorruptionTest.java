package io.directmail.internal.store.journal;

import static io.directmail.internal.store.journal.JournalFileSurgery.flipByte;
import static io.directmail.internal.store.journal.JournalFileSurgery.overwrite;
import static io.directmail.internal.store.journal.JournalFileSurgery.segmentFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage a crash cannot explain is reported with file and offset, never skipped silently. */
class JournalCorruptionTest {

    private static final JournalOptions SMALL = JournalOptions.defaults().withSegmentSize(JournalOptions.MIN_SEGMENT_SIZE);
    private static final JournalOptions SALVAGE = SMALL.withSalvage(true);

    @TempDir
    Path dir;

    private List<RecordLocation> write(int count) {
        List<RecordLocation> locations = new ArrayList<>();
        try (Journal journal = Journal.open(dir, SMALL)) {
            for (int i = 0; i < count; i++) {
                locations.add(journal.append((byte) 1, ("record " + i + " " + "x".repeat(100)).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return locations;
    }

    @Test
    void a_bad_checksum_in_the_middle_of_the_last_segment_names_file_and_offset() {
        List<RecordLocation> locations = write(10);
        RecordLocation victim = locations.get(4);
        flipByte(segmentFile(dir, 1), victim.offset() + RecordFrame.HEADER_SIZE + 5);

        assertThatThrownBy(() -> Journal.open(dir, SMALL))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(segmentFile(dir, 1).toString())
                .hasMessageContaining("offset " + victim.offset())
                .hasMessageContaining("checksum")
                .satisfies(e -> {
                    JournalCorruptedException c = (JournalCorruptedException) e;
                    assertThat(c.file()).isEqualTo(segmentFile(dir, 1));
                    assertThat(c.offset()).isEqualTo(victim.offset());
                });
    }

    @Test
    void a_damaged_length_field_in_the_middle_is_corruption_too() {
        List<RecordLocation> locations = write(10);
        overwrite(segmentFile(dir, 1), locations.get(3).offset(), new byte[] {0x7f, 0, 0, 0});

        assertThatThrownBy(() -> Journal.open(dir, SMALL))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("offset " + locations.get(3).offset());
    }

    @Test
    void damage_at_the_end_of_a_sealed_segment_is_corruption() {
        List<RecordLocation> locations = write(200);
        RecordLocation lastOfFirst = locations.stream().filter(l -> l.segment() == 1).reduce((a, b) -> b).orElseThrow();
        assertThat(locations.getLast().segment()).isGreaterThan(1);
        flipByte(segmentFile(dir, 1), lastOfFirst.end() - 1);

        assertThatThrownBy(() -> Journal.open(dir, SMALL))
                .isInstanceOf(JournalCorruptedException.class)
                .satisfies(e -> {
                    JournalCorruptedException c = (JournalCorruptedException) e;
                    assertThat(c.file()).isEqualTo(segmentFile(dir, 1));
                    assertThat(c.offset()).isEqualTo(lastOfFirst.offset());
                });
    }

    @Test
    void a_wrong_magic_number_is_reported_at_offset_zero() {
        write(3);
        overwrite(segmentFile(dir, 1), 0, "XX".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Journal.open(dir, SMALL))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("wrong magic")
                .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isZero());
    }

    @Test
    void an_unknown_format_version_is_reported() {
        write(3);
        overwrite(segmentFile(dir, 1), 8, new byte[] {0, 9});

        assertThatThrownBy(() -> Journal.open(dir, SMALL))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("unsupported format version 9");
    }

    @Test
    void salvage_skips_the_damaged_record_keeps_the_rest_and_stays_appendable() {
        List<RecordLocation> locations = write(10);
        flipByte(segmentFile(dir, 1), locations.get(4).offset() + RecordFrame.HEADER_SIZE + 5);

        List<ReplayedRecord> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, SALVAGE, ReplayedRecord.into(replayed))) {
            journal.append((byte) 1, "after salvage".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(replayed).extracting(ReplayedRecord::location)
                .containsExactlyElementsOf(locations.stream().filter(l -> l != locations.get(4)).toList());
        assertThat(ReplayedRecord.replayOnOpen(dir, SALVAGE)).hasSize(10);
    }

    @Test
    void salvage_sets_a_segment_with_a_broken_header_aside() {
        List<RecordLocation> locations = write(200);
        overwrite(segmentFile(dir, 1), 0, "XX".getBytes(StandardCharsets.US_ASCII));

        List<ReplayedRecord> replayed = ReplayedRecord.replayOnOpen(dir, SALVAGE);

        assertThat(replayed).hasSize((int) locations.stream().filter(l -> l.segment() != 1).count());
        assertThat(dir.resolve("00000000000000000001.log.damaged")).exists();
    }

    @Test
    void reading_a_damaged_record_by_location_names_file_and_offset() {
        List<RecordLocation> locations = write(10);
        try (Journal journal = Journal.open(dir, SMALL)) {
            flipByte(segmentFile(dir, 1), locations.get(2).offset() + RecordFrame.HEADER_SIZE);

            assertThatThrownBy(() -> journal.read(locations.get(2)))
                    .isInstanceOf(JournalCorruptedException.class)
                    .hasMessageContaining("offset " + locations.get(2).offset());
        }
    }
}
