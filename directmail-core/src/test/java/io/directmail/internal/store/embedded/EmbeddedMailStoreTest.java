package io.directmail.internal.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.Suppression;
import io.directmail.internal.store.journal.CompactionResult;
import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalCorruptedException;
import io.directmail.internal.store.journal.JournalOptions;
import io.directmail.store.MailStore;
import io.directmail.store.MailStoreContract;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the store contract against the embedded store, then what only a durable store promises:
 * reopening keeps everything, content stays on disk, forgotten messages give their space back,
 * damage is reported.
 */
class EmbeddedMailStoreTest extends MailStoreContract {

    /** Small segments, so that a few messages seal segments and compaction has work. */
    private static final JournalOptions SMALL_SEGMENTS = JournalOptions.defaults().withSegmentSize(16 * 1024);

    @TempDir
    Path dir;

    /** Without automatic maintenance: tests run it themselves and check what each run did. */
    @Override
    protected MailStore open(StoreOptions options) {
        return EmbeddedMailStore.open(dir, options, SMALL_SEGMENTS, false);
    }

    private EmbeddedMailStore reopen() {
        store.close();
        store = open(options());
        return (EmbeddedMailStore) store;
    }

    private EmbeddedMailStore embedded() {
        return (EmbeddedMailStore) store;
    }

    @Test
    void reopening_keepsPendingMessages_statuses_content_andIdempotencyKeys() {
        ThreeMessages stored = addThreeAndProgressTwo();
        StoredMessage aDeferred = stored.aDeferred();
        StoredMessage bDelivered = stored.bDelivered();
        StoredMessage c = stored.c();

        reopen();

        assertThat(store.find("a@sender.example")).contains(aDeferred);
        assertThat(store.find("b@sender.example")).contains(bDelivered);
        assertThat(store.find("c@sender.example")).contains(c);
        assertThat(store.content("a@sender.example")).isEqualTo(content("a@sender.example"));
        assertThat(store.content("c@sender.example")).isEqualTo(content("c@sender.example"));
        assertThatThrownBy(() -> store.content("b@sender.example")).hasMessageContaining("released");
        assertThat(store.findByIdempotencyKey("key-a", START)).contains(aDeferred);
        assertThat(store.findByIdempotencyKey("key-c", START)).contains(c);
        List<String> pending = new ArrayList<>();
        store.forEachPending(m -> pending.add(m.messageId()));
        assertThat(pending).containsExactly("a@sender.example", "c@sender.example");

        // New messages after a reopen come after the old ones.
        store.add(message("d@sender.example", null, "one@recipient.example"), content("d@sender.example"));
        pending.clear();
        store.forEachPending(m -> pending.add(m.messageId()));
        assertThat(pending).containsExactly("a@sender.example", "c@sender.example", "d@sender.example");
    }

    @Test
    void reopening_putsPendingMessagesBackInLine_unclaimed_atTheirDueTimes() {
        StoredMessage a = message("a@sender.example", null, "one@recipient.example");
        StoredMessage b = message("b@sender.example", null, "one@recipient.example");
        store.add(a, content("a@sender.example"), START.plus(Duration.ofMinutes(5)));
        store.add(b, content("b@sender.example"));
        store.update(withAll(b, DeliveryStatus.DEFERRED, START.plusSeconds(300)));

        reopen();

        Instant lease = START.plus(Duration.ofMinutes(10));
        assertThat(store.claimDue(MailType.TRIGGER, START, 10, lease)).as("claims die with the process")
                .extracting(StoredMessage::messageId).containsExactly("a@sender.example");
        assertThat(store.claimDue(MailType.TRIGGER, START.plusSeconds(300), 10, lease))
                .extracting(StoredMessage::messageId).containsExactly("b@sender.example");
    }

    @Test
    void reopening_putsPendingMessagesBackInTheirLanesAndAccounts_atTheDueTimesOfTheirLatestStates() {
        Instant now = clock.instant();
        StoredMessage scheduled = inLine("scheduled@sender.example", MailType.TRIGGER, "acme", null, now.plusSeconds(3600));
        StoredMessage big0 = inLine("big0@sender.example", MailType.BATCH, "big-customer", now, null);
        StoredMessage big1 = inLine("big1@sender.example", MailType.BATCH, "big-customer", now, null);
        StoredMessage big2 = inLine("big2@sender.example", MailType.BATCH, "big-customer", now, null);
        StoredMessage done = inLine("done@sender.example", MailType.BATCH, "big-customer", now, null);
        StoredMessage small0 = inLine("small0@sender.example", MailType.BATCH, "small-customer", now, now.plusSeconds(60));
        StoredMessage small1 = inLine("small1@sender.example", MailType.BATCH, "small-customer", now, null);
        for (StoredMessage m : List.of(scheduled, big0, big1, big2, done, small0, small1)) {
            store.add(m, content(m.messageId()));
        }
        store.update(withAll(done, DeliveryStatus.DELIVERED, null));
        // Deferred past its scheduled time: the latest state's next attempt counts.
        store.update(withAll(small0, DeliveryStatus.DEFERRED, now.plusSeconds(300)));

        reopen();

        Instant lease = now.plus(Duration.ofHours(2));
        assertThat(store.claimDue(MailType.TRIGGER, now.plusSeconds(3600).minusNanos(1), 10, lease)).isEmpty();
        assertThat(store.claimDue(MailType.TRIGGER, now.plusSeconds(3600), 10, lease))
                .extracting(StoredMessage::messageId, StoredMessage::account)
                .containsExactly(Tuple.tuple("scheduled@sender.example", "acme"));
        assertThat(store.claimDue(MailType.BATCH, now, 2, lease)).as("one message of each account in turn")
                .extracting(StoredMessage::messageId).containsExactlyInAnyOrder("big0@sender.example", "small1@sender.example");
        assertThat(store.claimDue(MailType.BATCH, now, 10, lease))
                .extracting(StoredMessage::messageId).containsExactly("big1@sender.example", "big2@sender.example");
        assertThat(store.claimDue(MailType.BATCH, now.plusSeconds(300).minusNanos(1), 10, lease)).isEmpty();
        assertThat(store.claimDue(MailType.BATCH, now.plusSeconds(300), 10, lease))
                .extracting(StoredMessage::messageId).containsExactly("small0@sender.example");
    }

    /** A message to one recipient in a lane and account, with a next attempt and a scheduled time (either may be null). */
    private StoredMessage inLine(String id, MailType lane, String account, Instant next, Instant notBefore) {
        StoredMessage m = message(id, null, "one@recipient.example");
        return new StoredMessage(id, m.acceptedAt(), m.returnPath(), m.recipients(), next, "tag", null, m.size(), false,
                false, lane, notBefore, account);
    }

    @Test
    void suppressions_surviveReopening_andCompactionOfTheirJournal() {
        for (int i = 0; i < 1_200; i++) {
            EmailAddress address = EmailAddress.of("user" + i + "@recipient.example");
            Suppression entry = new Suppression(address, Suppression.Reason.HARD_BOUNCE, START, "550 5.1.1 " + "x".repeat(300));
            store.addSuppression(entry);
            if (i % 2 == 1) {
                // Unsubscribed, subscribed again, unsubscribed again: only the last removal matters.
                store.removeSuppression(address);
                store.addSuppression(entry);
                store.removeSuppression(address);
            }
        }
        Suppression kept = store.findSuppression(EmailAddress.of("user42@recipient.example")).orElseThrow();
        long before = embedded().diskUsage();

        embedded().maintainNow();
        long compacted = embedded().diskUsage();
        reopen();

        assertThat(compacted).as("compacted").isLessThan(before / 2);
        assertThat(store.suppressions()).hasSize(600);
        assertThat(store.findSuppression(EmailAddress.of("user42@recipient.example"))).contains(kept);
        assertThat(store.findSuppression(EmailAddress.of("user43@recipient.example"))).isEmpty();
        embedded().maintainNow();
        reopen();
        assertThat(store.suppressions()).hasSize(600);
        assertThat(store.findSuppression(EmailAddress.of("user43@recipient.example"))).isEmpty();
    }

    @Test
    void theLiveBytesCountedAlongTheWay_areWhatAReplayCountsFromScratch() {
        List<StoredMessage> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = "m" + i + "@sender.example";
            StoredMessage m = sized(id, null, 600);
            store.add(m, padded(id, 600));
            switch (i % 3) {
                case 0 -> store.update(withAll(m, DeliveryStatus.DELIVERED, null));
                case 1 -> store.update(withAll(m, DeliveryStatus.DEFERRED, clock.instant().plusSeconds(60)));
                default -> pending.add(m);
            }
        }
        clock.advance(RETENTION.plusSeconds(1));
        embedded().maintainNow();
        for (StoredMessage m : pending) {
            store.update(withAll(m, DeliveryStatus.DELIVERED, null));
        }
        embedded().maintainNow();
        Map<Long, Long> counted = embedded().liveBytesBySegment();

        Map<Long, Long> replayed = reopen().liveBytesBySegment();

        assertThat(counted).isNotEmpty().isEqualTo(replayed);
    }

    @Test
    void compaction_movesLiveRecords_andEverythingIsStillThere_beforeAndAfterReopening() {
        List<StoredMessage> expected = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = "m" + i + "@sender.example";
            StoredMessage m = sized(id, "key-" + i, 700);
            store.add(m, padded(id, 700));
            expected.add(m);
        }
        // Most messages finish (their content dies); every fifth keeps going after a deferral.
        for (int i = 0; i < expected.size(); i++) {
            StoredMessage m = expected.get(i);
            StoredMessage next = i % 5 == 0 ? withAll(m, DeliveryStatus.DEFERRED, START.plusSeconds(60))
                    : withAll(m, DeliveryStatus.DELIVERED, null);
            store.update(next);
            expected.set(i, next);
        }
        long before = embedded().diskUsage();

        CompactionResult result = embedded().maintainNow();

        assertThat(result.segmentsDeleted()).isPositive();
        assertThat(result.recordsRelocated()).isPositive();
        assertThat(embedded().diskUsage()).isLessThan(before);
        assertEverything(expected);
        reopen();
        assertEverything(expected);
        embedded().maintainNow();
        reopen();
        assertEverything(expected);
    }

    @Test
    void aListingAfterReopening_findsTheMessagesReplayedAtOpen_byAccountTagAndTime_evenWhereCompactionMovedThem() {
        List<StoredMessage> shop = new ArrayList<>();
        List<StoredMessage> receipts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StoredMessage m = addPadded("m" + i + "@sender.example", i % 2 == 0 ? "shop" : "blog", i % 3 == 0 ? "receipt" : null,
                    DAY.plusSeconds(300 - i));
            // Most finish (their MESSAGE records die and compaction moves the rest); every fifth is deferred.
            m = i % 5 == 0 ? attempted(m, DeliveryStatus.DEFERRED, clock.instant().plusSeconds(60))
                    : attempted(m, DeliveryStatus.DELIVERED, null);
            if (m.account().equals("shop")) {
                shop.add(0, m);
                if ("receipt".equals(m.tag())) {
                    receipts.add(0, m);
                }
            }
        }
        CompactionResult result = embedded().maintainNow();

        reopen();

        assertThat(result.recordsRelocated()).isPositive();
        assertThat(store.messages(day("shop").limit(1000).build())).containsExactlyElementsOf(shop);
        assertThat(allPages(day("shop").tag("receipt").limit(7).build(), () -> { }))
                .containsExactlyElementsOf(receipts.stream().map(StoredMessage::messageId).toList());
        StoredMessage later = addAt("later@sender.example", "shop", "receipt", DAY.plusSeconds(1000));
        assertThat(store.messages(day("shop").tag("receipt").order(MessageQuery.Order.NEWEST_FIRST).limit(1).build()))
                .containsExactly(later, receipts.getLast());
    }

    /** Adds a queued message of 700 octets of an account, with a tag, accepted at a time. */
    private StoredMessage addPadded(String id, String account, String tag, Instant acceptedAt) {
        StoredMessage m = sized(id, null, 700);
        StoredMessage placed = new StoredMessage(id, acceptedAt, m.returnPath(), m.recipients(), acceptedAt, tag, null, m.size(),
                false, false, MailType.TRIGGER, null, account);
        store.add(placed, padded(id, 700));
        return placed;
    }

    @Test
    void aCrashAfterCompactionCopiedRecordsButBeforeItDeletedTheOldSegments_losesAndRevivesNothing() throws IOException {
        List<StoredMessage> expected = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = "m" + i + "@sender.example";
            StoredMessage m = sized(id, "key-" + i, 700);
            store.add(m, padded(id, 700));
            expected.add(m);
        }
        for (int i = 0; i < expected.size(); i++) {
            StoredMessage m = expected.get(i);
            StoredMessage next = i % 5 == 0 ? withAll(m, DeliveryStatus.DEFERRED, START.plusSeconds(60))
                    : withAll(m, DeliveryStatus.DELIVERED, null);
            store.update(next);
            expected.set(i, next);
        }
        Path queue = dir.resolve("queue");
        Path aside = Files.createDirectory(dir.resolve("aside"));
        List<Path> before = segmentFiles(queue);
        for (Path p : before) {
            Files.copy(p, aside.resolve(p.getFileName()));
        }

        CompactionResult result = embedded().maintainNow();
        store.close();
        // What a crash between the copies and the deletions leaves: both the originals and the copies.
        int restored = 0;
        for (Path p : before) {
            if (!Files.exists(p)) {
                Files.copy(aside.resolve(p.getFileName()), p);
                restored++;
            }
        }
        store = open(options());

        assertThat(result.recordsRelocated()).isPositive();
        assertThat(restored).isPositive();
        assertEverything(expected);
        embedded().maintainNow();
        reopen();
        assertEverything(expected);
    }

    private static List<Path> segmentFiles(Path queue) throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private void assertEverything(List<StoredMessage> expected) {
        for (int i = 0; i < expected.size(); i++) {
            StoredMessage m = expected.get(i);
            assertThat(store.find(m.messageId())).contains(m);
            assertThat(store.findByIdempotencyKey("key-" + i, START)).contains(m);
            if (m.isPending()) {
                assertThat(store.content(m.messageId())).isEqualTo(padded(m.messageId(), 700));
            }
        }
        List<StoredMessage> pending = new ArrayList<>();
        store.forEachPending(pending::add);
        assertThat(pending).containsExactlyElementsOf(expected.stream().filter(StoredMessage::isPending).toList());
        // In line at their due time (the same for all), not before, in acceptance order; then unclaimed again.
        Instant due = pending.getFirst().nextAttemptAt();
        assertThat(pending).extracting(StoredMessage::nextAttemptAt).containsOnly(due);
        Instant lease = due.plus(Duration.ofMinutes(5));
        assertThat(store.claimDue(MailType.TRIGGER, due.minusNanos(1), 1000, lease)).isEmpty();
        List<StoredMessage> claimed = store.claimDue(MailType.TRIGGER, due, 1000, lease);
        assertThat(claimed).containsExactlyElementsOf(pending);
        store.releaseClaims(claimed.stream().map(StoredMessage::messageId).toList());
    }

    @Test
    void retention_forgetsFinalMessages_compactionReclaimsTheirSpace_andTheyStayForgottenAfterReopening() {
        StoredMessage old = message("old@sender.example", null, "rcpt@recipient.example");
        store.add(old, content("old@sender.example"));
        List<StoredMessage> finished = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = "f" + i + "@sender.example";
            StoredMessage m = sized(id, "key-" + i, 900);
            store.add(m, padded(id, 900));
            finished.add(withAll(m, DeliveryStatus.DELIVERED, null));
        }
        finished.forEach(store::update);
        long full = embedded().diskUsage();

        clock.advance(RETENTION);
        embedded().maintainNow();
        embedded().maintainNow();

        long reclaimed = embedded().diskUsage();
        System.out.printf("retention test: disk usage %d bytes before, %d after forgetting and compacting%n", full, reclaimed);
        assertThat(reclaimed).isLessThan(full / 4);
        for (StoredMessage m : finished) {
            assertThat(store.find(m.messageId())).isEmpty();
        }
        assertThat(store.findByIdempotencyKey("key-3", START)).isEmpty();
        assertThat(store.find("old@sender.example")).contains(old);

        // A store forgetting with an older message still in an early segment (its tombstones must
        // then stay), reopened: nothing forgotten comes back.
        reopen();
        for (StoredMessage m : finished) {
            assertThat(store.find(m.messageId())).as(m.messageId()).isEmpty();
        }
        assertThat(embedded().size()).isEqualTo(1);
        assertThat(store.content("old@sender.example")).isEqualTo(content("old@sender.example"));
    }

    @Test
    void tombstones_outliveEveryOlderRecordOfTheirMessage() {
        // A long-pending message pins the first segment; forgotten messages in it must not come back.
        store.add(sized("pinned@sender.example", null, 12_000), padded("pinned@sender.example", 12_000));
        List<StoredMessage> finished = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "f" + i + "@sender.example";
            StoredMessage m = sized(id, null, 800);
            store.add(m, padded(id, 800));
            finished.add(withAll(m, DeliveryStatus.BOUNCED, null));
        }
        finished.forEach(store::update);
        clock.advance(RETENTION.plusDays(1));
        for (int round = 0; round < 3; round++) {
            embedded().maintainNow();
            // Fill segments, so tombstones end up in sealed ones compaction looks at.
            for (int i = 0; i < 20; i++) {
                String id = "r" + round + "-" + i + "@sender.example";
                store.add(sized(id, null, 900), padded(id, 900));
            }
        }

        reopen();

        for (StoredMessage m : finished) {
            assertThat(store.find(m.messageId())).as(m.messageId()).isEmpty();
        }
        assertThat(store.find("pinned@sender.example")).isPresent();
        List<String> pending = new ArrayList<>();
        store.forEachPending(m -> pending.add(m.messageId()));
        assertThat(pending).hasSize(61).first().isEqualTo("pinned@sender.example");
    }

    @Test
    void compaction_runsByItself_whenSegmentsWereSealed() {
        store.close();
        store = EmbeddedMailStore.open(dir, options(), SMALL_SEGMENTS, true);
        for (int i = 0; i < 200; i++) {
            String id = "m" + i + "@sender.example";
            StoredMessage m = sized(id, null, 900);
            store.add(m, padded(id, 900));
            store.update(withAll(m, DeliveryStatus.DELIVERED, null));
        }

        embedded().awaitMaintenance();

        // Every MESSAGE record died at once; without compaction the disk would hold all that was written.
        long written = embedded().journalMetrics().bytesAppended();
        long kept = embedded().diskUsage();
        System.out.printf("automatic compaction: %d bytes written, %d on disk%n", written, kept);
        assertThat(kept).isLessThan(written / 2);
    }

    @Test
    void compactionRacingWithAddsUpdatesAndReads_losesNothing() throws Exception {
        int threads = 8;
        int perThread = 100;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<String, StoredMessage> latest = new ConcurrentHashMap<>();
        AtomicBoolean working = new AtomicBoolean(true);
        Thread compactor = Thread.ofPlatform().start(() -> {
            while (working.get()) {
                try {
                    embedded().maintainNow();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        });
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    String id = "w" + thread + "-" + i + "@sender.example";
                    try {
                        StoredMessage m = sized(id, "key-" + id, 600);
                        store.add(m, padded(id, 600));
                        StoredMessage deferred = withAll(m, DeliveryStatus.DEFERRED, START.plusSeconds(i));
                        store.update(deferred);
                        latest.put(id, deferred);
                        if (i % 3 != 0) {
                            StoredMessage done = withAll(deferred, DeliveryStatus.DELIVERED, null);
                            store.update(done);
                            latest.put(id, done);
                        }
                        // Read back content of an earlier message that is still pending, wherever compaction put it.
                        String earlier = "w" + thread + "-" + (i / 3 * 3) + "@sender.example";
                        if (!Arrays.equals(store.content(earlier), padded(earlier, 600))) {
                            failures.add(new AssertionError(earlier + " came back with other content"));
                        }
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
        assertThat(embedded().journalMetrics().recordsAppended()).isGreaterThan(threads * perThread * 2L);
        for (int round = 0; round < 2; round++) {
            for (StoredMessage m : latest.values()) {
                assertThat(store.find(m.messageId())).contains(m);
                if (m.isPending()) {
                    assertThat(store.content(m.messageId())).isEqualTo(padded(m.messageId(), 600));
                }
            }
            embedded().maintainNow();
            reopen();
        }
    }

    @Test
    void neitherContentNorMetadata_isHeldInTheHeap_butBothAreReadBack() {
        for (int i = 0; i < 200; i++) {
            String id = "big" + i + "@sender.example";
            store.add(sized(id, "key-" + i, 64 * 1024), padded(id, 64 * 1024));
        }

        assertThat(store.content("big7@sender.example")).isEqualTo(padded("big7@sender.example", 64 * 1024));
        assertThat(store.find("big7@sender.example")).get().extracting(StoredMessage::idempotencyKey).isEqualTo("key-7");
        // By design: an index entry holds locations and small facts, no bytes or decoded messages.
        assertThat(Stream.of(IndexEntry.class.getDeclaredFields()).map(Field::getType))
                .doesNotContain(byte[].class, StoredMessage.class, List.class);
    }

    @Test
    void aDamagedFile_isReportedByTheFactory_withTheFileAndOffset() throws IOException {
        for (int i = 0; i < 60; i++) {
            String id = "m" + i + "@sender.example";
            store.add(sized(id, null, 800), padded(id, 800));
        }
        store.close();
        Path first;
        try (Stream<Path> files = Files.list(dir.resolve("queue"))) {
            first = files.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x5a, (byte) 0xa5}), 200);
        }

        assertThatThrownBy(() -> MailStore.embedded(dir))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(first.getFileName().toString())
                .hasMessageContaining("damaged");
        store = MailStore.inMemory();
    }

    @Test
    void anIntactRecordThatIsNotAStoreRecord_isReportedAsDamage() {
        store.close();
        try (Journal journal = Journal.open(dir.resolve("queue"), JournalOptions.defaults())) {
            journal.append((byte) 9, new byte[] {1, 2, 3});
        }

        assertThatThrownBy(() -> MailStore.embedded(dir))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("not a mail store record")
                .hasMessageContaining("unknown record type 9");
        store = MailStore.inMemory();
    }

    @Test
    void theDefaultFactory_opensTheSameStore() {
        StoredMessage m = message("m1@sender.example", "k", "rcpt@recipient.example");
        store.add(m, content("m1@sender.example"));
        store.close();

        try (MailStore reopened = MailStore.embedded(dir, options())) {
            assertThat(reopened.find("m1@sender.example")).contains(m);
            assertThat(reopened.content("m1@sender.example")).isEqualTo(content("m1@sender.example"));
        }
        store = MailStore.inMemory();
    }

    @Test
    void aSecondStoreOnTheSameDirectory_isRefused() {
        assertThatThrownBy(() -> MailStore.embedded(dir))
                .isInstanceOf(DirectMailException.class)
                .hasMessageContaining("already open");
    }

    @Test
    void groupCommit_sharesFsyncsBetweenConcurrentAdders() throws Exception {
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            int thread = t;
            adders.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    String id = "g" + thread + "-" + i + "@sender.example";
                    store.add(message(id, null, "rcpt@recipient.example"), content(id));
                }
            }));
        }
        for (Thread t : adders) {
            t.join();
        }

        var metrics = embedded().journalMetrics();
        System.out.printf("group commit: %d records, %d fsyncs%n", metrics.recordsAppended(), metrics.fsyncs());
        assertThat(metrics.fsyncs()).isLessThan(metrics.recordsAppended());
    }

    private static byte[] padded(String id, int size) {
        byte[] head = content(id);
        byte[] all = Arrays.copyOf(head, Math.max(size, head.length));
        for (int i = head.length; i < all.length; i++) {
            all[i] = (byte) ('a' + Math.floorMod(id.hashCode() + i, 26));
        }
        return all;
    }

    /** A queued message whose content is {@code padded(id, size)}. */
    private StoredMessage sized(String id, String idempotencyKey, int size) {
        StoredMessage m = message(id, idempotencyKey, "rcpt@recipient.example");
        return new StoredMessage(m.messageId(), m.acceptedAt(), m.returnPath(), m.recipients(), m.nextAttemptAt(), m.tag(),
                m.idempotencyKey(), padded(id, size).length, m.smtpUtf8(), m.eightBit());
    }
}
