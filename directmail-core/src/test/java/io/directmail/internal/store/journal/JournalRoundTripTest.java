package io.directmail.internal.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMailException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {

    private static final JournalOptions SMALL_SEGMENTS =
            JournalOptions.defaults().withSegmentSize(JournalOptions.MIN_SEGMENT_SIZE);

    @TempDir
    Path dir;

    @Test
    void records_survive_reopen_across_segment_rollovers_in_append_order() {
        Random random = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        List<RecordLocation> locations = new ArrayList<>();
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 500; i++) {
                byte[] payload = new byte[random.nextInt(300)];
                random.nextBytes(payload);
                payloads.add(payload);
                locations.add(journal.append((byte) (i % 7), payload));
            }
            assertThat(journal.segments()).hasSizeGreaterThan(10);
        }

        List<ReplayedRecord> replayed = new ArrayList<>();
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS, ReplayedRecord.into(replayed))) {
            assertThat(replayed).hasSize(500);
            for (int i = 0; i < 500; i++) {
                ReplayedRecord r = replayed.get(i);
                assertThat(r.location()).isEqualTo(locations.get(i));
                assertThat(r.type()).isEqualTo((byte) (i % 7));
                assertThat(r.payload()).isEqualTo(payloads.get(i));
                assertThat(r.sequence()).isEqualTo(i + 1L);
                assertThat(journal.read(locations.get(i))).isEqualTo(payloads.get(i));
            }
        }
    }

    @Test
    void sequence_numbers_continue_after_reopen() {
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            journal.append((byte) 1, new byte[] {1});
            journal.append((byte) 1, new byte[] {2});
        }
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            journal.append((byte) 1, new byte[] {3});
        }
        assertThat(ReplayedRecord.replayOnOpen(dir, JournalOptions.defaults()))
                .extracting(ReplayedRecord::sequence)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_record_larger_than_a_segment_gets_a_segment_of_its_own() {
        byte[] big = new byte[(int) JournalOptions.MIN_SEGMENT_SIZE * 3];
        Arrays.fill(big, (byte) 'x');
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            RecordLocation small = journal.append((byte) 1, "before".getBytes(StandardCharsets.UTF_8));
            RecordLocation large = journal.append((byte) 2, big);
            RecordLocation after = journal.append((byte) 3, "after".getBytes(StandardCharsets.UTF_8));

            assertThat(large.segment()).isGreaterThan(small.segment());
            assertThat(after.segment()).isGreaterThan(large.segment());
            assertThat(journal.read(large)).isEqualTo(big);
        }
        assertThat(ReplayedRecord.replayOnOpen(dir, SMALL_SEGMENTS))
                .extracting(ReplayedRecord::type)
                .containsExactly((byte) 1, (byte) 2, (byte) 3);
    }

    @Test
    void empty_payloads_and_buffer_slices_are_stored_exactly() {
        ByteBuffer slice = ByteBuffer.wrap("..hello..".getBytes(StandardCharsets.UTF_8)).position(2).limit(7);
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            RecordLocation empty = journal.append((byte) 0, new byte[0]);
            RecordLocation hello = journal.append((byte) 0, slice);

            assertThat(journal.read(empty)).isEmpty();
            assertThat(new String(journal.read(hello), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(slice.position()).as("the caller's buffer is not consumed").isEqualTo(2);
        }
    }

    @Test
    void segment_files_are_named_by_number_and_start_with_the_header() throws Exception {
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            journal.append((byte) 1, new byte[10]);
        }
        Path first = dir.resolve("00000000000000000001.log");
        assertThat(first).exists();
        byte[] bytes = Files.readAllBytes(first);
        assertThat(Arrays.copyOf(bytes, 6)).asString(StandardCharsets.US_ASCII).isEqualTo("DMJRNL");
        assertThat(bytes).hasSize(SegmentHeader.SIZE + RecordFrame.HEADER_SIZE + 10);
    }

    @Test
    void read_refuses_a_location_that_names_no_record() {
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            RecordLocation real = journal.append((byte) 1, new byte[10]);

            assertThatThrownBy(() -> journal.read(new RecordLocation(99, real.offset(), 10)))
                    .isInstanceOf(RecordNotFoundException.class)
                    .hasMessageContaining("segment 99 does not exist");
            assertThatThrownBy(() -> journal.read(new RecordLocation(real.segment(), real.offset(), 11)))
                    .isInstanceOf(RecordNotFoundException.class);
        }
    }

    @Test
    void a_second_journal_on_the_same_directory_is_refused() {
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            assertThatThrownBy(() -> Journal.open(dir, JournalOptions.defaults()))
                    .isInstanceOf(DirectMailException.class)
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void appends_after_close_fail_and_close_is_idempotent() {
        Journal journal = Journal.open(dir, JournalOptions.defaults());
        journal.close();
        journal.close();

        assertThatThrownBy(() -> journal.append((byte) 1, new byte[1]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void replay_on_an_open_journal_sees_every_durable_record() {
        try (Journal journal = Journal.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 100; i++) {
                journal.append((byte) 1, ("record " + i).getBytes(StandardCharsets.UTF_8));
            }
            List<ReplayedRecord> replayed = new ArrayList<>();
            journal.replay(ReplayedRecord.into(replayed));

            assertThat(replayed).extracting(ReplayedRecord::text).hasSize(100).startsWith("record 0").endsWith("record 99");
        }
    }
}
