package io.directmail.internal.store.embedded;

import io.directmail.internal.store.journal.RecordLocation;

/**
 * A forgotten message's TOMBSTONE record and the range of segments where older records of the
 * message may still be: from {@link #firstSegment} up to, not including, {@link #upperSegment}
 * (records in the tombstone's own original segment go when that segment goes). The tombstone
 * must stay on disk while any segment of that range exists, or a replay would bring the message
 * back.
 *
 * <p>Why no older record can be elsewhere: every record of a message is appended before its
 * tombstone, and compaction copies (which land in newer segments) are made on the same thread
 * that writes tombstones, so none is in flight when the tombstone is appended.
 */
final class Tombstone {

    final String messageId;
    final long sequence;
    final long upperSegment;
    volatile long firstSegment;
    volatile RecordLocation location;

    Tombstone(String messageId, RecordLocation location, long sequence, long firstSegment) {
        this.messageId = messageId;
        this.location = location;
        this.sequence = sequence;
        this.firstSegment = firstSegment;
        this.upperSegment = location.segment();
    }
}
