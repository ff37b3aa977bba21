package io.directmail.internal.store.embedded;

import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.LivenessOracle;
import io.directmail.internal.store.journal.RecordLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;

/**
 * Answers the journal's compaction for one run. Live records: a message's content record while a
 * recipient is pending, the record holding its latest metadata until the message is forgotten,
 * and a tombstone while a segment that may hold an older record of its message exists.
 *
 * <p>The index keeps no map from location to message (that would cost heap per message). The
 * compactor asks about one segment at a time, so this oracle collects the owners of the records
 * of that segment in one pass over the index when it first meets the segment, and forgets them
 * when it moves on. Nothing can become live in a sealed segment meanwhile: appends and copies go
 * to newer segments. An add or update whose record is already durable in the segment but not yet
 * in the index would be missed, so before the pass the oracle takes and releases the store's
 * registration lock exclusively: that waits for such appenders to finish, and every later one
 * writes to a newer segment. Called on the store's maintenance thread only.
 */
final class LiveRecords implements LivenessOracle {

    private final Journal journal;
    private final Map<String, IndexEntry> messages;
    private final Map<String, Tombstone> tombstones;
    private final Lock registration;
    private final SegmentLiveBytes liveBytes;

    private long segment = -1;
    private Map<Long, Object> owners = Map.of();
    private NavigableSet<Long> present = new TreeSet<>();

    LiveRecords(Journal journal, Map<String, IndexEntry> messages, Map<String, Tombstone> tombstones,
                Lock registration, SegmentLiveBytes liveBytes) {
        this.liveBytes = liveBytes;
        this.journal = journal;
        this.registration = registration;
        this.messages = messages;
        this.tombstones = tombstones;
    }

    @Override
    public boolean isLive(RecordLocation location, long sequence, byte type) {
        Object owner = ownersOf(location.segment()).get(location.offset());
        if (owner instanceof IndexEntry entry) {
            return messages.get(entry.messageId) == entry && entry.refersTo(location);
        }
        if (owner instanceof Tombstone tombstone) {
            if (tombstones.get(tombstone.messageId) != tombstone || !location.equals(tombstone.location)) {
                return false;
            }
            Long older = present.ceiling(tombstone.firstSegment);
            if (older != null && older < tombstone.upperSegment) {
                return true;
            }
            // Every older record of the message is gone: the tombstone has done its work.
            if (tombstones.remove(tombstone.messageId, tombstone)) {
                liveBytes.subtract(tombstone.location);
            }
            return false;
        }
        return false;
    }

    @Override
    public void relocated(RecordLocation from, RecordLocation to) {
        Object owner = ownersOf(from.segment()).get(from.offset());
        if (owner instanceof IndexEntry entry) {
            synchronized (entry) {
                RecordLocation oldContent = entry.content;
                RecordLocation oldState = entry.state;
                if (from.equals(entry.content)) {
                    entry.content = to;
                }
                if (from.equals(entry.state)) {
                    entry.state = to;
                }
                liveBytes.replace(oldContent, oldState, entry.content, entry.state);
            }
        } else if (owner instanceof Tombstone tombstone) {
            synchronized (tombstone) {
                if (from.equals(tombstone.location)) {
                    tombstone.location = to;
                    if (tombstones.get(tombstone.messageId) == tombstone) {
                        liveBytes.subtract(from);
                        liveBytes.add(to);
                    }
                }
            }
        }
    }

    @Override
    public long liveBytes(long segment) {
        return liveBytes.of(segment);
    }

    private Map<Long, Object> ownersOf(long number) {
        if (number == segment) {
            return owners;
        }
        Map<Long, Object> found = new HashMap<>();
        // A barrier, not a critical section: once every appender that was in flight has
        // registered its record, nothing more can land in this sealed segment.
        registration.lock();
        registration.unlock();
        collect(number, found);
        segment = number;
        owners = found;
        present = new TreeSet<>(journal.segments());
        return owners;
    }

    private void collect(long number, Map<Long, Object> found) {
        for (IndexEntry entry : messages.values()) {
            RecordLocation content = entry.content;
            RecordLocation state = entry.state;
            if (content != null && content.segment() == number) {
                found.put(content.offset(), entry);
            }
            if (state != null && state.segment() == number) {
                found.put(state.offset(), entry);
            }
        }
        for (Tombstone tombstone : tombstones.values()) {
            RecordLocation at = tombstone.location;
            if (at.segment() == number) {
                found.put(at.offset(), tombstone);
            }
        }
    }
}
