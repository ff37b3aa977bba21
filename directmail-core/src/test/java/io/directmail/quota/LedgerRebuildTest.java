package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerRebuildTest {

    private static final Instant START = Instant.parse("2025-01-10T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2025, 1, 10);
    private static final QuotaPolicy POLICY = QuotaPolicy.defaults().withFreePerDay(20).withDailyCap(1000)
            .withIdempotencyWindow(Duration.ofDays(2));

    private final SettableClock clock = new SettableClock(START);
    private final List<LedgerEntry> journal = new ArrayList<>();
    private final QuotaLedger ledger = QuotaLedger.newBuilder().policy(POLICY).clock(clock).journal(journal::add).build();

    private QuotaLedger rebuilt(List<LedgerEntry> entries) {
        return QuotaLedger.newBuilder().policy(POLICY).clock(clock).entries(entries).build();
    }

    /** Ten days of packages, trigger mail, a finished batch, a cancelled batch and a running one. */
    private void tenBusyDays() {
        ledger.purchase("p-long", 5000, new BigDecimal("10.00"));
        ledger.addPackage(new ResourcePackage("p-short", 300, new BigDecimal("1.00"), START, START.plus(Duration.ofDays(4))));
        for (int day = 0; day < 10; day++) {
            for (int i = 0; i < 7; i++) {
                ledger.charge("trigger-" + day + "-" + i, 1 + i);
            }
            Reservation batch = ledger.reserve("batch-" + day, 200);
            for (int i = 0; i < 50 + day * 10; i++) {
                batch.charge("batch-" + day + "-" + i);
            }
            if (day == 9) {
                clock.advance(Duration.ofDays(1));            // the last batch is still running
            } else if (day % 3 == 0) {
                batch.release();
                clock.advance(Duration.ofDays(1));
            } else {
                clock.advance(Duration.ofHours(20));          // the batch runs on into the next day
                batch.charge("batch-" + day + "-late", 3);
                batch.release();
                clock.advance(Duration.ofHours(4));
            }
        }
    }

    private void assertSameReports(QuotaLedger a, QuotaLedger b) {
        for (int day = -1; day < 14; day++) {
            assertThat(b.usage(DAY.plusDays(day))).as("day %d", day).isEqualTo(a.usage(DAY.plusDays(day)));
        }
        assertThat(b.usage(YearMonth.of(2025, 1))).isEqualTo(a.usage(YearMonth.of(2025, 1)));
        assertThat(b.dailyCapRemaining()).isEqualTo(a.dailyCapRemaining());
    }

    @Test
    void rebuildingFromTheJournal_givesTheSameReportsAndEntries() {
        tenBusyDays();

        QuotaLedger copy = rebuilt(journal);

        assertSameReports(ledger, copy);
        assertThat(copy.entries()).isEqualTo(ledger.entries());
        assertThat(ledger.usage(YearMonth.of(2025, 1)).totalMessages()).isGreaterThan(1000);
    }

    @Test
    void rebuildingFromTheCompactEntries_givesTheSameReportsAndEntries() {
        tenBusyDays();
        List<LedgerEntry> compact = ledger.entries();

        QuotaLedger copy = rebuilt(compact);

        assertSameReports(ledger, copy);
        assertThat(copy.entries()).isEqualTo(compact);
        assertThat(compact.size()).isLessThan(journal.size() / 2);
        assertThat(compact).hasAtLeastOneElementOfType(LedgerEntry.DaySummary.class);
    }

    @Test
    void theCompactEntries_keepOnlyChargesInsideTheIdempotencyWindow() {
        tenBusyDays();

        List<String> kept = ledger.entries().stream()
                .filter(LedgerEntry.Charged.class::isInstance)
                .map(entry -> ((LedgerEntry.Charged) entry).messageId())
                .toList();

        assertThat(kept).contains("trigger-9-0", "trigger-8-0").doesNotContain("trigger-7-6", "trigger-0-0");
    }

    @Test
    void aRebuiltLedger_remembersChargesInsideTheWindow_andForgetsOlderOnes() {
        tenBusyDays();
        QuotaLedger copy = rebuilt(ledger.entries());

        LedgerEntry.Charged recent = copy.charge("trigger-9-3", 99);
        assertThat(recent.count()).isEqualTo(4);
        assertThat(recent.day()).isEqualTo(DAY.plusDays(9));

        LedgerEntry.Charged old = copy.charge("trigger-0-0");
        assertThat(old.day()).isEqualTo(DAY.plusDays(10));
    }

    @Test
    void anOpenReservation_survivesARebuildWithWhatIsLeftOfIt() {
        tenBusyDays();
        Reservation running = ledger.reservation("batch-9").orElseThrow();
        long left = running.remaining();

        for (List<LedgerEntry> stored : List.of(journal, ledger.entries())) {
            QuotaLedger copy = rebuilt(stored);
            Reservation found = copy.reservation("batch-9").orElseThrow();
            assertThat(found.remaining()).isEqualTo(left);
            assertThat(found.charged()).isEqualTo(running.charged());
            assertThat(found.messages()).isEqualTo(200);
            assertThat(found.release()).isEqualTo(left);
            assertThat(copy.reservation("batch-9")).isEmpty();
        }
        assertThat(rebuilt(journal).reservation("batch-8")).isEmpty();
    }

    @Test
    void aReservationsHoldOnTheCap_survivesARebuild() {
        Reservation batch = ledger.reserve("batch", 600);
        batch.charge("b1", 100);
        ledger.charge("trigger", 50);

        for (List<LedgerEntry> stored : List.of(journal, ledger.entries())) {
            QuotaLedger copy = rebuilt(stored);
            assertThat(copy.dailyCapRemaining()).hasValue(350);
            assertThat(copy.reservation("batch").orElseThrow().release()).isEqualTo(500);
            assertThat(copy.dailyCapRemaining()).hasValue(850);
        }
    }

    @Test
    void compactEntriesFollowedByTheJournalTail_rebuildTheSameLedger() {
        tenBusyDays();
        List<LedgerEntry> snapshot = ledger.entries();
        int tail = journal.size();
        Reservation running = ledger.reservation("batch-9").orElseThrow();
        running.charge("after-snapshot-1");
        ledger.charge("after-snapshot-2", 5);
        running.release();
        clock.advance(Duration.ofDays(1));
        ledger.charge("after-snapshot-3");

        List<LedgerEntry> stored = new ArrayList<>(snapshot);
        stored.addAll(journal.subList(tail, journal.size()));
        QuotaLedger copy = rebuilt(stored);

        assertSameReports(ledger, copy);
        assertThat(copy.entries()).isEqualTo(ledger.entries());
    }

    @Test
    void aRebuiltLedgerSendsNothingToItsJournal_untilItChanges() {
        ledger.charge("m1");
        List<LedgerEntry> second = new ArrayList<>();

        QuotaLedger copy = QuotaLedger.newBuilder().policy(POLICY).clock(clock).entries(journal).journal(second::add).build();
        assertThat(second).isEmpty();

        copy.charge("m2");
        assertThat(second).hasSize(1);
    }

    @Test
    void aMessageChargedAgainAfterTheWindow_isAcceptedFromTheJournal() {
        ledger.charge("m1");
        clock.advance(Duration.ofDays(3));
        ledger.charge("m1");

        assertThat(journal).hasSize(2);
        assertSameReports(ledger, rebuilt(journal));
    }

    @Test
    void contradictoryEntries_areRefusedNamingTheEntry() {
        Instant at = START;
        ResourcePackage p1 = new ResourcePackage("p1", 10, BigDecimal.ONE, at, at.plus(Duration.ofDays(10)));
        LedgerEntry.PackageAdded added = new LedgerEntry.PackageAdded(p1);
        LedgerEntry.Charged fromP1 = new LedgerEntry.Charged("m1", at, DAY, 0, List.of(new PackageDraw("p1", 4)), 0, Optional.empty());

        assertRefused(List.of(fromP1), "entry 0 (Charged)", "package p1 is not in the ledger");
        assertRefused(List.of(added, added), "entry 1 (PackageAdded)", "package id p1 is already in the ledger");
        assertRefused(List.of(added, fromP1,
                        new LedgerEntry.Charged("m2", at, DAY, 0, List.of(new PackageDraw("p1", 7)), 0, Optional.empty())),
                "entry 2", "package p1 has 6 messages left, but 7 are taken from it");
        assertRefused(List.of(added, fromP1, fromP1), "entry 2", "message m1 is charged twice");
        assertRefused(List.of(new LedgerEntry.Released("r1", at, 0)), "entry 0 (Released)", "reservation r1 is not open");
        LedgerEntry.Reserved reserved = new LedgerEntry.Reserved("r1", at, DAY, 5, 0);
        assertRefused(List.of(reserved, reserved), "entry 1 (Reserved)", "reservation r1 is already open");
        assertRefused(List.of(reserved, new LedgerEntry.Released("r1", at, 4)), "entry 1", "returns 4 messages, but 5 are unused");
        assertRefused(List.of(reserved, new LedgerEntry.Charged("m1", at, DAY, 6, List.of(), 0, Optional.of("r1"))),
                "entry 1", "reservation r1, which has 5 left");
        assertRefused(List.of(new LedgerEntry.DaySummary(DAY, 0, List.of(new PackageDraw("p9", 1)), 0, 0)),
                "entry 0 (DaySummary)", "package p9 is not in the ledger");
    }

    private void assertRefused(List<LedgerEntry> entries, String entry, String reason) {
        assertThatThrownBy(() -> rebuilt(entries))
                .isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining(entry)
                .hasMessageContaining(reason);
    }
}
