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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each managed account's quota ledger in the store's keyed records: a compacted snapshot plus the
 * entries written since, compacted again whenever as many entries piled up as the snapshot holds
 * (at least a thousand). Thread-safe.
 */
final class StoredLedgers {

    static final String LEDGER = "dm.ledger";
    static final String LEDGER_SNAPSHOTS = "dm.ledger-snapshot";
    /** The fewest entries written since its snapshot for which a ledger is compacted. */
    private static final int COMPACT_AFTER_ENTRIES = 1_000;
    private static final byte SNAPSHOT_FORMAT = 1;
    /** How often a ledger entry is tried under a new number when others took the numbers it tried. */
    private static final int MAX_LEDGER_APPEND_ATTEMPTS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(StoredLedgers.class);

    private final MailStore store;
    private final Map<String, AtomicLong> ledgerSequences = new ConcurrentHashMap<>();
    /** Per account: entries written since its snapshot, and the size of that snapshot. */
    private final Map<String, long[]> ledgerSizes = new ConcurrentHashMap<>();

    StoredLedgers(MailStore store) {
        this.store = store;
    }

    /**
     * Reads an account's ledger: its snapshot, then the entries written after it, in order. When
     * many entries piled up since the snapshot, writes a new snapshot of the ledger's compacted
     * entries first (see {@link #compactLedger}).
     */
    List<LedgerEntry> ledger(String account) {
        long watermark = -1;
        List<LedgerEntry> entries = new ArrayList<>();
        var snapshot = store.findRecord(LEDGER_SNAPSHOTS, account);
        if (snapshot.isPresent()) {
            ByteBuffer in = ByteBuffer.wrap(snapshot.get());
            if (in.get() != SNAPSHOT_FORMAT) {
                throw new DirectMailException("the ledger snapshot of account " + account + " has an unknown format");
            }
            watermark = in.getLong();
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                byte[] entry = new byte[in.getInt()];
                in.get(entry);
                entries.add(LedgerEntryCodec.decode(entry));
            }
        }
        long last = watermark;
        int snapshotEntries = entries.size();
        for (StoredRecord record : store.records(LEDGER, account + "/")) {
            long sequence = ledgerSequence(account, record);
            if (sequence > watermark) {
                entries.add(LedgerEntryCodec.decode(record.value()));
            }
            last = Math.max(last, sequence);
        }
        ledgerSequences.put(account, new AtomicLong(last + 1));
        ledgerSizes.put(account, new long[] {entries.size() - snapshotEntries, snapshotEntries});
        return entries;
    }

    /** Writes one new ledger entry; called by the ledger before the entry takes effect. */
    void appendLedger(String account, LedgerEntry entry) {
        AtomicLong sequences = ledgerSequences.computeIfAbsent(account, a -> new AtomicLong());
        byte[] encoded = LedgerEntryCodec.encode(entry);
        int attempt = 0;
        while (!store.putRecordIfAbsent(LEDGER, ledgerKey(account, sequences.getAndIncrement()), encoded)) {
            // Taken meanwhile (by another instance charging the same account): go past the last one stored.
            if (++attempt >= MAX_LEDGER_APPEND_ATTEMPTS) {
                throw new DirectMailException("could not write a ledger entry of account " + account + ": "
                        + attempt + " entry numbers in a row were taken");
            }
            long next = lastLedgerSequence(account) + 1;
            sequences.accumulateAndGet(next, Math::max);
            LOG.debug("Ledger entry number of account {} taken; using {}", account, sequences.get());
        }
        long[] sizes = ledgerSizes.computeIfAbsent(account, a -> new long[2]);
        synchronized (sizes) {
            sizes[0]++;
        }
    }

    /** {@return true when an account's ledger has enough entries since its snapshot to compact} */
    boolean ledgerWantsCompaction(String account) {
        long[] sizes = ledgerSizes.get(account);
        if (sizes == null) {
            return false;
        }
        synchronized (sizes) {
            // At least as many new entries as the snapshot holds: writing snapshots costs O(1) per entry.
            return sizes[0] >= Math.max(COMPACT_AFTER_ENTRIES, sizes[1]);
        }
    }

    /**
     * Replaces an account's ledger entries by the ledger's compacted form: the snapshot (with the
     * last entry number it covers) is written first, then the entries it covers are removed. A crash
     * in between leaves entries that the snapshot's watermark already skips. While the account is
     * charged meanwhile, the compacted form is read again until no entry was written during the
     * read, so the snapshot holds exactly the entries up to its watermark (entries are written under
     * the ledger's lock, which the read takes too).
     *
     * @param compacted reads the ledger's compacted entries
     * @return true if the ledger was compacted; false if it kept changing (it is tried again later)
     */
    boolean compactLedger(String account, Supplier<List<LedgerEntry>> compacted) {
        AtomicLong sequences = ledgerSequences.get(account);
        long[] sizes = ledgerSizes.get(account);
        if (sequences == null || sizes == null) {
            return false;
        }
        synchronized (sequences) {
            for (int attempt = 0; attempt < 5; attempt++) {
                long next = sequences.get();
                List<LedgerEntry> entries = compacted.get();
                if (sequences.get() != next) {
                    continue;
                }
                long watermark = next - 1;
                List<byte[]> encoded = entries.stream().map(LedgerEntryCodec::encode).toList();
                int size = 1 + Long.BYTES + Integer.BYTES + encoded.stream().mapToInt(e -> Integer.BYTES + e.length).sum();
                ByteBuffer out = ByteBuffer.allocate(size).put(SNAPSHOT_FORMAT).putLong(watermark).putInt(encoded.size());
                encoded.forEach(e -> out.putInt(e.length).put(e));
                store.putRecord(LEDGER_SNAPSHOTS, account, out.array());
                for (StoredRecord record : store.records(LEDGER, account + "/")) {
                    if (ledgerSequence(account, record) <= watermark) {
                        store.removeRecord(LEDGER, record.key());
                    }
                }
                synchronized (sizes) {
                    sizes[0] = Math.max(0, sequences.get() - next);
                    sizes[1] = entries.size();
                }
                return true;
            }
            return false;
        }
    }

    private long lastLedgerSequence(String account) {
        long last = -1;
        for (StoredRecord record : store.records(LEDGER, account + "/")) {
            last = Math.max(last, ledgerSequence(account, record));
        }
        return last;
    }

    private static long ledgerSequence(String account, StoredRecord record) {
        return Long.parseLong(record.key().substring(account.length() + 1));
    }

    private static String ledgerKey(String account, long sequence) {
        return StoredModel.accountKey(account, String.format(Locale.ROOT, "%019d", sequence));
    }
}
