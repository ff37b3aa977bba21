package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.quota.LedgerEntry;
import io.directmail.store.MailStore;
import io.directmail.testsupport.ForwardingMailStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A ledger's snapshot in the store: in the head when small, in parts when large, whoever writes it. */
class LedgerSnapshotsTest {

    private static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-06-01");

    private final MailStore store = MailStore.inMemory();

    private static List<LedgerEntry> charges(String prefix, int count) {
        List<LedgerEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new LedgerEntry.Charged(prefix + "." + i + ".abcdefghijklmnopqrstuvwxyz@acme.example", AT, DAY, 1, List.of(), 0,
                    Optional.empty()));
        }
        return entries;
    }

    @Test
    void aSmallSnapshot_isTheHeadAlone_inTheFormEveryReleaseReads() {
        LedgerSnapshots snapshots = new LedgerSnapshots(store);

        assertThat(snapshots.write("acme", 9, charges("m", 10))).isTrue();

        assertThat(store.findRecord(LedgerSnapshots.HEADS, "acme")).hasValueSatisfying(head -> assertThat(head[0]).isEqualTo((byte) 1));
        assertThat(store.records(LedgerSnapshots.PARTS)).isEmpty();
        assertThat(snapshots.read("acme")).hasValueSatisfying(read -> {
            assertThat(read.watermark()).isEqualTo(9);
            assertThat(read.entries()).isEqualTo(charges("m", 10));
        });
    }

    @Test
    void twoWritesAtOneWatermark_leaveTheWinnersPartsWhole() {
        List<LedgerEntry> winners = charges("winner", 60_000);
        List<LedgerEntry> losers = charges("loser", 60_000);
        LedgerSnapshots other = new LedgerSnapshots(store);
        boolean[] raced = {false};
        MailStore racing = new ForwardingMailStore(store) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                if (kind.equals(LedgerSnapshots.HEADS) && !raced[0]) {
                    raced[0] = true;
                    // The other write runs whole between this one's parts and its head.
                    assertThat(other.write("acme", 999, winners)).isTrue();
                }
                return super.putRecordIfAbsent(kind, key, value);
            }
        };

        assertThat(new LedgerSnapshots(racing).write("acme", 999, losers)).as("the head was taken").isFalse();

        assertThat(new LedgerSnapshots(store).read("acme")).hasValueSatisfying(read -> {
            assertThat(read.watermark()).isEqualTo(999);
            assertThat(read.entries()).isEqualTo(winners);
        });
        assertThat(store.records(LedgerSnapshots.PARTS)).as("only the winner's parts are left").hasSizeGreaterThan(1)
                .allSatisfy(part -> assertThat(part.value().length).isLessThanOrEqualTo(LedgerSnapshots.PART_BYTES + 64));
    }

    @Test
    void aNewerSnapshot_removesThePartsOfTheOneItReplaces() {
        LedgerSnapshots snapshots = new LedgerSnapshots(store);
        snapshots.write("acme", 10, charges("first", 60_000));
        int firstParts = store.records(LedgerSnapshots.PARTS).size();

        snapshots.write("acme", 20, charges("second", 60_000));

        assertThat(store.records(LedgerSnapshots.PARTS)).hasSize(firstParts)
                .allSatisfy(part -> assertThat(part.key()).startsWith("acme/0000000000000000020-"));
        assertThat(snapshots.write("acme", 15, charges("older", 1))).as("never goes back").isFalse();
        assertThat(snapshots.read("acme").orElseThrow().entries()).isEqualTo(charges("second", 60_000));
    }
}
