package io.directmail.internal.store.journal;

/**
 * The store's answer to "is this record still needed?", asked by
 * {@link Journal#compact(LivenessOracle)}. Implementations are called from the compacting thread
 * while appends continue on other threads, so they must be thread-safe.
 */
public interface LivenessOracle {

    /**
     * Says whether a record must be kept. Called for every record of each sealed segment, and
     * again just before a live record is copied forward.
     *
     * @param location the record's current location
     * @param sequence the record's append sequence number
     * @param type the application-defined record type
     * @return {@code true} to keep the record, {@code false} if nothing refers to it any more
     */
    boolean isLive(RecordLocation location, long sequence, byte type);

    /**
     * Told, after the copy is durable and before the old segment is deleted, that a live record
     * was copied forward. From now on the record must be read at {@code to}. If the record died
     * between {@link #isLive} and this call, the copy is dead as well.
     *
     * @param from the old location, about to disappear
     * @param to the new, durable location
     */
    void relocated(RecordLocation from, RecordLocation to);

    /**
     * Says, if the oracle keeps count, how many bytes of a sealed segment's frames are live, so
     * that compaction need not read a segment that is mostly live to find out. The figure may be
     * a little stale; compaction reads every segment it would rewrite or delete anyway.
     *
     * @param segment the segment number
     * @return the live bytes, or -1 when the oracle does not know (then compaction reads the segment)
     */
    default long liveBytes(long segment) {
        return -1;
    }
}
