package io.directmail.internal.store.embedded;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.Suppression;
import io.directmail.internal.store.SuppressionList;
import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalCorruptedException;
import io.directmail.internal.store.journal.JournalOptions;
import io.directmail.internal.store.journal.LivenessOracle;
import io.directmail.internal.store.journal.RecordLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded store's suppression list: the entries in the heap, every change appended to a
 * journal of its own (in the {@code suppressions} directory) before it takes effect. The latest
 * record of an address decides whether it is listed; that record stays live for compaction, and
 * every older one is dead. Changes are rare (a hard bounce, an unsubscribe, the application's
 * decision), so they are serialized on this object's monitor.
 */
final class SuppressionJournal implements AutoCloseable {

    /** Small segments: the list is small, and only sealed segments are compacted. */
    private static final long SEGMENT_SIZE = 1024 * 1024;
    private static final int COMPACT_WHEN_SEGMENTS = 3;

    private final Journal journal;
    private final SuppressionList entries = new SuppressionList();
    /** Where the latest record of each address (by its suppression key) lives. */
    private final Map<String, RecordLocation> latest;

    private SuppressionJournal(Journal journal, Map<String, RecordLocation> latest, List<Suppression> listed) {
        this.journal = journal;
        this.latest = latest;
        listed.forEach(entries::add);
    }

    /**
     * Opens the suppression journal in a directory and rebuilds the list.
     *
     * @param directory the journal's directory
     * @param fsync whether changes are forced to stable storage
     * @return the open list
     * @throws JournalCorruptedException if a record is damaged or unknown
     */
    static SuppressionJournal open(Path directory, boolean fsync) {
        Map<String, Replayed> replayed = new HashMap<>();
        JournalOptions options = JournalOptions.defaults().withSegmentSize(SEGMENT_SIZE).withFsync(fsync);
        Journal journal = Journal.open(directory, options, (location, sequence, type, payload) -> {
            SuppressionCodec.Change change;
            try {
                change = SuppressionCodec.decode(type, payload);
            } catch (RuntimeException e) {
                throw new JournalCorruptedException(directory.resolve(String.format("%020d.log", location.segment())),
                        location.offset(), "the record (sequence " + sequence + ") is not a suppression record: " + e.getMessage());
            }
            replayed.merge(change.key(), new Replayed(sequence, location, change.entry()),
                    (a, b) -> a.sequence >= b.sequence ? a : b);
        });
        Map<String, RecordLocation> latest = new HashMap<>();
        List<Suppression> listed = new ArrayList<>();
        replayed.forEach((key, r) -> {
            latest.put(key, r.location);
            if (r.entry != null) {
                listed.add(r.entry);
            }
        });
        return new SuppressionJournal(journal, latest, listed);
    }

    private record Replayed(long sequence, RecordLocation location, Suppression entry) {}

    Optional<Suppression> find(EmailAddress address) {
        return entries.find(address);
    }

    List<Suppression> all() {
        return entries.all();
    }

    /** Lists an address unless it is listed already; returns the entry in force. */
    synchronized Suppression add(Suppression entry) {
        Optional<Suppression> existing = entries.find(entry.address());
        if (existing.isPresent()) {
            return existing.get();
        }
        record(SuppressionList.key(entry.address()), SuppressionCodec.ADD, SuppressionCodec.encodeAdd(entry));
        return entries.add(entry);
    }

    /** Takes an address off the list; returns true if it was listed. */
    synchronized boolean remove(EmailAddress address) {
        if (entries.find(address).isEmpty()) {
            return false;
        }
        record(SuppressionList.key(address), SuppressionCodec.REMOVE, SuppressionCodec.encodeRemove(address));
        return entries.remove(address);
    }

    private void record(String key, byte type, byte[] payload) {
        RecordLocation location;
        try {
            location = journal.append(type, payload);
        } catch (RuntimeException e) {
            throw new DirectMailException("cannot store the suppression list change for " + key + ": " + e.getMessage(), e);
        }
        latest.put(key, location);
        if (journal.segments().size() >= COMPACT_WHEN_SEGMENTS) {
            journal.compact(new Liveness());
        }
    }

    /** Live: the latest record of its address. Runs under this object's monitor, so nothing changes meanwhile. */
    private final class Liveness implements LivenessOracle {

        @Override
        public boolean isLive(RecordLocation location, long sequence, byte type) {
            return location.equals(latest.get(SuppressionCodec.key(journal.read(location))));
        }

        @Override
        public void relocated(RecordLocation from, RecordLocation to) {
            byte[] copy = journal.read(to);
            latest.replace(SuppressionCodec.key(copy), from, to);
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
