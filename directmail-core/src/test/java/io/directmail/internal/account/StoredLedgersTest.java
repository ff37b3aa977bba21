package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMailException;
import io.directmail.account.AccountPolicy;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.Reservation;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An account's ledger is kept entry by entry in the store, compacted into a snapshot once many
 * piled up, and shared by every instance that keeps the same account on the same store.
 */
class StoredLedgersTest {

    private static final LocalDate DAY = LocalDate.parse("2026-06-01");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final MailStore store = MailStore.inMemory();
    private final StoredModel model = new StoredModel(store);
    private final ModelSync sync = new ModelSync(model, clock, ModelSync.REFRESH_INTERVAL, ModelSync.WRITE_LEASE);

    /** A ledger of account acme as one more instance sharing the store would keep it. */
    private QuotaLedger instance(QuotaPolicy policy) {
        return QuotaLedger.newBuilder().policy(policy).clock(clock).sharedJournal(new StoredModel(store).ledgers().journal("acme"))
                .build();
    }

    private static QuotaPolicy cap(long messages) {
        return QuotaPolicy.defaults().withDailyCap(messages);
    }

    @Test
    void aRunningLedger_isCompactedOnceAsManyEntriesPiledUpAsItsSnapshotHolds() {
        model.addAccount("acme", AccountPolicy.defaults());
        ManagedAccount account = new ManagedAccount("acme", AccountPolicy.defaults(), () -> null, clock, model, sync);
        for (int i = 0; i < 999; i++) {
            account.quota().charge("m" + i);
        }
        account.compactLedgerIfDue();
        assertThat(store.records(StoredLedgers.LEDGER)).as("not yet: 999 entries").hasSize(999);

        account.quota().charge("m999");
        account.compactLedgerIfDue();
        assertThat(store.records(StoredLedgers.LEDGER)).as("1,000 entries folded into the snapshot").isEmpty();

        for (int i = 1_000; i < 1_999; i++) {
            account.quota().charge("m" + i);
        }
        account.compactLedgerIfDue();
        assertThat(store.records(StoredLedgers.LEDGER)).as("fewer new entries than the snapshot holds").hasSize(999);

        ManagedAccount reopened = new ManagedAccount("acme", AccountPolicy.defaults(), () -> null, clock, model, sync);
        assertThat(reopened.quota().usage(DAY)).isEqualTo(account.quota().usage(DAY));
        assertThat(reopened.quota().usage(DAY).payAsYouGoMessages()).isEqualTo(1_999 - 200);
    }

    @Test
    void aCompactionTheStoreRefuses_isTriedAgainOnlyOnceAsManyEntriesPiledUpAgain() {
        int[] attempts = {0};
        MailStore refusingSnapshots = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                if (kind.equals(LedgerSnapshots.HEADS)) {
                    attempts[0]++;
                    throw new DirectMailException("disk full");
                }
                return super.putRecordIfAbsent(kind, key, value);
            }
        };
        StoredModel refusing = new StoredModel(refusingSnapshots);
        refusing.addAccount("acme", AccountPolicy.defaults());
        ManagedAccount account = new ManagedAccount("acme", AccountPolicy.defaults(), () -> null, clock, refusing,
                new ModelSync(refusing, clock, ModelSync.REFRESH_INTERVAL, ModelSync.WRITE_LEASE));
        for (int i = 0; i < 1_999; i++) {
            account.quota().charge("m" + i);
            account.compactLedgerIfDue();
        }
        assertThat(attempts[0]).as("once at 1,000 entries, not at every entry after").isEqualTo(1);

        account.quota().charge("m1999");
        account.compactLedgerIfDue();
        assertThat(attempts[0]).isEqualTo(2);
        assertThat(account.quota().usage(DAY).totalMessages()).isEqualTo(2_000);
    }

    @Test
    void aLedgerWithManyEntries_isCompactedWhenItsAccountIsTakenUp_andReadsBackTheSame() {
        model.addAccount("acme", AccountPolicy.defaults());
        QuotaLedger first = instance(QuotaPolicy.defaults());
        for (int i = 0; i < 1_200; i++) {
            first.charge("m" + i);
        }
        assertThat(store.records(StoredLedgers.LEDGER)).hasSize(1_200);

        ManagedAccount reopened = new ManagedAccount("acme", AccountPolicy.defaults(), () -> null, clock, model, sync);

        assertThat(store.records(StoredLedgers.LEDGER)).as("entries folded into the snapshot").isEmpty();
        assertThat(store.findRecord(LedgerSnapshots.HEADS, "acme")).isPresent();
        assertThat(reopened.quota().usage(DAY)).isEqualTo(first.usage(DAY));
        assertThat(reopened.quota().usage(YearMonth.of(2026, 6)).payAsYouGoMessages()).isEqualTo(1_000);

        reopened.quota().charge("after-the-snapshot");
        QuotaLedger again = instance(QuotaPolicy.defaults());
        assertThat(again.usage(DAY).payAsYouGoMessages()).isEqualTo(1_001);
        assertThat(again.charge("m7").messageId()).as("charged once: an id from before the snapshot").isEqualTo("m7");
        assertThat(again.usage(DAY).payAsYouGoMessages()).isEqualTo(1_001);
    }

    @Test
    void aSnapshotLargerThanARecordHolds_isWrittenInParts_andReadsBackWhole() {
        QuotaLedger busy = instance(QuotaPolicy.defaults());
        int charges = 60_000;
        for (int i = 0; i < charges; i++) {
            busy.charge("20261126T101010Z." + i + ".abcdefghijklmnop@acme.example");
        }

        busy.compact();

        assertThat(store.records(StoredLedgers.LEDGER)).isEmpty();
        assertThat(store.records(LedgerSnapshots.PARTS)).as("more than one part of at most 4 MiB").hasSizeGreaterThan(1)
                .allSatisfy(part -> assertThat(part.value().length).isLessThanOrEqualTo(LedgerSnapshots.PART_BYTES + 64));
        QuotaLedger reread = instance(QuotaPolicy.defaults());
        assertThat(reread.usage(DAY)).isEqualTo(busy.usage(DAY));
        assertThat(reread.charge("20261126T101010Z.7.abcdefghijklmnop@acme.example").at())
                .as("an id from the snapshot is remembered").isEqualTo(clock.instant());

        busy.charge("one-more");
        busy.compact();
        assertThat(store.records(LedgerSnapshots.PARTS)).as("the parts of the replaced snapshot are removed")
                .allSatisfy(part -> assertThat(part.key()).startsWith("acme/" + String.format("%019d", charges) + "-"));
        assertThat(instance(QuotaPolicy.defaults()).usage(DAY).totalMessages()).isEqualTo(charges + 1);
    }

    @Test
    void twoInstances_chargeOneLedger_andSeeEachOthersCharges() {
        QuotaLedger here = instance(QuotaPolicy.defaults());
        QuotaLedger elsewhere = instance(QuotaPolicy.defaults());
        for (int i = 0; i < 3; i++) {
            elsewhere.charge("elsewhere-" + i);
        }

        here.charge("here");

        assertThat(store.records(StoredLedgers.LEDGER)).extracting(StoredRecord::key).containsExactly(
                "acme/0000000000000000000", "acme/0000000000000000001", "acme/0000000000000000002",
                "acme/0000000000000000003");
        assertThat(here.usage(DAY).freeMessages()).isEqualTo(4);
        assertThat(elsewhere.usage(DAY).freeMessages()).as("read before it answers").isEqualTo(4);
        assertThat(here.charge("elsewhere-1").at()).as("an id charged by the other instance is not charged again")
                .isEqualTo(elsewhere.charge("elsewhere-1").at());
        assertThat(instance(QuotaPolicy.defaults()).usage(DAY).freeMessages()).isEqualTo(4);
    }

    @Test
    void theDailyCap_holdsForEveryInstanceTogether() {
        QuotaLedger here = instance(cap(10));
        QuotaLedger elsewhere = instance(cap(10));
        int charged = 0;
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            for (QuotaLedger ledger : new QuotaLedger[] {here, elsewhere}) {
                try {
                    ledger.charge((ledger == here ? "here-" : "elsewhere-") + i);
                    charged++;
                } catch (QuotaExceededException e) {
                    assertThat(e.limit()).isEqualTo(QuotaExceededException.DAILY_CAP);
                    refused++;
                }
            }
        }

        assertThat(charged).isEqualTo(10);
        assertThat(refused).isEqualTo(10);
        assertThat(here.dailyCapRemaining()).hasValue(0);
        assertThat(elsewhere.usage(DAY).freeMessages()).isEqualTo(10);
    }

    @Test
    void concurrentInstances_neverChargePastTheCap_andChargeEachMessageOnce() throws Exception {
        QuotaLedger[] instances = {instance(cap(500)), instance(cap(500))};
        int[] charged = new int[4];
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    try {
                        // Threads 0 and 1 charge ids m-0-i through the two instances, threads 2 and 3
                        // ids m-1-i: each id is charged once, whichever instance gets there first.
                        instances[thread % 2].charge("m-" + (thread / 2) + "-" + i);
                        charged[thread]++;
                    } catch (QuotaExceededException e) {
                        // over the cap
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join(60_000);
            assertThat(thread.isAlive()).isFalse();
        }

        // A call for an id charged already returns that charge: the calls that got one exceed the messages charged.
        assertThat(charged[0] + charged[1] + charged[2] + charged[3]).isGreaterThanOrEqualTo(500);
        QuotaLedger fresh = instance(cap(500));
        assertThat(fresh.usage(DAY).totalMessages()).as("never past the cap, each id once").isEqualTo(500);
        assertThat(fresh.dailyCapRemaining()).hasValue(0);
    }

    @Test
    void anInstanceThatFellBehindACompaction_readsTheSnapshot_andItsChargeCountsOnce() {
        QuotaLedger busy = instance(QuotaPolicy.defaults());
        QuotaLedger idle = instance(QuotaPolicy.defaults());
        for (int i = 0; i < 1_000; i++) {
            busy.charge("m" + i);
        }
        busy.compact();
        assertThat(store.records(StoredLedgers.LEDGER)).isEmpty();

        // The idle instance writes at number 0, whose entry the compaction removed.
        idle.charge("late");

        assertThat(store.records(StoredLedgers.LEDGER)).extracting(StoredRecord::key).containsExactly("acme/0000000000000001000");
        assertThat(idle.usage(DAY).totalMessages()).isEqualTo(1_001);
        assertThat(busy.usage(DAY).totalMessages()).isEqualTo(1_001);
        assertThat(instance(QuotaPolicy.defaults()).usage(DAY).payAsYouGoMessages()).isEqualTo(801);
    }

    @Test
    void aReservationHandle_keepsWorking_whenItsLedgerIsReadAgainFromTheSnapshot() {
        QuotaLedger batchNode = instance(cap(5_000));
        QuotaLedger other = instance(cap(5_000));
        Reservation batch = batchNode.reserve("batch-1", 50);
        for (int i = 0; i < 10; i++) {
            batch.charge("row-" + i);
        }
        for (int i = 0; i < 1_000; i++) {
            other.charge("m" + i);
        }
        other.compact();

        batch.charge("row-10");

        assertThat(batch.isOpen()).isTrue();
        assertThat(batch.charged()).isEqualTo(11);
        assertThat(batch.remaining()).isEqualTo(39);
        assertThat(other.dailyCapRemaining()).hasValue(5_000 - 1_000 - 50);
        assertThat(batch.release()).isEqualTo(39);
        assertThat(other.dailyCapRemaining()).hasValue(5_000 - 1_000 - 11);
        assertThat(other.reservation("batch-1")).isEmpty();
    }

    @Test
    void chargesMadeWhileAWriteIsUnderWay_areWrittenTogether_inOneGroup() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        MailStore slowFirstWrite = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                if (kind.equals(StoredLedgers.LEDGER) && firstWriteStarted.getCount() > 0) {
                    firstWriteStarted.countDown();
                    await(releaseFirstWrite);
                }
                return super.putRecordIfAbsent(kind, key, value);
            }
        };
        QuotaLedger ledger = QuotaLedger.newBuilder().clock(clock).sharedJournal(new StoredModel(slowFirstWrite).ledgers().journal("acme"))
                .build();
        Thread first = Thread.ofPlatform().start(() -> ledger.charge("first"));
        await(firstWriteStarted);
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "waiting-" + i;
            waiting.add(Thread.ofPlatform().start(() -> ledger.charge(id)));
        }
        for (Thread thread : waiting) {
            // Each is queued behind the write under way once it blocks on the ledger's lock.
            while (thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }

        releaseFirstWrite.countDown();
        first.join(10_000);
        for (Thread thread : waiting) {
            thread.join(10_000);
        }

        assertThat(store.records(StoredLedgers.LEDGER)).as("one group for the first charge, one for the ten queued behind it")
                .hasSize(2);
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(11);
        assertThat(instance(QuotaPolicy.defaults()).usage(DAY).totalMessages()).isEqualTo(11);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aGroupAnotherInstanceDisplaced_isPlannedAgain_againstWhatThatInstanceCharged() {
        QuotaLedger here = instance(cap(3));
        QuotaLedger elsewhere = instance(cap(3));
        here.charge("here-1");
        elsewhere.charge("elsewhere-1");
        elsewhere.charge("elsewhere-2");

        assertThatThrownBy(() -> here.charge("here-2")).as("planned again: the cap is taken by now")
                .isInstanceOf(QuotaExceededException.class);
        assertThat(here.usage(DAY).totalMessages()).isEqualTo(3);
        assertThat(store.records(StoredLedgers.LEDGER)).hasSize(3);
    }

    @Test
    void aPlaceHeldForOneMessage_isChargedAndReleasedInOneWrite() {
        QuotaLedger ledger = instance(cap(10));
        Reservation place = ledger.reserve("send-m1", 1);

        assertThat(place.chargeAndRelease("m1").messageId()).isEqualTo("m1");

        assertThat(store.records(StoredLedgers.LEDGER)).as("the reservation, then the charge with the release").hasSize(2);
        assertThat(place.isOpen()).isFalse();
        assertThat(ledger.dailyCapRemaining()).hasValue(9);
        assertThat(instance(cap(10)).usage(DAY).totalMessages()).isEqualTo(1);
        assertThat(instance(cap(10)).reservation("send-m1")).isEmpty();
    }

    @Test
    void aRefusalOnAStaleView_isCheckedAgainstWhatTheOtherInstancesWrote() {
        QuotaLedger here = instance(cap(2));
        QuotaLedger elsewhere = instance(cap(2));
        here.reserve("batch-1", 2);
        elsewhere.reservation("batch-1").orElseThrow().release();

        // Here still sees the reservation holding the whole cap; the release elsewhere freed it.
        assertThat(here.charge("m1").messageId()).isEqualTo("m1");
        assertThat(elsewhere.dailyCapRemaining()).hasValue(1);
        here.charge("m2");
        assertThatThrownBy(() -> here.charge("m3")).as("a refusal that stands after the check")
                .isInstanceOf(QuotaExceededException.class);
        assertThat(elsewhere.usage(DAY).totalMessages()).isEqualTo(2);
    }

    @Test
    void aStoreThatRefusesEveryEntryNumber_failsTheChargeAfterBoundedTries() {
        int[] tries = {0};
        MailStore refusing = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                tries[0]++;
                return false;
            }
        };
        QuotaLedger ledger = QuotaLedger.newBuilder().clock(clock).sharedJournal(new StoredModel(refusing).ledgers().journal("acme"))
                .build();

        assertThatThrownBy(() -> ledger.charge("m1")).isInstanceOf(DirectMailException.class)
                .hasMessageContaining("other instances wrote first 64 times");
        assertThat(tries[0]).isEqualTo(64);
        assertThat(ledger.usage(DAY).totalMessages()).as("nothing charged").isZero();
    }

    @Test
    void aSharedJournal_cannotBeCombinedWithEntriesOrAJournal() {
        assertThatThrownBy(() -> QuotaLedger.newBuilder().sharedJournal(model.ledgers().journal("acme")).entries(java.util.List.of())
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("shared journal");
    }
}
