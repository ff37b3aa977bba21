package io.directmail.internal.store.embedded;

import io.directmail.DirectMailException;
import io.directmail.internal.store.KeyOrder;
import io.directmail.internal.store.journal.CompactionResult;
import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalCorruptedException;
import io.directmail.internal.store.journal.JournalMetrics;
import io.directmail.internal.store.journal.JournalOptions;
import io.directmail.internal.store.journal.JournalWriteException;
import io.directmail.internal.store.journal.RecordLocation;
import io.directmail.internal.store.journal.RecordNotFoundException;
import io.directmail.store.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * The embedded store's keyed records, in a journal of their own: the suppression list and the
 * sending model's records. Every change appends a record (see {@link RecordCodec}) and returns
 * once it is durable; the latest record of a kind and key decides what is stored, a REMOVE record
 * saying there is nothing. The heap holds, per kind and key in key order, only where the latest
 * record lives; values are read back from the journal when asked for, so large values (a recipient
 * list of thousands of rows) cost the heap nothing while they sit.
 *
 * <p><b>Atomicity.</b> The changes of one kind and key are serialised by a lock striped over kinds
 * and keys, so a put-if-absent and a compare-and-set decide on the latest record and nothing comes
 * between the decision and the append; changes of different keys run side by side and share
 * {@code fsync}s.
 *
 * <p><b>Compaction</b> keeps only the latest record of each kind and key, REMOVE records included
 * (see {@link RecordLiveness}); it runs when {@link #compact()} is called (the store calls it on
 * its maintenance thread when {@link #compactionDue()}), while changes go on.
 *
 * <p><b>Recovery.</b> Opening replays the journal (see {@link RecordReplay}); damage a crash cannot
 * explain is refused with a {@link JournalCorruptedException} naming the file and offset.
 *
 * <p>Kinds are US-ASCII (the store checks them); internal kinds use characters the public rules
 * refuse, so that no application record can collide with them. Thread-safe.
 */
final class RecordJournal implements AutoCloseable {

    /** Segments of at most 4 MiB: records change far less than the queue, and only sealed segments are compacted. */
    static final long MAX_SEGMENT_SIZE = 4L * 1024 * 1024;
    /** Compact once this many segments were sealed since the last run. */
    private static final int COMPACT_AFTER_SEALED = 2;
    private static final int STRIPES = 64;

    /**
     * Where the latest record of a kind and key lives, and whether it removes the record.
     *
     * @param location the record's location
     * @param removed true for a REMOVE record
     */
    record Latest(RecordLocation location, boolean removed) {}

    private final Journal journal;
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Latest>> index;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /**
     * Held shared by every change from before its append until the index refers to the new
     * record, and exclusively (for an instant) by compaction before it judges a sealed segment.
     */
    private final ReentrantReadWriteLock registration = new ReentrantReadWriteLock();
    private volatile long segmentAtLastCompaction;

    private RecordJournal(Journal journal, ConcurrentHashMap<String, ConcurrentSkipListMap<String, Latest>> index) {
        this.journal = journal;
        this.index = index;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.segmentAtLastCompaction = journal.segments().getFirst();
    }

    /**
     * Opens the journal in a directory and rebuilds the index.
     *
     * @param directory the journal's directory
     * @param options the store's journal options; the segment size is capped at {@link #MAX_SEGMENT_SIZE}
     * @param loaders for some kinds, what receives each stored value (key, value) before this returns
     * @return the open journal
     * @throws JournalCorruptedException if a record is damaged, is not a keyed record, or is refused by its loader
     * @throws DirectMailException if the directory is in use or cannot be read or written
     */
    static RecordJournal open(Path directory, JournalOptions options, Map<String, BiConsumer<String, byte[]>> loaders) {
        RecordReplay replay = new RecordReplay(directory, loaders);
        JournalOptions capped = options.withSegmentSize(Math.min(options.segmentSize(), MAX_SEGMENT_SIZE));
        Journal journal = Journal.open(directory, capped, replay);
        try {
            return new RecordJournal(journal, replay.finish());
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /**
     * Reads a record's value.
     *
     * @param kind the kind
     * @param key the key
     * @return a fresh copy of the value, or empty if none is stored
     * @throws DirectMailException if the journal cannot be read
     */
    Optional<byte[]> find(String kind, String key) {
        ConcurrentSkipListMap<String, Latest> ofKind = index.get(kind);
        byte[] payload = ofKind == null ? null : readLatest(ofKind, kind, key);
        return payload == null ? Optional.empty() : Optional.of(RecordCodec.value(payload));
    }

    /**
     * Lists the records of a kind whose keys start with a prefix, in key order, reading each
     * value as it goes.
     *
     * @param kind the kind
     * @param keyPrefix the prefix, empty for all
     * @return the records
     * @throws DirectMailException if the journal cannot be read
     */
    List<StoredRecord> list(String kind, String keyPrefix) {
        List<StoredRecord> listed = new ArrayList<>();
        ConcurrentSkipListMap<String, Latest> ofKind = index.get(kind);
        if (ofKind == null) {
            return listed;
        }
        for (var entry : ofKind.tailMap(keyPrefix).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(keyPrefix)) {
                break;
            }
            byte[] payload = entry.getValue().removed() ? null : readLatest(ofKind, kind, key);
            if (payload != null) {
                listed.add(new StoredRecord(kind, key, RecordCodec.value(payload)));
            }
        }
        return listed;
    }

    /** {@return how many records are stored, of every kind} */
    long size() {
        return index.values().stream().flatMap(ofKind -> ofKind.values().stream()).filter(l -> !l.removed()).count();
    }

    /**
     * Stores a record, replacing any of the same kind and key; returns once it is durable.
     *
     * @param kind the kind
     * @param key the key
     * @param value the value, copied
     * @throws DirectMailException if the record could not be made durable
     */
    void put(String kind, String key, byte[] value) {
        Lock stripe = stripe(kind, key);
        stripe.lock();
        try {
            append(kind, key, RecordCodec.PUT, RecordCodec.put(kind, key, value));
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Stores a record unless one of the same kind and key is stored.
     *
     * @return true if this call stored it
     * @throws DirectMailException if the record could not be made durable
     */
    boolean putIfAbsent(String kind, String key, byte[] value) {
        Lock stripe = stripe(kind, key);
        stripe.lock();
        try {
            if (isStored(kind, key)) {
                return false;
            }
            append(kind, key, RecordCodec.PUT, RecordCodec.put(kind, key, value));
            return true;
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Replaces a record if its value is {@code expected}.
     *
     * @return true if this call replaced it
     * @throws DirectMailException if the journal cannot be read or the record could not be made durable
     */
    boolean replace(String kind, String key, byte[] expected, byte[] value) {
        Lock stripe = stripe(kind, key);
        stripe.lock();
        try {
            ConcurrentSkipListMap<String, Latest> ofKind = index.get(kind);
            byte[] current = ofKind == null ? null : readLatest(ofKind, kind, key);
            if (current == null || !RecordCodec.holds(current, expected)) {
                return false;
            }
            append(kind, key, RecordCodec.PUT, RecordCodec.put(kind, key, value));
            return true;
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Removes a record by appending a REMOVE record.
     *
     * @return true if one was stored
     * @throws DirectMailException if the removal could not be made durable
     */
    boolean remove(String kind, String key) {
        Lock stripe = stripe(kind, key);
        stripe.lock();
        try {
            if (!isStored(kind, key)) {
                return false;
            }
            append(kind, key, RecordCodec.REMOVE, RecordCodec.remove(kind, key));
            return true;
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Removes several records of one kind, sharing one {@code fsync}: the REMOVE records are queued
     * together under the locks of every key, and the call returns once all are durable.
     *
     * @return how many of the keys were stored
     * @throws DirectMailException if a removal could not be made durable
     */
    int removeAll(String kind, Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        TreeMap<Integer, Lock> locks = new TreeMap<>();
        for (String key : distinct) {
            locks.put(stripeIndex(kind, key), stripes[stripeIndex(kind, key)]);
        }
        locks.values().forEach(Lock::lock);
        try {
            ConcurrentSkipListMap<String, Latest> ofKind =
                    index.computeIfAbsent(kind, k -> new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS));
            List<String> removed = new ArrayList<>();
            List<CompletableFuture<RecordLocation>> written = new ArrayList<>();
            Lock appending = registration.readLock();
            appending.lock();
            try {
                for (String key : distinct) {
                    if (isStored(kind, key)) {
                        removed.add(key);
                        written.add(journal.appendAsync(RecordCodec.REMOVE, ByteBuffer.wrap(RecordCodec.remove(kind, key))));
                    }
                }
                // Every REMOVE that became durable counts, even when another failed: replay will see it.
                DirectMailException failed = null;
                for (int i = 0; i < removed.size(); i++) {
                    try {
                        ofKind.put(removed.get(i), new Latest(awaitDurable(written.get(i), kind, removed.get(i)), true));
                    } catch (DirectMailException e) {
                        failed = failed == null ? e : failed;
                    }
                }
                if (failed != null) {
                    throw failed;
                }
            } finally {
                appending.unlock();
            }
            return removed.size();
        } finally {
            locks.descendingMap().values().forEach(Lock::unlock);
        }
    }

    private static RecordLocation awaitDurable(CompletableFuture<RecordLocation> write, String kind, String key) {
        try {
            return write.join();
        } catch (CompletionException e) {
            throw new DirectMailException("cannot remove the " + kind + " record " + key + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** {@return true once enough segments were sealed since the last compaction to make one worth running} */
    boolean compactionDue() {
        return journal.segments().getLast() - segmentAtLastCompaction >= COMPACT_AFTER_SEALED;
    }

    /**
     * Compacts the journal, keeping only the latest record of each kind and key. One caller at a
     * time (the store's maintenance thread); changes may go on meanwhile.
     *
     * @return what was done
     * @throws DirectMailException if the journal cannot be compacted
     */
    CompactionResult compact() {
        segmentAtLastCompaction = journal.segments().getLast();
        return journal.compact(new RecordLiveness(index, registration.writeLock()));
    }

    /** {@return the journal's counters} */
    JournalMetrics metrics() {
        return journal.metrics();
    }

    /** {@return the bytes the journal's segment files use} */
    long diskUsage() {
        return journal.diskUsage();
    }

    /** {@return the journal's directory} */
    Path directory() {
        return journal.directory();
    }

    /** Closes the journal; changes after this fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        journal.close();
    }

    private boolean isStored(String kind, String key) {
        ConcurrentSkipListMap<String, Latest> ofKind = index.get(kind);
        Latest latest = ofKind == null ? null : ofKind.get(key);
        return latest != null && !latest.removed();
    }

    /** Appends a record and points the index at it. The caller holds the key's stripe. */
    private void append(String kind, String key, byte type, byte[] payload) {
        ConcurrentSkipListMap<String, Latest> ofKind =
                index.computeIfAbsent(kind, k -> new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS));
        Lock appending = registration.readLock();
        appending.lock();
        try {
            RecordLocation location = journal.append(type, payload);
            ofKind.put(key, new Latest(location, type == RecordCodec.REMOVE));
        } catch (JournalWriteException e) {
            throw new DirectMailException("cannot store the " + kind + " record " + key + ": " + e.getMessage(), e);
        } finally {
            appending.unlock();
        }
    }

    /**
     * Reads the payload of the latest record of a kind and key, following a compaction that moves
     * it meanwhile.
     *
     * @return the payload, or null if nothing is stored
     */
    private byte[] readLatest(ConcurrentSkipListMap<String, Latest> ofKind, String kind, String key) {
        RecordLocation tried = null;
        while (true) {
            Latest latest = ofKind.get(key);
            if (latest == null || latest.removed()) {
                return null;
            }
            try {
                return journal.read(latest.location());
            } catch (RecordNotFoundException e) {
                if (latest.location().equals(tried)) {
                    throw new DirectMailException("cannot read the " + kind + " record " + key + ": " + e.getMessage(), e);
                }
                // Compaction moved it meanwhile: look the location up again, once per location.
                tried = latest.location();
            }
        }
    }

    private Lock stripe(String kind, String key) {
        return stripes[stripeIndex(kind, key)];
    }

    private static int stripeIndex(String kind, String key) {
        int hash = kind.hashCode() * 31 + key.hashCode();
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }
}
