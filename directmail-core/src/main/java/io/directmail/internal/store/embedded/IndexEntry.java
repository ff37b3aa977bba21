package io.directmail.internal.store.embedded;

import io.directmail.internal.store.DueIndex;
import io.directmail.internal.store.journal.RecordLocation;

/**
 * What the embedded store keeps in the heap for one message: its id, its metadata in the compact
 * encoding of {@link MessageCodec} (never its content), where its content record and its latest
 * metadata record live, and its acceptance order.
 *
 * <p>Fields are written while holding this object's monitor and are volatile so that lookups
 * and the compaction oracle can read them without it.
 */
final class IndexEntry {

    final String messageId;

    /** Acceptance order: the MESSAGE record's sequence after a replay, a counter above it afterwards. */
    volatile long ordinal;
    /** The lowest segment number that held a record of this message; bounds where its records can be. */
    volatile long firstSegment;
    /** The latest metadata, encoded. */
    volatile byte[] meta;
    /** The MESSAGE record while its content is needed (a recipient is pending), else null. */
    volatile RecordLocation content;
    /** The record holding {@link #meta}: the MESSAGE record or the latest STATE record. */
    volatile RecordLocation state;
    /** True once the MESSAGE record is durable; before that lookups do not see the message. */
    volatile boolean durable;
    /** Its place in the due index while it is durable and pending, else null. */
    volatile DueIndex.Slot slot;
    /** True once the retention passed and a tombstone is being written; updates are refused. */
    volatile boolean forgetting;

    // Replay bookkeeping: the sequences of the records behind meta and content.
    long stateSequence = -1;
    long contentSequence = -1;

    IndexEntry(String messageId, byte[] meta) {
        this.messageId = messageId;
        this.meta = meta;
    }

    /** {@return true if {@code location} is this entry's content or metadata record} */
    boolean refersTo(RecordLocation location) {
        return location.equals(content) || location.equals(state);
    }
}
