package io.directmail.internal.store.embedded;

import io.directmail.internal.store.DueIndex;
import io.directmail.internal.store.journal.RecordLocation;
import java.time.Instant;

/**
 * What the embedded store keeps in the heap for one message: its id, where its content record and
 * its latest metadata record live, its acceptance order, and the few facts lookups and
 * maintenance need without reading the journal (when it became final, its idempotency key). The
 * metadata itself and the content stay on disk, so a long queue and a long retention cost little
 * heap per message.
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
    /** When the last recipient got a final status, in epoch milliseconds; Long.MAX_VALUE while pending. */
    volatile long finishedAtMillis;
    /** The caller's idempotency key, or null; it never changes. */
    final String idempotencyKey;
    /** The MESSAGE record while its content is needed (a recipient is pending), else null. */
    volatile RecordLocation content;
    /** The record holding the latest metadata: the MESSAGE record or the latest STATE record. */
    volatile RecordLocation state;
    /** True while {@link #state} is the MESSAGE record; read together with it under this object's monitor. */
    boolean stateIsMessage;
    /** True once the MESSAGE record is durable; before that lookups do not see the message. */
    volatile boolean durable;
    /** Its place in the due index while it is durable and pending, else null. */
    volatile DueIndex.Slot slot;
    /** True once the retention passed and a tombstone is being written; updates are refused. */
    volatile boolean forgetting;

    // What a listing filters and orders by (MessageListing), never changed once set: set when the
    // message is added, or when a listing first reads a message replayed at open. The volatile
    // account is written last, so a reader that sees it sees the others.
    long acceptedAtSecond;
    int acceptedAtNano;
    String tag;
    /** The message's account once the facts above are set, else null. */
    volatile String account;

    // Replay bookkeeping: the sequences of the records behind state and content, and while the
    // latest metadata is pending, what the due index needs of it (null once the store is open).
    long stateSequence = -1;
    long contentSequence = -1;
    MessageCodec.Schedule replayedSchedule;

    IndexEntry(String messageId, String idempotencyKey, long finishedAtMillis) {
        this.messageId = messageId;
        this.idempotencyKey = idempotencyKey;
        this.finishedAtMillis = finishedAtMillis;
    }

    /** Sets the facts a listing filters and orders by; the strings should be shared copies. */
    void describe(Instant acceptedAt, String account, String tag) {
        this.acceptedAtSecond = acceptedAt.getEpochSecond();
        this.acceptedAtNano = acceptedAt.getNano();
        this.tag = tag;
        this.account = account;
    }

    /** {@return when the message was accepted; valid once {@link #account} is set} */
    Instant acceptedAt() {
        return Instant.ofEpochSecond(acceptedAtSecond, acceptedAtNano);
    }

    /** {@return true while a recipient is pending} */
    boolean isPending() {
        return finishedAtMillis == Long.MAX_VALUE;
    }

    /** {@return true if {@code location} is this entry's content or metadata record} */
    boolean refersTo(RecordLocation location) {
        return location.equals(content) || location.equals(state);
    }
}
