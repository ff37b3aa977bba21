package io.directmail.internal.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.quota.LedgerEntry;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.ResourcePackage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Entries a journal did not take are taken back newest first, leaving the state as it was. */
class LedgerStateRevertTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-06-01");
    private static final QuotaPolicy POLICY = QuotaPolicy.defaults().withFreePerDay(2).withDailyCap(1_000);

    /** A state with a package, some charges and an open reservation. */
    private static LedgerState busy() {
        LedgerState state = new LedgerState();
        state.apply(new LedgerEntry.PackageAdded(ResourcePackage.purchased("p1", 5, new BigDecimal("1.00"), NOW, POLICY)));
        for (int i = 0; i < 3; i++) {
            state.apply(state.planCharge("m" + i, 1, null, NOW, POLICY, true));
        }
        state.apply(state.planReserve("batch-1", 10, NOW, POLICY));
        state.apply(state.planCharge("row-0", 1, state.openReservation("batch-1").orElseThrow(), NOW, POLICY, true));
        return state;
    }

    @Test
    void everyKindOfChange_takenBackNewestFirst_leavesTheStateAsItWas() {
        LedgerState state = busy();
        List<LedgerEntry> before = state.snapshot();
        OpenReservation batch = state.openReservation("batch-1").orElseThrow();
        List<LedgerEntry> applied = new ArrayList<>();
        List<OpenReservation> closed = new ArrayList<>();

        applied.add(state.planCharge("row-1", 1, batch, NOW, POLICY, true));
        state.apply(applied.getLast());
        closed.add(null);
        applied.add(new LedgerEntry.Released("batch-1", NOW, batch.remaining()));
        state.apply(applied.getLast());
        closed.add(batch);
        applied.add(state.planReserve("batch-2", 5, NOW, POLICY));
        state.apply(applied.getLast());
        closed.add(null);
        applied.add(new LedgerEntry.PackageAdded(ResourcePackage.purchased("p2", 7, BigDecimal.ONE, NOW, POLICY)));
        state.apply(applied.getLast());
        closed.add(null);
        applied.add(state.planCharge("m9", 9, null, NOW, POLICY, true));
        state.apply(applied.getLast());
        closed.add(null);
        assertThat(state.snapshot()).isNotEqualTo(before);

        for (int i = applied.size() - 1; i >= 0; i--) {
            state.revert(applied.get(i), closed.get(i));
        }

        assertThat(state.snapshot()).isEqualTo(before);
        assertThat(state.openReservation("batch-1")).as("the same handle, open again").containsSame(batch);
        assertThat(batch.isOpen()).isTrue();
        assertThat(batch.charged()).isEqualTo(1);
        assertThat(state.capTaken(DAY)).isEqualTo(3 + 10);
        assertThat(state.recentCharge("m9")).isEqualTo(Optional.empty());
        assertThat(state.hasPackage("p2")).isFalse();
    }

    @Test
    void aDaySummary_isNeverTakenBack() {
        LedgerEntry.DaySummary summary = new LedgerEntry.DaySummary(DAY, 1, List.of(), 0, 1);

        assertThatThrownBy(() -> new LedgerState().revert(summary, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
