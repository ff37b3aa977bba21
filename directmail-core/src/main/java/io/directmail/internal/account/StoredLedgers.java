package io.directmail.internal.account;

import io.directmail.DirectMailException;
import io.directmail.internal.codec.LedgerEntryCodec;
import io.directmail.quota.LedgerEntry;
import io.directmail.quota.SharedJournal;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each managed account's quota ledger in the store's keyed records, as a {@link SharedJournal}, so
 * that every node sharing the store keeps the same ledger. Thread-safe.
 *
 * <p>Records of an account {@code a}:
 * <ul>
 *   <li>{@value #LEDGER} {@code a/0000000000000000042}: the group of entries number 42 (19 digits,
 *       so key order is number order), written with {@code putRecordIfAbsent}: the store decides
 *       which node's group holds a number;</li>
 *   <li>the compacted form of the groups up to a number (its watermark), kept by
 *       {@link LedgerSnapshots};</li>
 *   <li>{@value #COMPACTED} {@code a}: that watermark alone, eight bytes, so a node can check it
 *       cheaply after every entry it writes.</li>
 * </ul>
 *
 * <p>Compaction writes the snapshot, then the watermark, then removes the entries up to it. A node
 * that fell behind a compaction could write an entry at a number whose entry was removed; the store
 * takes it, but the watermark, read right after, shows the number is compacted: the entry is dropped
 * and the node reads the ledger from the snapshot. Readers list entries first and read the watermark
 * after, and take only an unbroken run of numbers, so a compaction running meanwhile never makes
 * them miss an entry. A crash between the steps leaves entries the watermark already skips.
 *
 * <p>A node compacts an account's ledger when as many entries piled up since its snapshot as the
 * snapshot holds (at least {@value #COMPACT_AFTER_ENTRIES}), so writing snapshots costs O(1) per
 * entry.
 */
final class StoredLedgers {

    static final String LEDGER = "dm.ledger";
    static final String COMPACTED = "dm.ledger-compacted";
    /** The fewest entries written since its snapshot for which a ledger is compacted. */
    private static final int COMPACT_AFTER_ENTRIES = 1_000;
    /** The first byte of a group record; an entry's own encoding starts with its format version, 1. */
    private static final byte GROUP_FORMAT = (byte) 0x47;
    /** Entry numbers listed per read: keys sharing all digits but the last two. */
    private static final int BLOCK = 100;
    private static final int MAX_READ_ATTEMPTS = 16;

    private final MailStore store;
    private final LedgerSnapshots snapshots;
    /** Per account: entries seen since its snapshot, and the size of that snapshot. */
    private final Map<String, long[]> sizes = new ConcurrentHashMap<>();

    StoredLedgers(MailStore store) {
        this.store = store;
        this.snapshots = new LedgerSnapshots(store);
    }

    /** {@return the journal of one account's ledger} */
    SharedJournal journal(String account) {
        return new AccountJournal(account);
    }

    /** {@return true when an account's ledger has enough entries since its snapshot to compact} */
    boolean wantsCompaction(String account) {
        long[] counts = sizes.get(account);
        if (counts == null) {
            return false;
        }
        synchronized (counts) {
            return counts[0] >= Math.max(COMPACT_AFTER_ENTRIES, counts[1]);
        }
    }

    /** Puts off an account's compaction that failed until as many entries pile up again. */
    void postponeCompaction(String account) {
        long[] counts = sizes.get(account);
        if (counts != null) {
            synchronized (counts) {
                counts[1] = Math.max(counts[1], counts[0]);
                counts[0] = 0;
            }
        }
    }

    private void counted(String account, long newEntries, long snapshotEntries) {
        long[] counts = sizes.computeIfAbsent(account, a -> new long[2]);
        synchronized (counts) {
            if (snapshotEntries >= 0) {
                counts[0] = newEntries;
                counts[1] = snapshotEntries;
            } else {
                counts[0] += newEntries;
            }
        }
    }

    private final class AccountJournal implements SharedJournal {

        private final String account;
        private final String prefix;

        AccountJournal(String account) {
            this.account = account;
            this.prefix = account + "/";
        }

        @Override
        public Append append(long number, List<LedgerEntry> entries) {
            String key = key(number);
            if (!store.putRecordIfAbsent(LEDGER, key, encodeGroup(entries))) {
                return Append.TAKEN;
            }
            if (number <= compactedThrough()) {
                // The group that held this number was compacted away: this one does not count.
                store.removeRecord(LEDGER, key);
                return Append.COMPACTED;
            }
            counted(account, entries.size(), -1);
            return Append.APPENDED;
        }

        @Override
        public Entries read(long from) {
            for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
                Optional<Entries> read = from == 0 ? Optional.empty() : readOn(from);
                if (read.isEmpty()) {
                    read = readFromStart();
                }
                if (read.isPresent()) {
                    return read.get();
                }
            }
            throw new DirectMailException("could not read the quota ledger of account " + account
                    + ": it was compacted under each of " + MAX_READ_ATTEMPTS + " reads");
        }

        /** The entries from a number on, or empty if some of them may have been compacted away. */
        private Optional<Entries> readOn(long from) {
            List<LedgerEntry> entries = new ArrayList<>();
            // Mostly nothing was written since: one look at the next number says so without a listing.
            long next = store.findRecord(LEDGER, key(from)).isEmpty() ? from : listFrom(from, entries);
            if (from <= compactedThrough() || next < 0) {
                return Optional.empty();
            }
            counted(account, entries.size(), -1);
            return Optional.of(new Entries(entries, next, false));
        }

        /** The snapshot and the entries after it, or empty if a compaction removed some meanwhile. */
        private Optional<Entries> readFromStart() {
            Optional<LedgerSnapshots.Snapshot> snapshot = snapshots.read(account);
            if (snapshot.isEmpty()) {
                return Optional.empty();
            }
            long watermark = snapshot.get().watermark();
            List<LedgerEntry> entries = new ArrayList<>(snapshot.get().entries());
            int snapshotEntries = entries.size();
            long next = listFrom(watermark + 1, entries);
            if (next < 0 || compactedThrough() > watermark) {
                // A compaction after the snapshot was read may have removed what the listing missed.
                return Optional.empty();
            }
            counted(account, entries.size() - snapshotEntries, snapshotEntries);
            return Optional.of(new Entries(entries, next, true));
        }

        /**
         * Adds the entries of the groups numbered {@code from}, {@code from + 1}, … to {@code into},
         * block by block, up to the first number not stored.
         *
         * @return the first number not stored, or -1 if a group after a missing number is stored (a
         *     compaction removed groups meanwhile)
         */
        private long listFrom(long from, List<LedgerEntry> into) {
            long expected = from;
            for (long block = from / BLOCK; ; block++) {
                long blockEnd = (block + 1) * BLOCK;
                for (StoredRecord record : store.records(LEDGER, blockPrefix(block))) {
                    long number = numberOf(record);
                    if (number < expected) {
                        continue;
                    }
                    if (number != expected) {
                        return -1;
                    }
                    decodeGroup(record.value(), into);
                    expected++;
                }
                if (expected < blockEnd) {
                    return expected;
                }
            }
        }

        @Override
        public void compact(long next, List<LedgerEntry> entries) {
            long watermark = next - 1;
            if (watermark < 0) {
                return;
            }
            if (!snapshots.write(account, watermark, entries)) {
                return; // a snapshot as recent is stored: another node compacted meanwhile
            }
            raiseWatermark(watermark);
            List<String> covered = new ArrayList<>();
            for (StoredRecord record : store.records(LEDGER, prefix)) {
                if (numberOf(record) > watermark) {
                    break;
                }
                covered.add(record.key());
            }
            store.removeRecords(LEDGER, covered);
            counted(account, 0, entries.size());
        }

        /** Sets the watermark record to at least {@code watermark}; it never goes back. */
        private void raiseWatermark(long watermark) {
            byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(watermark).array();
            for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
                Optional<byte[]> stored = store.findRecord(COMPACTED, account);
                if (stored.isPresent() && ByteBuffer.wrap(stored.get()).getLong() >= watermark) {
                    return;
                }
                boolean written = stored.isPresent()
                        ? store.replaceRecord(COMPACTED, account, stored.get(), value)
                        : store.putRecordIfAbsent(COMPACTED, account, value);
                if (written) {
                    return;
                }
            }
            throw new DirectMailException("could not record the compaction of the quota ledger of account " + account);
        }

        /** {@return the last entry number compacted into the snapshot, -1 if none} */
        private long compactedThrough() {
            return store.findRecord(COMPACTED, account).map(bytes -> ByteBuffer.wrap(bytes).getLong()).orElse(-1L);
        }

        /** A group: u8 {@value #GROUP_FORMAT}, i32 count, then each entry as i32 length and its bytes. */
        private static byte[] encodeGroup(List<LedgerEntry> entries) {
            List<byte[]> encoded = entries.stream().map(LedgerEntryCodec::encode).toList();
            int size = 1 + Integer.BYTES + encoded.stream().mapToInt(e -> Integer.BYTES + e.length).sum();
            ByteBuffer out = ByteBuffer.allocate(size).put(GROUP_FORMAT).putInt(encoded.size());
            encoded.forEach(e -> out.putInt(e.length).put(e));
            return out.array();
        }

        /** Reads a group, or a record of one entry as written before groups (it starts with the entry's own format). */
        private void decodeGroup(byte[] value, List<LedgerEntry> into) {
            if (value.length == 0 || value[0] != GROUP_FORMAT) {
                into.add(LedgerEntryCodec.decode(value));
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                byte[] entry = new byte[in.getInt()];
                in.get(entry);
                into.add(LedgerEntryCodec.decode(entry));
            }
        }

        private long numberOf(StoredRecord record) {
            return Long.parseLong(record.key().substring(prefix.length()));
        }

        private String key(long number) {
            return prefix + String.format(Locale.ROOT, "%019d", number);
        }

        /** The key prefix of the entries numbered {@code block * 100} to {@code block * 100 + 99}. */
        private String blockPrefix(long block) {
            return prefix + String.format(Locale.ROOT, "%017d", block);
        }
    }
}
