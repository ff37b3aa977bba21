package io.directmail.internal.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalCorruptedException;
import io.directmail.internal.store.journal.JournalOptions;
import io.directmail.internal.store.journal.RecordLocation;
import io.directmail.store.MailStore;
import io.directmail.store.MailStoreContract;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredRecord;
import io.directmail.testsupport.SettableClock;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded store promises for keyed records beyond the store contract: they survive
 * reopening, compaction keeps only the latest record of each key (a removal included) and gives
 * the rest of the space back, also when it races with changes or a crash interrupts it, values
 * stay on disk, and damage is reported.
 */
class EmbeddedRecordsTest {

    /** Small segments, so that a few records seal segments and compaction has work. */
    private static final JournalOptions SMALL_SEGMENTS = JournalOptions.defaults().withSegmentSize(16 * 1024);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private EmbeddedMailStore store;

    @BeforeEach
    void open() {
        store = open(false);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private EmbeddedMailStore open(boolean automaticMaintenance) {
        return EmbeddedMailStore.open(dir, StoreOptions.defaults().withClock(clock), SMALL_SEGMENTS, automaticMaintenance);
    }

    private void reopen() {
        store.close();
        store = open(false);
    }

    private static byte[] value(String key, int version, int size) {
        byte[] head = (key + " version " + version + ";").getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[Math.max(size, head.length)];
        System.arraycopy(head, 0, value, 0, head.length);
        for (int i = head.length; i < value.length; i++) {
            value[i] = (byte) ('a' + (i + version) % 26);
        }
        return value;
    }

    private void assertRecords(Map<String, byte[]> expected) {
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (e.getValue() == null) {
                assertThat(store.findRecord("template", e.getKey())).as(e.getKey()).isEmpty();
            } else {
                assertThat(store.findRecord("template", e.getKey())).as(e.getKey())
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(e.getValue()));
            }
        }
        List<StoredRecord> listed = expected.entrySet().stream().filter(e -> e.getValue() != null)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new StoredRecord("template", e.getKey(), e.getValue())).toList();
        assertThat(store.records("template")).containsExactlyElementsOf(listed);
    }

    /** Writes several versions of 30 keys, removing every fifth at the end; returns what must be stored. */
    private Map<String, byte[]> writeVersions() {
        Map<String, byte[]> expected = new HashMap<>();
        for (int version = 0; version < 6; version++) {
            for (int k = 0; k < 30; k++) {
                String key = "acct" + (k % 3) + "/t" + k;
                byte[] value = value(key, version, 700);
                store.putRecord("template", key, value);
                expected.put(key, value);
            }
        }
        for (int k = 0; k < 30; k += 5) {
            String key = "acct" + (k % 3) + "/t" + k;
            store.removeRecord("template", key);
            expected.put(key, null);
        }
        return expected;
    }

    @Test
    void recordsRemovedTogether_shareFsyncs_andStayRemovedAfterReopening() {
        for (int i = 0; i < 50; i++) {
            store.putRecord("ledger", "acme/" + i, ("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<String> keys = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "acme/" + i).toList();
        long fsyncsBefore = store.recordMetrics().fsyncs();

        assertThat(store.removeRecords("ledger", keys)).isEqualTo(40);

        // Queued together, the removals share the journal's group commits instead of one fsync each.
        assertThat(store.recordMetrics().fsyncs() - fsyncsBefore).as("40 removals, a few shared writes").isLessThan(10);
        reopen();
        assertThat(store.records("ledger")).hasSize(10);
        assertThat(store.findRecord("ledger", "acme/0")).isEmpty();
        assertThat(store.findRecord("ledger", "acme/49")).isPresent();
    }

    @Test
    void records_surviveReopening_withTheirLatestValues() {
        byte[] large = value("list", 1, 2 * 1024 * 1024);
        store.putRecord("account", "acme", "v1".getBytes(StandardCharsets.UTF_8));
        store.replaceRecord("account", "acme", "v1".getBytes(StandardCharsets.UTF_8), "v2".getBytes(StandardCharsets.UTF_8));
        store.putRecordIfAbsent("domain", "mail.acme.example", "acme".getBytes(StandardCharsets.UTF_8));
        store.putRecord("domain", "old.acme.example", "acme".getBytes(StandardCharsets.UTF_8));
        store.removeRecord("domain", "old.acme.example");
        store.putRecord("list", "acme/newsletter", large);

        reopen();

        assertThat(store.findRecord("account", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo("v2".getBytes(StandardCharsets.UTF_8)));
        assertThat(store.records("domain")).extracting(StoredRecord::key).containsExactly("mail.acme.example");
        assertThat(store.findRecord("domain", "old.acme.example")).isEmpty();
        assertThat(store.findRecord("list", "acme/newsletter")).hasValueSatisfying(v -> assertThat(v).isEqualTo(large));
        assertThat(store.putRecordIfAbsent("domain", "mail.acme.example", new byte[0])).as("still there").isFalse();
        assertThat(store.putRecordIfAbsent("domain", "old.acme.example", new byte[0])).as("still removed").isTrue();
    }

    @Test
    void compaction_keepsOnlyTheLatestRecordOfEachKey_andGivesTheRestBack_beforeAndAfterReopening() {
        Map<String, byte[]> expected = writeVersions();
        long before = store.diskUsage();

        store.maintainNow();

        long after = store.diskUsage();
        System.out.printf("records compaction: %d bytes before, %d after%n", before, after);
        assertThat(after).isLessThan(before / 3);
        assertRecords(expected);
        reopen();
        assertRecords(expected);
        store.maintainNow();
        reopen();
        assertRecords(expected);
    }

    @Test
    void aCrashAfterCompactionCopiedRecordsButBeforeItDeletedTheOldSegments_bringsBackNoOldValue() throws IOException {
        Map<String, byte[]> expected = writeVersions();
        Path records = dir.resolve("records");
        Path aside = Files.createDirectory(dir.resolve("aside"));
        List<Path> before = segmentFiles(records);
        for (Path p : before) {
            Files.copy(p, aside.resolve(p.getFileName()));
        }

        store.maintainNow();
        store.close();
        // What a crash between the copies and the deletions leaves: both the originals and the copies.
        int restored = 0;
        for (Path p : before) {
            if (!Files.exists(p)) {
                Files.copy(aside.resolve(p.getFileName()), p);
                restored++;
            }
        }
        store = open(false);

        assertThat(restored).isPositive();
        assertRecords(expected);
        store.maintainNow();
        reopen();
        assertRecords(expected);
    }

    private static List<Path> segmentFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void compactionRacingWithRecordChanges_losesNothing() throws Exception {
        int threads = 8;
        int rounds = 60;
        store.putRecord("counter", "changes", "0".getBytes(StandardCharsets.UTF_8));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<String, byte[]> latest = new ConcurrentHashMap<>();
        AtomicBoolean working = new AtomicBoolean(true);
        Thread compactor = Thread.ofPlatform().start(() -> {
            while (working.get()) {
                try {
                    store.maintainNow();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        });
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    String key = "w" + thread + "/k" + (i % 7);
                    try {
                        byte[] value = value(key, i, 900);
                        store.putRecord("template", key, value);
                        latest.put(key, value);
                        // Read back a record written earlier, wherever compaction put it.
                        String earlier = "w" + thread + "/k0";
                        if (!store.findRecord("template", earlier).map(v -> v.length == 900).orElse(false)) {
                            failures.add(new AssertionError(earlier + " came back wrong"));
                        }
                        MailStoreContract.increment(store, "counter", "changes");
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        working.set(false);
        compactor.join();

        assertThat(failures).isEmpty();
        for (int round = 0; round < 2; round++) {
            assertRecords(new HashMap<>(latest));
            assertThat(store.findRecord("counter", "changes")).hasValueSatisfying(
                    v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo(Integer.toString(threads * rounds)));
            store.maintainNow();
            reopen();
        }
    }

    @Test
    void compactionOfTheRecords_runsByItself_whenSegmentsWereSealed() {
        store.close();
        store = open(true);
        long written = 0;
        for (int version = 0; version < 300; version++) {
            byte[] value = value("acme/welcome", version, 2_000);
            store.putRecord("template", "acme/welcome", value);
            written += value.length;
        }

        store.awaitMaintenance();

        long kept = store.diskUsage();
        System.out.printf("automatic records compaction: %d bytes written, %d on disk%n", written, kept);
        assertThat(kept).isLessThan(written / 4);
        assertThat(store.findRecord("template", "acme/welcome"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(value("acme/welcome", 299, 2_000)));
    }

    @Test
    void valuesStayOnDisk_theHeapHoldsOnlyWhereTheLatestRecordIs() {
        for (int i = 0; i < 20; i++) {
            store.putRecord("list", "acme/l" + i, value("acme/l" + i, 0, 256 * 1024));
        }

        assertThat(store.findRecord("list", "acme/l7")).hasValueSatisfying(v -> assertThat(v).isEqualTo(value("acme/l7", 0, 256 * 1024)));
        // By design: an index entry is a location and a flag, no bytes.
        assertThat(Stream.of(RecordJournal.Latest.class.getRecordComponents()).map(RecordComponent::getType))
                .containsExactly(RecordLocation.class, boolean.class);
        assertThat(Stream.of(RecordJournal.class.getDeclaredFields()).map(Field::getType)).doesNotContain(byte[].class);
    }

    @Test
    void anIntactRecordThatIsNotAKeyedRecord_isReportedAsDamage() {
        store.close();
        try (Journal journal = Journal.open(dir.resolve("records"), JournalOptions.defaults())) {
            journal.append((byte) 9, new byte[] {1, 2, 3});
        }

        assertThatThrownBy(() -> MailStore.embedded(dir))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("records")
                .hasMessageContaining("not a keyed record")
                .hasMessageContaining("unknown record type 9");
        store = null;
    }

    @Test
    void aSuppressionRecordThatCannotBeRead_isReportedAsDamage() {
        store.close();
        try (Journal journal = Journal.open(dir.resolve("records"), JournalOptions.defaults())) {
            journal.append(RecordCodec.PUT, RecordCodec.put(SuppressionRecords.KIND, "a@b.example", new byte[] {1, 0}));
        }

        assertThatThrownBy(() -> MailStore.embedded(dir))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("not a valid dm:suppression record");
        store = null;
    }
}
