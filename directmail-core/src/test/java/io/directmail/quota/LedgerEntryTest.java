package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {

    private static final Instant AT = Instant.parse("2025-01-10T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2025, 1, 10);

    @Test
    void charged_addsUpItsParts_andKeepsAnImmutableCopyOfTheDraws() {
        List<PackageDraw> draws = new ArrayList<>(List.of(new PackageDraw("p1", 3), new PackageDraw("p2", 4)));
        LedgerEntry.Charged charged = new LedgerEntry.Charged("m1", AT, DAY, 2, draws, 5, Optional.empty());
        draws.clear();

        assertThat(charged.count()).isEqualTo(14);
        assertThat(charged.packageMessages()).isEqualTo(7);
        assertThat(charged.packages()).hasSize(2);
        assertThatThrownBy(() -> charged.packages().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void charged_badValues_areRefused() {
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, DAY, 0, List.of(), 0, Optional.empty()))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("at least 1 message");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, DAY, -1, List.of(), 2, Optional.empty()))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, DAY, 0,
                List.of(new PackageDraw("p1", 1), new PackageDraw("p1", 2)), 0, Optional.empty()))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("names package p1 twice");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, DAY, Long.MAX_VALUE, List.of(), 1, Optional.empty()))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("add up to more than");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, DAY, 1, List.of(), 0, Optional.of("")))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("reservationId");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, DAY, 1, List.of(), 0, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("reservationId");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", null, DAY, 1, List.of(), 0, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("at");
        assertThatThrownBy(() -> new LedgerEntry.Charged("m1", AT, null, 1, List.of(), 0, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("day");
        assertThatThrownBy(() -> new LedgerEntry.Charged("", AT, DAY, 1, List.of(), 0, Optional.empty()))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("messageId");
    }

    @Test
    void reservedReleasedAndSummaries_badValues_areRefused() {
        assertThatThrownBy(() -> new LedgerEntry.Reserved("r1", AT, DAY, 0, 0))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("at least 1 message");
        assertThatThrownBy(() -> new LedgerEntry.Reserved("r1", AT, DAY, 5, 6))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("cannot have 6 charged");
        assertThatThrownBy(() -> new LedgerEntry.Reserved("r1", AT, DAY, 5, -1))
                .isInstanceOf(InvalidQuotaInputException.class);
        assertThatThrownBy(() -> new LedgerEntry.Released("r1", AT, -1))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new LedgerEntry.Released("r 1", AT, 0))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("reservationId");
        assertThatThrownBy(() -> new LedgerEntry.DaySummary(DAY, 0, List.of(), 0, -1))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("capTaken -1");
        assertThatThrownBy(() -> new LedgerEntry.DaySummary(null, 0, List.of(), 0, 0))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LedgerEntry.PackageAdded(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PackageDraw("p1", 0))
                .isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("at least 1 message");
    }

    @Test
    void entriesWithEqualValues_areEqual_soStoredAndRebuiltEntriesCompare() {
        assertThat(new LedgerEntry.Reserved("r1", AT, DAY, 5, 0)).isEqualTo(new LedgerEntry.Reserved("r1", AT, DAY, 5, 0));
        assertThat(new LedgerEntry.Charged("m1", AT, DAY, 1, List.of(), 0, Optional.of("r1")))
                .isEqualTo(new LedgerEntry.Charged("m1", AT, DAY, 1, List.of(), 0, Optional.of("r1")));
    }
}
