package io.directmail.internal.codec;

import io.directmail.quota.LedgerEntry;
import io.directmail.quota.PackageDraw;
import io.directmail.quota.ResourcePackage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bytes of a {@link LedgerEntry}, one of the facts a quota ledger is rebuilt from. Format
 * version 1:
 *
 * <pre>
 * u8 1
 * u8 variant, then its fields:
 *   1 PackageAdded: str id, i64 messages, decimal price, instant purchasedAt, instant expiresAt
 *   2 Charged:      str messageId, instant at, date day, i64 free, draws, i64 payAsYouGo,
 *                   u8 has reservationId, [str reservationId]
 *   3 Reserved:     str reservationId, instant at, date day, i32 messages, i32 charged
 *   4 Released:     str reservationId, instant at, i64 messages
 *   5 DaySummary:   date day, i64 free, draws, i64 payAsYouGo, i64 capTaken
 * draws: i32 count, each: str packageId, i64 messages
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class LedgerEntryCodec {
    private static final String KIND = "ledger entry";
    private static final int FORMAT = 1;
    private static final int PACKAGE_ADDED = 1;
    private static final int CHARGED = 2;
    private static final int RESERVED = 3;
    private static final int RELEASED = 4;
    private static final int DAY_SUMMARY = 5;
    /** The fewest bytes a draw takes: an empty text and a count. */
    private static final int MIN_DRAW_BYTES = 12;

    private LedgerEntryCodec() {
    }

    /**
     * Encodes an entry.
     *
     * @param entry the entry
     * @return its bytes
     * @throws NullPointerException if the entry is null
     */
    public static byte[] encode(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        FieldWriter out = new FieldWriter(KIND, FORMAT, 128);
        switch (entry) {
            case LedgerEntry.PackageAdded added -> {
                ResourcePackage resourcePackage = added.resourcePackage();
                out.u8(PACKAGE_ADDED);
                out.string("package id", resourcePackage.id());
                out.i64(resourcePackage.messages());
                out.decimal("package price", resourcePackage.price());
                out.instant(resourcePackage.purchasedAt());
                out.instant(resourcePackage.expiresAt());
            }
            case LedgerEntry.Charged charged -> {
                out.u8(CHARGED);
                out.string("messageId", charged.messageId());
                out.instant(charged.at());
                out.date(charged.day());
                out.i64(charged.free());
                draws(out, charged.packages());
                out.i64(charged.payAsYouGo());
                out.nullableString("reservationId", charged.reservationId().orElse(null));
            }
            case LedgerEntry.Reserved reserved -> {
                out.u8(RESERVED);
                out.string("reservationId", reserved.reservationId());
                out.instant(reserved.at());
                out.date(reserved.day());
                out.i32(reserved.messages());
                out.i32(reserved.charged());
            }
            case LedgerEntry.Released released -> {
                out.u8(RELEASED);
                out.string("reservationId", released.reservationId());
                out.instant(released.at());
                out.i64(released.messages());
            }
            case LedgerEntry.DaySummary summary -> {
                out.u8(DAY_SUMMARY);
                out.date(summary.day());
                out.i64(summary.free());
                draws(out, summary.packages());
                out.i64(summary.payAsYouGo());
                out.i64(summary.capTaken());
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes an entry.
     *
     * @param bytes bytes from {@link #encode}
     * @return the entry
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not an entry of a format this release reads
     */
    public static LedgerEntry decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        in.expectVersion(FORMAT);
        int start = in.position();
        int variant = in.u8("variant");
        LedgerEntry entry = switch (variant) {
            case PACKAGE_ADDED -> packageAdded(in, start);
            case CHARGED -> charged(in, start);
            case RESERVED -> reserved(in, start);
            case RELEASED -> released(in, start);
            case DAY_SUMMARY -> daySummary(in, start);
            default -> throw in.corrupted(start, "variant tag " + variant + " is unknown; this release reads 1 to 5", null);
        };
        in.end();
        return entry;
    }

    private static LedgerEntry packageAdded(FieldReader in, int start) {
        String id = in.string("package id");
        long messages = in.i64("messages");
        BigDecimal price = in.decimal("price");
        Instant purchasedAt = in.instant("purchasedAt");
        Instant expiresAt = in.instant("expiresAt");
        return in.valid(start, "package added entry",
                () -> new LedgerEntry.PackageAdded(new ResourcePackage(id, messages, price, purchasedAt, expiresAt)));
    }

    private static LedgerEntry charged(FieldReader in, int start) {
        String messageId = in.string("messageId");
        Instant at = in.instant("at");
        LocalDate day = in.date("day");
        long free = in.i64("free");
        List<PackageDraw> packages = draws(in);
        long payAsYouGo = in.i64("payAsYouGo");
        Optional<String> reservationId = Optional.ofNullable(in.nullableString("reservationId"));
        return in.valid(start, "charged entry",
                () -> new LedgerEntry.Charged(messageId, at, day, free, packages, payAsYouGo, reservationId));
    }

    private static LedgerEntry reserved(FieldReader in, int start) {
        String reservationId = in.string("reservationId");
        Instant at = in.instant("at");
        LocalDate day = in.date("day");
        int messages = in.i32("messages");
        int charged = in.i32("charged");
        return in.valid(start, "reserved entry", () -> new LedgerEntry.Reserved(reservationId, at, day, messages, charged));
    }

    private static LedgerEntry released(FieldReader in, int start) {
        String reservationId = in.string("reservationId");
        Instant at = in.instant("at");
        long messages = in.i64("messages");
        return in.valid(start, "released entry", () -> new LedgerEntry.Released(reservationId, at, messages));
    }

    private static LedgerEntry daySummary(FieldReader in, int start) {
        LocalDate day = in.date("day");
        long free = in.i64("free");
        List<PackageDraw> packages = draws(in);
        long payAsYouGo = in.i64("payAsYouGo");
        long capTaken = in.i64("capTaken");
        return in.valid(start, "day summary entry",
                () -> new LedgerEntry.DaySummary(day, free, packages, payAsYouGo, capTaken));
    }

    private static void draws(FieldWriter out, List<PackageDraw> draws) {
        out.i32(draws.size());
        for (PackageDraw draw : draws) {
            out.string("package id", draw.packageId());
            out.i64(draw.messages());
        }
    }

    private static List<PackageDraw> draws(FieldReader in) {
        int count = in.count("package draw", MIN_DRAW_BYTES);
        List<PackageDraw> draws = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int drawStart = in.position();
            String packageId = in.string("package id");
            long messages = in.i64("messages");
            draws.add(in.valid(drawStart, "package draw", () -> new PackageDraw(packageId, messages)));
        }
        return draws;
    }
}
