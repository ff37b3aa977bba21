package io.directmail.internal.store.journal;

/**
 * A snapshot of a journal's counters since it was opened.
 *
 * @param recordsAppended records made durable (including compaction copies)
 * @param bytesAppended bytes written for them, frame headers included
 * @param writeBatches group commits: each is one write and at most one {@code fsync} per segment
 *     touched
 * @param fsyncs {@code force} calls on segment files for appended data (not counting segment
 *     creation)
 */
public record JournalMetrics(long recordsAppended, long bytesAppended, long writeBatches, long fsyncs) {

    /** {@return fsyncs per appended record, 0 when nothing was appended} */
    public double fsyncsPerRecord() {
        return recordsAppended == 0 ? 0 : (double) fsyncs / recordsAppended;
    }
}
