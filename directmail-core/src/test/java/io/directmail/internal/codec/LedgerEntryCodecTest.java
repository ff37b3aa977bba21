package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.quota.LedgerEntry;
import io.directmail.quota.PackageDraw;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.Reservation;
import io.directmail.quota.ResourcePackage;
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

class LedgerEntryCodecTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final LocalDate DAY = LocalDate.of(2026, 1, 2);

    private static final LedgerEntry.PackageAdded PACKAGE_ADDED = new LedgerEntry.PackageAdded(
            new ResourcePackage("p1", 1000, new BigDecimal("9.99"), AT, Instant.parse("2026-07-02T03:04:05Z")));
    private static final LedgerEntry.Charged CHARGED = new LedgerEntry.Charged("m1", AT, DAY, 1,
            List.of(new PackageDraw("p1", 2)), 3, Optional.of("r1"));
    private static final LedgerEntry.Reserved RESERVED = new LedgerEntry.Reserved("r1", AT, DAY, 200, 5);
    private static final LedgerEntry.Released RELEASED = new LedgerEntry.Released("r1", AT, 195);
    private static final LedgerEntry.DaySummary DAY_SUMMARY = new LedgerEntry.DaySummary(DAY, 200,
            List.of(new PackageDraw("p1", 40)), 7, 247);

    private static final String GOLDEN_PACKAGE_ADDED = """
            01                          # format version
            01                          # PackageAdded
            00000002 7031               #   id "p1"
            00000000000003e8            #   messages 1000
            00000002 00000002 03e7      #   price 9.99: scale 2, 2 octets, unscaled 999
            00000000695735a5 00000000   #   purchasedAt 2026-01-02T03:04:05Z
            000000006a45d525 00000000   #   expiresAt 2026-07-02T03:04:05Z
            """;
    private static final String GOLDEN_CHARGED = """
            01                          # format version
            02                          # Charged
            00000002 6d31               #   messageId "m1"
            00000000695735a5 00000000   #   at 2026-01-02T03:04:05Z
            0000000000004fe7            #   day 2026-01-02 (epoch day 20455)
            0000000000000001            #   free 1
            00000001                    #   1 package draw:
            00000002 7031               #     package id "p1"
            0000000000000002            #     messages 2
            0000000000000003            #   payAsYouGo 3
            01 00000002 7231            #   reservationId "r1"
            """;
    private static final String GOLDEN_RESERVED = """
            01                          # format version
            03                          # Reserved
            00000002 7231               #   reservationId "r1"
            00000000695735a5 00000000   #   at 2026-01-02T03:04:05Z
            0000000000004fe7            #   day 2026-01-02
            000000c8                    #   messages 200
            00000005                    #   charged 5
            """;
    private static final String GOLDEN_RELEASED = """
            01                          # format version
            04                          # Released
            00000002 7231               #   reservationId "r1"
            00000000695735a5 00000000   #   at 2026-01-02T03:04:05Z
            00000000000000c3            #   messages 195
            """;
    private static final String GOLDEN_DAY_SUMMARY = """
            01                          # format version
            05                          # DaySummary
            0000000000004fe7            #   day 2026-01-02
            00000000000000c8            #   free 200
            00000001                    #   1 package draw:
            00000002 7031               #     package id "p1"
            0000000000000028            #     messages 40
            0000000000000007            #   payAsYouGo 7
            00000000000000f7            #   capTaken 247
            """;

    private static LedgerEntry roundTrip(LedgerEntry entry) {
        return LedgerEntryCodec.decode(LedgerEntryCodec.encode(entry));
    }

    @Test
    void everyVariant_roundTrips() {
        for (LedgerEntry entry : List.of(PACKAGE_ADDED, CHARGED, RESERVED, RELEASED, DAY_SUMMARY)) {
            assertThat(roundTrip(entry)).as("%s", entry).isEqualTo(entry);
        }
    }

    @Test
    void optionalAndEmptyParts_roundTrip() {
        LedgerEntry freeOnly = new LedgerEntry.Charged("m2", AT, DAY, 1, List.of(), 0, Optional.empty());
        LedgerEntry manyPackages = new LedgerEntry.Charged("m3", AT.plusNanos(999_999_999), DAY, 0,
                List.of(new PackageDraw("p1", 1), new PackageDraw("p2", 2), new PackageDraw("p3", 3)), 0, Optional.of("r9"));
        LedgerEntry emptyDay = new LedgerEntry.DaySummary(DAY, 0, List.of(), 0, 0);
        LedgerEntry nothingReturned = new LedgerEntry.Released("r1", AT, 0);

        for (LedgerEntry entry : List.of(freeOnly, manyPackages, emptyDay, nothingReturned)) {
            assertThat(roundTrip(entry)).as("%s", entry).isEqualTo(entry);
        }
    }

    @Test
    void extremeCountsDatesAndPrices_roundTrip() {
        LedgerEntry bigPackage = new LedgerEntry.PackageAdded(new ResourcePackage("p-\u00e9\u4e2d\ud83d\udce6", Long.MAX_VALUE,
                new BigDecimal("1234567890123456789.123456789"), Instant.MIN, Instant.MAX));
        LedgerEntry freePackage = new LedgerEntry.PackageAdded(new ResourcePackage("p0", 1, BigDecimal.ZERO, AT, AT.plusNanos(1)));
        LedgerEntry bigDay = new LedgerEntry.DaySummary(LocalDate.MIN, 0, List.of(), Long.MAX_VALUE, Long.MAX_VALUE);
        LedgerEntry fullReservation = new LedgerEntry.Reserved("r", AT, LocalDate.MAX, Integer.MAX_VALUE, Integer.MAX_VALUE);

        for (LedgerEntry entry : List.of(bigPackage, freePackage, bigDay, fullReservation)) {
            assertThat(roundTrip(entry)).as("%s", entry).isEqualTo(entry);
        }
        LedgerEntry.PackageAdded decoded = (LedgerEntry.PackageAdded) roundTrip(bigPackage);
        assertThat(decoded.resourcePackage().price().toPlainString()).isEqualTo("1234567890123456789.123456789");
    }

    @Test
    void ledgerRebuiltFromDecodedEntries_reportsTheSame() {
        QuotaPolicy policy = QuotaPolicy.defaults().withFreePerDay(5).withDailyCap(1_000)
                .withIdempotencyWindow(Duration.ofDays(1));
        SettableClock clock = new SettableClock(AT);
        List<LedgerEntry> journal = new ArrayList<>();
        QuotaLedger ledger = QuotaLedger.newBuilder().policy(policy).clock(clock).journal(journal::add).build();
        ledger.purchase("p1", 100, new BigDecimal("2.50"));
        for (int day = 0; day < 4; day++) {
            for (int i = 0; i < 8; i++) {
                ledger.charge("m-" + day + "-" + i, 1 + i % 3);
            }
            Reservation batch = ledger.reserve("batch-" + day, 50);
            batch.charge("b-" + day, 20);
            batch.release();
            clock.advance(Duration.ofDays(1));
        }
        List<LedgerEntry> compacted = ledger.entries();
        assertThat(List.of(journal, compacted).stream().flatMap(List::stream).map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(LedgerEntry.PackageAdded.class, LedgerEntry.Charged.class,
                        LedgerEntry.Reserved.class, LedgerEntry.Released.class, LedgerEntry.DaySummary.class);

        for (List<LedgerEntry> entries : List.of(journal, compacted)) {
            List<LedgerEntry> decoded = entries.stream().map(LedgerEntryCodec::encode).map(LedgerEntryCodec::decode).toList();
            QuotaLedger rebuilt = QuotaLedger.newBuilder().policy(policy).clock(clock).entries(decoded).build();

            assertThat(decoded).isEqualTo(entries);
            assertThat(rebuilt.usage(YearMonth.from(DAY))).isEqualTo(ledger.usage(YearMonth.from(DAY)));
            assertThat(rebuilt.entries()).isEqualTo(compacted);
        }
    }

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        List<LedgerEntry> entries = List.of(PACKAGE_ADDED, CHARGED, RESERVED, RELEASED, DAY_SUMMARY);
        List<String> goldens = List.of(GOLDEN_PACKAGE_ADDED, GOLDEN_CHARGED, GOLDEN_RESERVED, GOLDEN_RELEASED,
                GOLDEN_DAY_SUMMARY);

        for (int i = 0; i < entries.size(); i++) {
            byte[] golden = GoldenBytes.parse(goldens.get(i));
            assertThat(GoldenBytes.hex(LedgerEntryCodec.encode(entries.get(i)))).as("%s", entries.get(i))
                    .isEqualTo(GoldenBytes.hex(golden));
            assertThat(LedgerEntryCodec.decode(golden)).isEqualTo(entries.get(i));
        }
    }

    @Test
    void unknownVariantTag_isRefused() {
        for (int tag : new int[] {0, 6, 255}) {
            byte[] bytes = LedgerEntryCodec.encode(RELEASED);
            bytes[1] = (byte) tag;

            assertThatThrownBy(() -> LedgerEntryCodec.decode(bytes))
                    .isInstanceOfSatisfying(CorruptedRecordException.class, e -> {
                        assertThat(e.kind()).isEqualTo("ledger entry");
                        assertThat(e.offset()).isEqualTo(1);
                    })
                    .hasMessageContaining("variant tag " + tag + " is unknown");
        }
    }

    @Test
    void fieldsTheEntryRefuses_areReportedAsCorruption() {
        FieldWriter reserved = new FieldWriter("ledger entry", 1, 0);
        reserved.u8(3);
        reserved.string("reservationId", "r1");
        reserved.instant(AT);
        reserved.date(DAY);
        reserved.i32(10);
        reserved.i32(11);
        FieldWriter draws = new FieldWriter("ledger entry", 1, 0);
        draws.u8(5);
        draws.date(DAY);
        draws.i64(0);
        draws.i32(1);
        draws.string("package id", "p1");
        draws.i64(0);
        draws.i64(0);
        draws.i64(0);

        assertThatThrownBy(() -> LedgerEntryCodec.decode(reserved.toByteArray()))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the fields do not make a valid reserved entry: reservation r1 of 10 messages cannot have"
                        + " 11 charged");
        assertThatThrownBy(() -> LedgerEntryCodec.decode(draws.toByteArray()))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.offset()).isEqualTo(22))
                .hasMessageContaining("the fields do not make a valid package draw");
    }

    @Test
    void damagedRecords_areRefusedAsCorruption() {
        for (LedgerEntry entry : List.of(PACKAGE_ADDED, CHARGED, RESERVED, RELEASED, DAY_SUMMARY)) {
            DamagedRecords.assertRefused("ledger entry", LedgerEntryCodec.encode(entry), LedgerEntryCodec::decode);
        }
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> LedgerEntryCodec.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LedgerEntryCodec.decode(null)).isInstanceOf(NullPointerException.class);
    }
}
