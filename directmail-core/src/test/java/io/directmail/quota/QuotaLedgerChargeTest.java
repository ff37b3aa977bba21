package io.directmail.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuotaLedgerChargeTest {

    private static final Instant START = Instant.parse("2025-01-10T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2025, 1, 10);

    private final SettableClock clock = new SettableClock(START);

    private QuotaLedger ledger(QuotaPolicy policy) {
        return QuotaLedger.newBuilder().policy(policy).clock(clock).build();
    }

    @Test
    void the200thMessageIsFree_andThe201stIsPayAsYouGo() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());

        for (int i = 1; i <= 199; i++) {
            ledger.charge("m" + i);
        }
        LedgerEntry.Charged twoHundredth = ledger.charge("m200");
        LedgerEntry.Charged twoHundredFirst = ledger.charge("m201");

        assertThat(twoHundredth.free()).isEqualTo(1);
        assertThat(twoHundredth.payAsYouGo()).isZero();
        assertThat(twoHundredFirst.free()).isZero();
        assertThat(twoHundredFirst.payAsYouGo()).isEqualTo(1);
        assertThat(twoHundredFirst.day()).isEqualTo(DAY);
        assertThat(twoHundredFirst.at()).isEqualTo(START);
        assertThat(ledger.usage(DAY).freeMessages()).isEqualTo(200);
        assertThat(ledger.usage(DAY).payAsYouGoMessages()).isEqualTo(1);
    }

    @Test
    void the201stMessageComesFromAPackage_whenThereIsOne() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        ledger.purchase("p1", 1000, new BigDecimal("2.00"));

        assertThat(ledger.charge("bulk", 200).free()).isEqualTo(200);
        LedgerEntry.Charged next = ledger.charge("m201");

        assertThat(next.free()).isZero();
        assertThat(next.packages()).containsExactly(new PackageDraw("p1", 1));
        assertThat(next.payAsYouGo()).isZero();
    }

    @Test
    void theFreeAllowanceStartsAgainAtMidnightInThePolicyZone() {
        // Shanghai is UTC+8: its 11 January starts at 16:00 UTC on 10 January.
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(2).withZone(ZoneId.of("Asia/Shanghai")));
        clock.advance(Duration.ofHours(6).plusMinutes(59));     // 15:59 UTC, 23:59 in Shanghai
        ledger.charge("a", 2);
        assertThat(ledger.charge("b").payAsYouGo()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));                   // midnight in Shanghai
        LedgerEntry.Charged c = ledger.charge("c");

        assertThat(c.free()).isEqualTo(1);
        assertThat(c.day()).isEqualTo(LocalDate.of(2025, 1, 11));
    }

    @Test
    void oneChargeIsSplitAmongFreeAllowancePackagesAndPayAsYouGo() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(10));
        ledger.purchase("p1", 5, BigDecimal.ONE);
        clock.advance(Duration.ofDays(1));
        ledger.purchase("p2", 5, BigDecimal.ONE);

        LedgerEntry.Charged charge = ledger.charge("m", 23);

        assertThat(charge.free()).isEqualTo(10);
        assertThat(charge.packages()).containsExactly(new PackageDraw("p1", 5), new PackageDraw("p2", 5));
        assertThat(charge.payAsYouGo()).isEqualTo(3);
        assertThat(charge.count()).isEqualTo(23);
        assertThat(charge.packageMessages()).isEqualTo(10);
    }

    @Test
    void thePackageThatExpiresFirstIsUsedFirst_whateverOrderTheyWereBoughtIn() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ledger.purchase("long", 100, BigDecimal.ONE);                          // expires 10 July
        ledger.addPackage(new ResourcePackage("short", 100, BigDecimal.ONE, START, START.plus(Duration.ofDays(30))));

        assertThat(ledger.charge("m1", 100).packages()).containsExactly(new PackageDraw("short", 100));
        assertThat(ledger.charge("m2", 1).packages()).containsExactly(new PackageDraw("long", 1));
    }

    @Test
    void packagesExpiringAtTheSameTime_areUsedInOrderOfPurchase() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        Instant expiry = START.plus(Duration.ofDays(90));
        ledger.addPackage(new ResourcePackage("b-later", 10, BigDecimal.ONE, START, expiry));
        ledger.addPackage(new ResourcePackage("a-earlier", 10, BigDecimal.ONE, START.minusSeconds(60), expiry));

        assertThat(ledger.charge("m", 12).packages())
                .containsExactly(new PackageDraw("a-earlier", 10), new PackageDraw("b-later", 2));
    }

    @Test
    void anExpiredPackageIsSkipped_evenWithMessagesLeft() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ledger.purchase("p1", 1000, BigDecimal.ONE);
        ledger.charge("before", 10);

        clock.advance(Duration.between(START, Instant.parse("2025-07-10T09:00:00Z")).minusNanos(1));
        assertThat(ledger.charge("lastMoment").packages()).containsExactly(new PackageDraw("p1", 1));

        clock.advance(Duration.ofNanos(1));                                   // the expiry instant itself
        LedgerEntry.Charged after = ledger.charge("after");
        assertThat(after.packages()).isEmpty();
        assertThat(after.payAsYouGo()).isEqualTo(1);
    }

    @Test
    void aPackageAddedWithAnEarlierPurchaseDate_isUsedFromNow() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ResourcePackage carriedOver = ResourcePackage.purchased("old", 10, BigDecimal.ONE, START.minus(Duration.ofDays(20)),
                ledger.policy());

        assertThat(ledger.addPackage(carriedOver)).isEqualTo(carriedOver);
        assertThat(ledger.charge("m").packages()).containsExactly(new PackageDraw("old", 1));
    }

    @Test
    void aUsedUpPackageIsSkipped() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(0));
        ledger.purchase("p1", 3, BigDecimal.ONE);
        ledger.charge("m1", 3);

        LedgerEntry.Charged next = ledger.charge("m2");

        assertThat(next.packages()).isEmpty();
        assertThat(next.payAsYouGo()).isEqualTo(1);
    }

    @Test
    void chargingTheSameMessageAgain_isANoOpThatReturnsTheFirstCharge() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withFreePerDay(1));
        LedgerEntry.Charged first = ledger.charge("m1");
        clock.advance(Duration.ofDays(6));

        LedgerEntry.Charged again = ledger.charge("m1", 5);

        assertThat(again).isEqualTo(first);
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(1);
        assertThat(ledger.usage(DAY.plusDays(6)).totalMessages()).isZero();
    }

    @Test
    void aMessageIdIsForgottenAfterTheIdempotencyWindow() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withIdempotencyWindow(Duration.ofDays(2)));
        LedgerEntry.Charged first = ledger.charge("m1");

        clock.advance(Duration.ofDays(2));
        assertThat(ledger.charge("m1")).isEqualTo(first);                    // exactly at the window's end: remembered

        clock.advance(Duration.ofNanos(1));
        LedgerEntry.Charged second = ledger.charge("m1");
        assertThat(second).isNotEqualTo(first);
        assertThat(second.day()).isEqualTo(DAY.plusDays(2));
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(1);
        assertThat(ledger.usage(DAY.plusDays(2)).totalMessages()).isEqualTo(1);
    }

    @Test
    void theDailyCap_allowsTheCapthMessage_andRefusesTheNextWithNothingCharged() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(300));
        ledger.charge("bulk", 299);

        assertThat(ledger.charge("300th").count()).isEqualTo(1);
        List<LedgerEntry> before = ledger.entries();
        assertThat(ledger.dailyCapRemaining()).hasValue(0);

        assertThatThrownBy(() -> ledger.charge("301st"))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("dailyCap");
                    assertThat(e.scope()).isEqualTo("2025-01-10");
                    assertThat(e.allowed()).isEqualTo(300);
                    assertThat(e.taken()).isEqualTo(300);
                    assertThat(e.requested()).isEqualTo(1);
                })
                .hasMessage("Quota limit dailyCap for 2025-01-10 is 300 messages; 300 are already taken and the request needs 1");
        assertThat(ledger.entries()).isEqualTo(before);
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(300);
    }

    @Test
    void theDailyCap_refusesAMultiMessageChargeAsAWhole() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(10));
        ledger.charge("m1", 8);

        assertThatThrownBy(() -> ledger.charge("m2", 3))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> assertThat(e.requested()).isEqualTo(3));
        assertThat(ledger.charge("m2", 2).count()).isEqualTo(2);
    }

    @Test
    void aRefusedMessageIsNotRemembered_soItCanBeChargedOnceThereIsRoom() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(1));
        ledger.charge("m1");
        assertThatThrownBy(() -> ledger.charge("m2")).isInstanceOf(QuotaExceededException.class);

        clock.advance(Duration.ofDays(1));

        assertThat(ledger.charge("m2").day()).isEqualTo(DAY.plusDays(1));
    }

    @Test
    void theDailyCapStartsAgainTheNextDay() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(5));
        ledger.charge("m1", 5);
        assertThat(ledger.dailyCapRemaining()).hasValue(0);

        clock.advance(Duration.ofHours(15));                  // 00:00 UTC on 11 January

        assertThat(ledger.dailyCapRemaining()).hasValue(5);
        assertThat(ledger.charge("m2", 5).day()).isEqualTo(DAY.plusDays(1));
    }

    @Test
    void aCapOfZero_refusesEveryMessage() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(0));

        assertThatThrownBy(() -> ledger.charge("m1")).isInstanceOf(QuotaExceededException.class);
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void withoutACap_dailyCapRemainingIsEmpty() {
        assertThat(ledger(QuotaPolicy.defaults()).dailyCapRemaining()).isEmpty();
    }

    @Test
    void concurrentCharges_neverGoPastTheCap_andEachIsCountedOnce() throws Exception {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults().withDailyCap(500));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        try {
                            ledger.charge("t" + thread + "-" + i);
                            ledger.charge("t" + thread + "-" + i);        // a retry: never a second charge
                            accepted.incrementAndGet();
                        } catch (QuotaExceededException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(accepted.get()).isEqualTo(500);
        assertThat(refused.get()).isEqualTo(300);
        assertThat(ledger.usage(DAY).totalMessages()).isEqualTo(500);
        assertThat(ledger.usage(DAY).freeMessages()).isEqualTo(200);
    }

    @Test
    void aFailingJournal_failsTheChargeAndChangesNothing() {
        List<LedgerEntry> journal = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger(1);
        QuotaLedger ledger = QuotaLedger.newBuilder().clock(clock).journal(entry -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("disk full");
            }
            journal.add(entry);
        }).build();

        assertThatThrownBy(() -> ledger.charge("m1")).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(ledger.entries()).isEmpty();
        assertThat(ledger.usage(DAY).totalMessages()).isZero();

        LedgerEntry.Charged charged = ledger.charge("m1");
        assertThat(journal).containsExactly(charged);
        assertThat(ledger.charge("m1")).isEqualTo(charged);
        assertThat(journal).hasSize(1);                       // a repeated charge writes nothing
    }

    @Test
    void badInputs_areRefusedWithTypedErrors_andChangeNothing() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());
        ledger.purchase("p1", 10, BigDecimal.ONE);
        ledger.charge("m1");
        List<LedgerEntry> before = ledger.entries();

        assertThatThrownBy(() -> ledger.charge(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("messageId");
        assertThatThrownBy(() -> ledger.charge("")).isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("messageId is empty");
        assertThatThrownBy(() -> ledger.charge("a b")).isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("messageId");
        assertThatThrownBy(() -> ledger.charge("a\r\nb")).isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("\\u000d\\u000a");
        assertThatThrownBy(() -> ledger.charge("m2", 0)).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("count of message m2 must be at least 1, was 0");
        assertThatThrownBy(() -> ledger.charge("m1", -1)).isInstanceOf(InvalidQuotaInputException.class);
        assertThatThrownBy(() -> ledger.purchase("p1", 10, BigDecimal.ONE)).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("package id p1 is already in the ledger");
        assertThatThrownBy(() -> ledger.purchase("p2", 0, BigDecimal.ONE)).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("at least 1 message");
        assertThatThrownBy(() -> ledger.purchase("p2", 10, new BigDecimal("-5"))).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> ledger.purchase("p2", 10, new BigDecimal("2.001"))).isInstanceOf(InvalidQuotaInputException.class)
                .hasMessageContaining("2.001").hasMessageContaining("USD");
        assertThatThrownBy(() -> ledger.purchase("p2", 10, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> ledger.addPackage(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ledger.addPackage(new ResourcePackage("future", 10, BigDecimal.ONE, START.plusSeconds(1),
                START.plus(Duration.ofDays(1))))).isInstanceOf(InvalidQuotaInputException.class).hasMessageContaining("later than now");
        assertThatThrownBy(() -> ledger.usage((LocalDate) null)).isInstanceOf(NullPointerException.class).hasMessageContaining("day");
        assertThatThrownBy(() -> ledger.usage((java.time.YearMonth) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("month");

        assertThat(ledger.entries()).isEqualTo(before);
    }

    @Test
    void aPriceInWholeCents_isAccepted_withTrailingZeros() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());

        assertThat(ledger.purchase("p1", 10, new BigDecimal("2.5000")).price()).isEqualTo(new BigDecimal("2.5"));
    }

    @Test
    void builderBadInputs_areRefused() {
        QuotaLedger.Builder builder = QuotaLedger.newBuilder();

        assertThatThrownBy(() -> builder.policy(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("policy");
        assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> builder.journal(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("journal");
        assertThatThrownBy(() -> builder.entries(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("entries");
        List<LedgerEntry> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> builder.entries(withNull)).isInstanceOf(NullPointerException.class).hasMessageContaining("entry 0");
    }

    @Test
    void aChargeRecordsWhichReservationItWasMadeAgainst() {
        QuotaLedger ledger = ledger(QuotaPolicy.defaults());

        assertThat(ledger.charge("direct").reservationId()).isEmpty();
        assertThat(ledger.reserve("batch-1", 5).charge("inBatch").reservationId()).isEqualTo(Optional.of("batch-1"));
    }
}
