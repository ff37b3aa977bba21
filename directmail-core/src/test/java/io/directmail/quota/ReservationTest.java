package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private static final Instant START = Instant.parse("2025-01-10T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2025, 1, 10);

    private final SettableClock clock = new SettableClock(START);

    private QuotaLedger ledger(QuotaPolicy policy) {
        return QuotaLedger.newBuilder().policy(policy).clock(clock).build();
    }

    @Test
    void aBatchThatFitsExactlyUnderTheCap_isReserved() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(1000));
        ledger.charge("trigger", 400);

        Reservation batch = ledger.reserve("batch-1", 600);

        assertThat(batch.id()).isEqualTo("batch-1");
        assertThat(batch.day()).isEqualTo(DAY);
        assertThat(batch.messages()).isEqualTo(600);
        assertThat(batch.remaining()).isEqualTo(600);
        assertThat(batch.charged()).isZero();
        assertThat(batch.isOpen()).isTrue();
        assertThat(ledger.dailyCapRemaining()).hasValue(0);
    }

    @Test
    void aBatchThatDoesNotFit_isRefusedAsAWhole_andNothingIsReserved() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(1000));
        ledger.charge("trigger", 400);
        List<LedgerEntry> before = ledger.entries();

        assertThatThrownBy(() -> ledger.reserve("batch-1", 601))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(QuotaExceededException.DAILY_CAP);
                    assertThat(e.allowed()).isEqualTo(1000);
                    assertThat(e.taken()).isEqualTo(400);
                    assertThat(e.requested()).isEqualTo(601);
                });

        assertThat(ledger.entries()).isEqualTo(before);
        assertThat(ledger.reservation("batch-1")).isEmpty();
        assertThat(ledger.dailyCapRemaining()).hasValue(600);
    }

    @Test
    void aReservationHoldsItsRoom_soOtherMailIsRefusedBeyondTheCap() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(100));
        Reservation batch = ledger.reserve("batch-1", 90);

        ledger.charge("trigger", 10);
        assertThatThrownBy(() -> ledger.charge("trigger-2")).isInstanceOf(QuotaExceededException.class);
        assertThatThrownBy(() -> ledger.reserve("batch-2", 1)).isInstanceOf(QuotaExceededException.class);

        for (int i = 0; i < 90; i++) {
            batch.charge("b" + i);
        }
        assertThat(batch.remaining()).isZero();
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(100);
    }

    @Test
    void batchMessagesArePricedWhenCharged_freeAllowanceAndPackagesFirst() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(2));
        ledger.purchase("p1", 2, BigDecimal.ONE);
        Reservation batch = ledger.reserve("batch-1", 6);

        assertThat(batch.charge("b1", 2).free()).isEqualTo(2);
        assertThat(batch.charge("b2", 2).packages()).containsExactly(new PackageDraw("p1", 2));
        assertThat(batch.charge("b3", 2).payAsYouGo()).isEqualTo(2);
        assertThat(batch.charged()).isEqualTo(6);
    }

    @Test
    void aReservationDoesNotHoldFreeAllowance_triggerMailStillGetsItFirst() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(5));
        Reservation batch = ledger.reserve("batch-1", 5);

        assertThat(ledger.charge("trigger", 5).free()).isEqualTo(5);
        assertThat(batch.charge("b1").payAsYouGo()).isEqualTo(1);
    }

    @Test
    void chargingBeyondTheReservation_isRefused_andNothingIsCharged() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        Reservation batch = ledger.reserve("batch-1", 3);
        batch.charge("b1", 2);

        assertThatThrownBy(() -> batch.charge("b2", 2))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(QuotaExceededException.RESERVATION);
                    assertThat(e.scope()).isEqualTo("batch-1");
                    assertThat(e.allowed()).isEqualTo(3);
                    assertThat(e.taken()).isEqualTo(2);
                    assertThat(e.requested()).isEqualTo(2);
                });
        assertThat(batch.remaining()).isEqualTo(1);
        assertThat(batch.charge("b2", 1).count()).isEqualTo(1);
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(3);
    }

    @Test
    void release_returnsTheUnusedPartToTheCap() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(100));
        Reservation batch = ledger.reserve("batch-1", 80);
        for (int i = 0; i < 30; i++) {
            batch.charge("b" + i);
        }
        assertThat(ledger.dailyCapRemaining()).hasValue(20);

        assertThat(batch.release()).isEqualTo(50);

        assertThat(batch.isOpen()).isFalse();
        assertThat(batch.remaining()).isZero();
        assertThat(batch.charged()).isEqualTo(30);
        assertThat(ledger.dailyCapRemaining()).hasValue(70);
        assertThat(ledger.reservation("batch-1")).isEmpty();
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(30);
        ledger.charge("trigger", 70);
        assertThatThrownBy(() -> ledger.charge("one-more")).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void releasingTwice_returnsNothingTheSecondTime() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(10));
        Reservation batch = ledger.reserve("batch-1", 10);

        assertThat(batch.release()).isEqualTo(10);
        assertThat(batch.release()).isZero();
        assertThat(ledger.dailyCapRemaining()).hasValue(10);
    }

    @Test
    void aFullyChargedReservation_releasesNothing() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(10));
        Reservation batch = ledger.reserve("batch-1", 2);
        batch.charge("b1", 2);

        assertThat(batch.release()).isZero();
        assertThat(ledger.dailyCapRemaining()).hasValue(8);
    }

    @Test
    void chargingAReleasedReservation_isRefused_butARepeatOfAnEarlierChargeStillAnswers() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        Reservation batch = ledger.reserve("batch-1", 5);
        LedgerEntry.Charged first = batch.charge("b1");
        batch.release();

        assertThatThrownBy(() -> batch.charge("b2"))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("reservation");
                    assertThat(e.allowed()).isEqualTo(5);
                    assertThat(e.taken()).isEqualTo(5);
                });
        assertThat(batch.charge("b1")).isEqualTo(first);
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(1);
    }

    @Test
    void aMessageChargedDirectly_isNotChargedAgainThroughAReservation() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        LedgerEntry.Charged direct = ledger.charge("m1");
        Reservation batch = ledger.reserve("batch-1", 5);

        assertThat(batch.charge("m1")).isEqualTo(direct);
        assertThat(batch.remaining()).isEqualTo(5);
    }

    @Test
    void aLongBatch_keepsChargingAgainstItsReservationAfterMidnight_withoutTakingTheNextDaysCap() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(100).withFreePerDay(10));
        Reservation batch = ledger.reserve("batch-1", 100);
        batch.charge("b1", 60);

        clock.advance(Duration.ofHours(15));                        // 11 January
        LedgerEntry.Charged late = batch.charge("b2", 40);

        assertThat(late.day()).isEqualTo(DAY.plusDays(1));
        assertThat(late.free()).isEqualTo(10);                      // the new day's free allowance
        assertThat(ledger.dailyCapRemaining()).hasValue(100);       // the new day's cap is untouched
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(60);
        assertThat(ledger.usage(DAY.plusDays(1)).totalMessages()).isEqualTo(40);
    }

    @Test
    void withoutACap_everyReservationFits() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());

        assertThat(ledger.reserve("batch-1", Integer.MAX_VALUE).remaining()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void anOpenReservationCanBeFoundById() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        Reservation batch = ledger.reserve("batch-1", 5);
        batch.charge("b1");

        Reservation found = ledger.reservation("batch-1").orElseThrow();
        found.charge("b2");

        assertThat(batch.remaining()).isEqualTo(3);
        assertThat(found.toString()).isEqualTo("Reservation[batch-1 on 2025-01-10, 2 of 5 charged]");
    }

    @Test
    void aStaleHandleStaysClosed_whenItsIdIsReused() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        Reservation first = ledger.reserve("batch-1", 5);
        first.release();
        Reservation second = ledger.reserve("batch-1", 7);

        assertThatThrownBy(() -> first.charge("b1")).isInstanceOf(QuotaExceededException.class);
        assertThat(first.release()).isZero();
        assertThat(second.isOpen()).isTrue();
        assertThat(second.remaining()).isEqualTo(7);
        assertThat(first.toString()).endsWith(", released]");
    }

    @Test
    void badInputs_areRefusedWithTypedErrors_andChangeNothing() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        Reservation batch = ledger.reserve("batch-1", 5);
        List<LedgerEntry> before = ledger.entries();

        assertThatThrownBy(() -> ledger.reserve("batch-1", 5)).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("reservation batch-1 is already open");
        assertThatThrownBy(() -> ledger.reserve("batch-2", 0)).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("at least 1 message, was 0");
        assertThatThrownBy(() -> ledger.reserve("batch-2", -3)).isInstanceOf(InvalidQuotaInputException.class);
        assertThatThrownBy(() -> ledger.reserve(null, 5)).isInstanceOf(NullPointerException.class).hasMessageContaining("reservationId");
        assertThatThrownBy(() -> ledger.reserve("", 5)).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("reservationId is empty");
        assertThatThrownBy(() -> ledger.reservation("a\tb")).isInstanceOf(InvalidQuotaInputException.class);
        assertThatThrownBy(() -> ledger.reservation(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> batch.charge(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("messageId");
        assertThatThrownBy(() -> batch.charge(" ")).isInstanceOf(InvalidQuotaInputException.class);
        assertThatThrownBy(() -> batch.charge("b1", 0)).isInstanceOf(InvalidQuotaInputException.class);

        assertThat(ledger.entries()).isEqualTo(before);
        assertThat(batch.remaining()).isEqualTo(5);
    }
}
