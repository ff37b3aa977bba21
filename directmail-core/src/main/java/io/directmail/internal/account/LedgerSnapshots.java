package io.directmail.internal.account;

import io.directmail.DirectMailException;
import io.directmail.internal.codec.LedgerEntryCodec;
import io.directmail.quota.LedgerEntry;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The compacted form of each account's quota ledger in the store, in parts small enough for any
 * record however many charges the ledger remembers. Thread-safe; stateless.
 *
 * <p>Records of an account {@code a}:
 * <ul>
 *   <li>{@value #HEADS} {@code a}: the head. A snapshot whose entries fit in one part is the head
 *       alone, format 1: u8 1, i64 watermark (the last group number it covers), i32 count, then each
 *       entry as i32 length and its bytes. A larger one has a head of format 2: u8 2, i64 watermark,
 *       i64 the write's id, i32 parts, i32 entries;</li>
 *   <li>{@value #PARTS} {@code a/<watermark, 19 digits>-<write id, 16 hex digits>/<part, 6 digits>}:
 *       the entries of a format-2 snapshot, each part u8 2, i32 count, then each entry as i32 length
 *       and its bytes, at most {@value #PART_BYTES} bytes of entries per part.</li>
 * </ul>
 * A snapshot is written parts first, then its head by compare-and-set. Every write names its parts
 * with an id of its own, so a write that loses the compare-and-set removes only its own parts and
 * a head never names parts another write removed; once a head is written, the parts of the one
 * it replaced are removed (their keys follow from that head, so nothing is read to find them). A reader that reads a head whose parts were removed meanwhile (a newer
 * snapshot replaced it) is told to read again.
 */
final class LedgerSnapshots {

    static final String HEADS = "dm.ledger-snapshot";
    static final String PARTS = "dm.ledger-snapshot-part";
    /** The most bytes of encoded entries a part holds (before its framing): well under a record's 16 MiB. */
    static final int PART_BYTES = 4 * 1024 * 1024;
    private static final byte INLINE_FORMAT = 1;
    private static final byte PARTS_FORMAT = 2;

    private final MailStore store;

    LedgerSnapshots(MailStore store) {
        this.store = store;
    }

    /**
     * A snapshot read back.
     *
     * @param watermark the last group number it covers, -1 for none
     * @param entries its entries
     */
    record Snapshot(long watermark, List<LedgerEntry> entries) {

        static final Snapshot NONE = new Snapshot(-1, List.of());
    }

    /**
     * Reads an account's snapshot.
     *
     * @return the snapshot ({@link Snapshot#NONE} if there is none), or empty if a newer snapshot
     *     replaced it while it was read: read again
     */
    Optional<Snapshot> read(String account) {
        Optional<byte[]> head = store.findRecord(HEADS, account);
        if (head.isEmpty()) {
            return Optional.of(Snapshot.NONE);
        }
        ByteBuffer in = ByteBuffer.wrap(head.get());
        byte format = in.get();
        long watermark = in.getLong();
        List<LedgerEntry> entries = new ArrayList<>();
        if (format == INLINE_FORMAT) {
            readEntries(in, entries);
            return Optional.of(new Snapshot(watermark, entries));
        }
        if (format != PARTS_FORMAT) {
            throw new DirectMailException("the ledger snapshot of account " + account + " has an unknown format " + format);
        }
        long writeId = in.getLong();
        int parts = in.getInt();
        int count = in.getInt();
        List<StoredRecord> stored = store.records(PARTS, partsPrefix(account, watermark, writeId));
        if (stored.size() != parts) {
            return Optional.empty();
        }
        for (StoredRecord part : stored) {
            ByteBuffer partIn = ByteBuffer.wrap(part.value());
            partIn.get();
            readEntries(partIn, entries);
        }
        if (entries.size() != count) {
            throw new DirectMailException("the ledger snapshot of account " + account + " holds " + entries.size()
                    + " entries, its head says " + count);
        }
        return Optional.of(new Snapshot(watermark, entries));
    }

    /**
     * Writes a snapshot unless one covering as much or more is stored, and removes the parts of the
     * one it replaces.
     *
     * @return true if it was written
     */
    boolean write(String account, long watermark, List<LedgerEntry> entries) {
        Optional<byte[]> current = store.findRecord(HEADS, account);
        long currentWatermark = current.map(head -> ByteBuffer.wrap(head, 1, Long.BYTES).getLong()).orElse(-1L);
        if (currentWatermark >= watermark) {
            return false;
        }
        List<byte[]> parts = encodeParts(entries);
        byte[] head;
        List<String> partKeys = new ArrayList<>(parts.size());
        if (parts.size() == 1) {
            // Small enough for the head itself: the form every release reads.
            byte[] part = parts.getFirst();
            head = ByteBuffer.allocate(1 + Long.BYTES + part.length - 1).put(INLINE_FORMAT).putLong(watermark)
                    .put(part, 1, part.length - 1).array();
        } else {
            long writeId = ThreadLocalRandom.current().nextLong();
            for (int i = 0; i < parts.size(); i++) {
                String key = partsPrefix(account, watermark, writeId) + String.format(Locale.ROOT, "%06d", i);
                store.putRecord(PARTS, key, parts.get(i));
                partKeys.add(key);
            }
            head = ByteBuffer.allocate(1 + 2 * Long.BYTES + 2 * Integer.BYTES).put(PARTS_FORMAT).putLong(watermark)
                    .putLong(writeId).putInt(parts.size()).putInt(entries.size()).array();
        }
        boolean written = current.isPresent()
                ? store.replaceRecord(HEADS, account, current.get(), head)
                : store.putRecordIfAbsent(HEADS, account, head);
        if (!written) {
            store.removeRecords(PARTS, partKeys); // another write won: its parts have ids of their own
            return false;
        }
        current.ifPresent(replaced -> removePartsOf(account, replaced));
        return true;
    }

    /**
     * Removes the parts a replaced head named, if it had any: their keys follow from the head, so
     * nothing is read. (Parts a write left when it stopped between its parts and its head stay.)
     */
    private void removePartsOf(String account, byte[] replaced) {
        ByteBuffer in = ByteBuffer.wrap(replaced);
        if (in.get() != PARTS_FORMAT) {
            return;
        }
        long watermark = in.getLong();
        long writeId = in.getLong();
        int parts = in.getInt();
        List<String> keys = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            keys.add(partsPrefix(account, watermark, writeId) + String.format(Locale.ROOT, "%06d", i));
        }
        store.removeRecords(PARTS, keys);
    }

    private static List<byte[]> encodeParts(List<LedgerEntry> entries) {
        List<byte[]> parts = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        int bytes = 0;
        for (LedgerEntry entry : entries) {
            byte[] encoded = LedgerEntryCodec.encode(entry);
            if (!current.isEmpty() && bytes + Integer.BYTES + encoded.length > PART_BYTES) {
                parts.add(encodePart(current));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(encoded);
            bytes += Integer.BYTES + encoded.length;
        }
        if (!current.isEmpty() || parts.isEmpty()) {
            parts.add(encodePart(current));
        }
        return parts;
    }

    private static byte[] encodePart(List<byte[]> encoded) {
        int size = 1 + Integer.BYTES + encoded.stream().mapToInt(e -> Integer.BYTES + e.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).put(PARTS_FORMAT).putInt(encoded.size());
        encoded.forEach(e -> out.putInt(e.length).put(e));
        return out.array();
    }

    private static void readEntries(ByteBuffer in, List<LedgerEntry> into) {
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            byte[] entry = new byte[in.getInt()];
            in.get(entry);
            into.add(LedgerEntryCodec.decode(entry));
        }
    }

    private static String partsPrefix(String account, long watermark, long writeId) {
        return account + "/" + String.format(Locale.ROOT, "%019d-%016x", watermark, writeId) + "/";
    }
}
