package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMailException;
import io.directmail.account.AccountPolicy;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** An account's ledger is kept entry by entry, and compacted into a snapshot once many piled up. */
class StoredLedgersTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final MailStore store = MailStore.inMemory();
    private final StoredModel model = new StoredModel(store);
    private final ModelSync sync = new ModelSync(model, clock, ModelSync.REFRESH_INTERVAL, ModelSync.WRITE_LEASE);

    private QuotaLedger ledger() {
        return ledger(model);
    }

    private QuotaLedger ledger(StoredModel model) {
        return QuotaLedger.newBuilder().policy(QuotaPolicy.defaults()).clock(clock).entries(model.ledgers().ledger("acme"))
                .journal(entry -> model.ledgers().appendLedger("acme", entry)).build();
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

        LocalDate day = LocalDate.parse("2026-06-01");
        ManagedAccount reopened = new ManagedAccount("acme", AccountPolicy.defaults(), () -> null, clock, model, sync);
        assertThat(reopened.quota().usage(day)).isEqualTo(account.quota().usage(day));
        assertThat(reopened.quota().usage(day).payAsYouGoMessages()).isEqualTo(1_999 - 200);
    }

    @Test
    void aLedgerWithManyEntries_isCompactedIntoASnapshot_andReadsBackTheSame() {
        model.addAccount("acme", AccountPolicy.defaults());
        QuotaLedger first = ledger();
        for (int i = 0; i < 1_200; i++) {
            first.charge("m" + i);
        }
        assertThat(store.records(StoredLedgers.LEDGER)).hasSize(1_200);

        ManagedAccount reopened = new ManagedAccount("acme", AccountPolicy.defaults(), () -> null, clock, model, sync);

        assertThat(store.records(StoredLedgers.LEDGER)).as("entries folded into the snapshot").isEmpty();
        assertThat(store.findRecord(StoredLedgers.LEDGER_SNAPSHOTS, "acme")).isPresent();
        LocalDate day = LocalDate.parse("2026-06-01");
        assertThat(reopened.quota().usage(day)).isEqualTo(first.usage(day));
        assertThat(reopened.quota().usage(YearMonth.of(2026, 6)).payAsYouGoMessages()).isEqualTo(1_000);

        reopened.quota().charge("after-the-snapshot");
        QuotaLedger again = ledger();
        assertThat(again.usage(day).payAsYouGoMessages()).isEqualTo(1_001);
        assertThat(again.charge("m7").messageId()).as("charged once: an id from before the snapshot").isEqualTo("m7");
        assertThat(again.usage(day).payAsYouGoMessages()).isEqualTo(1_001);
    }

    @Test
    void entryNumbersAnotherInstanceTook_areSkipped_pastTheLastOneStored() {
        model.addAccount("acme", AccountPolicy.defaults());
        QuotaLedger here = ledger();
        QuotaLedger elsewhere = ledger(new StoredModel(store));
        for (int i = 0; i < 3; i++) {
            elsewhere.charge("elsewhere-" + i);
        }

        here.charge("here");

        assertThat(store.records(StoredLedgers.LEDGER)).extracting(StoredRecord::key).containsExactly(
                "acme/0000000000000000000", "acme/0000000000000000001", "acme/0000000000000000002",
                "acme/0000000000000000003");
        assertThat(ledger().usage(LocalDate.parse("2026-06-01")).freeMessages()).isEqualTo(4);
    }

    @Test
    void aStoreThatRefusesEveryEntryNumber_failsTheEntryAfterAFewTries() {
        int[] tries = {0};
        MailStore refusing = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                tries[0]++;
                return false;
            }
        };
        StoredModel refused = new StoredModel(refusing);
        QuotaLedger ledger = ledger(refused);

        assertThatThrownBy(() -> ledger.charge("m1")).isInstanceOf(DirectMailException.class)
                .hasMessageContaining("ledger entry of account acme");
        assertThat(tries[0]).isEqualTo(16);
    }
}
