package io.directmail.internal.store.embedded;

import io.directmail.internal.store.journal.RecordLocation;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of each segment the index still refers to: the frames of every message's content
 * and latest metadata record and of every tombstone, counted once per record. The store keeps it
 * up to date as references change, so compaction knows which segments are mostly live without
 * reading them. Thread-safe.
 */
final class SegmentLiveBytes {

    private final ConcurrentHashMap<Long, AtomicLong> bySegment = new ConcurrentHashMap<>();

    /** Counts a record the index now refers to. */
    void add(RecordLocation location) {
        if (location != null) {
            bySegment.computeIfAbsent(location.segment(), s -> new AtomicLong()).addAndGet(location.frameSize());
        }
    }

    /** Stops counting a record the index no longer refers to. */
    void subtract(RecordLocation location) {
        if (location != null) {
            AtomicLong live = bySegment.get(location.segment());
            if (live != null && live.addAndGet(-location.frameSize()) <= 0) {
                bySegment.remove(location.segment(), live);
            }
        }
    }

    /**
     * Accounts for an index entry whose references changed from (content, state) to (content',
     * state'); a record both refer to counts once.
     */
    void replace(RecordLocation oldContent, RecordLocation oldState, RecordLocation newContent, RecordLocation newState) {
        for (RecordLocation gone : new RecordLocation[] {oldContent, oldState == null || oldState.equals(oldContent) ? null : oldState}) {
            if (gone != null && !gone.equals(newContent) && !gone.equals(newState)) {
                subtract(gone);
            }
        }
        for (RecordLocation come : new RecordLocation[] {newContent, newState == null || newState.equals(newContent) ? null : newState}) {
            if (come != null && !come.equals(oldContent) && !come.equals(oldState)) {
                add(come);
            }
        }
    }

    /** {@return the live bytes of every segment with any, by segment} */
    SortedMap<Long, Long> all() {
        SortedMap<Long, Long> all = new TreeMap<>();
        bySegment.forEach((segment, live) -> all.put(segment, live.get()));
        return all;
    }

    /** {@return the live bytes of a segment, 0 when nothing in it is referred to} */
    long of(long segment) {
        AtomicLong live = bySegment.get(segment);
        return live == null ? 0 : Math.max(0, live.get());
    }
}
