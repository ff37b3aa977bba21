package io.directmail.internal.store.journal;

/**
 * How a {@link Journal} behaves. Start from {@link #defaults()} and change single values with the
 * {@code with...} methods; every instance is immutable.
 *
 * @param segmentSize the size in bytes at which the active segment is sealed and a new one
 *     started; a record larger than this gets a segment of its own. Default 64 MiB, at least 4 KiB.
 * @param fsync whether appends are forced to stable storage before they complete. Default
 *     {@code true}. {@code false} is only for tests and benchmarks that measure everything but the
 *     disk: records then survive a process crash (they are in the page cache) but not power loss.
 * @param salvage whether damage that a crash cannot explain is skipped with a warning instead of
 *     failing the open with a {@link JournalCorruptedException}. Default {@code false}. Use it
 *     only to rescue what is left of a damaged journal, after copying the directory aside:
 *     records inside a damaged region are lost, and a segment with an unreadable header is
 *     renamed to {@code <name>.damaged} and ignored.
 * @param compactionThreshold the share of live bytes below which {@link Journal#compact} rewrites a
 *     sealed segment (copying its live records forward); between 0 and 1, default 0.5. Segments
 *     with no live record are always deleted.
 */
public record JournalOptions(long segmentSize, boolean fsync, boolean salvage, double compactionThreshold) {

    /** The default segment size, 64 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;

    /** The smallest segment size accepted, 4 KiB. */
    public static final long MIN_SEGMENT_SIZE = 4 * 1024;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the bad value if the segment size is below
     *     {@link #MIN_SEGMENT_SIZE} or the threshold is outside 0..1
     */
    public JournalOptions {
        if (segmentSize < MIN_SEGMENT_SIZE) {
            throw new IllegalArgumentException(
                    "segmentSize must be at least " + MIN_SEGMENT_SIZE + " bytes, was " + segmentSize);
        }
        if (!(compactionThreshold >= 0 && compactionThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "compactionThreshold must be between 0 and 1, was " + compactionThreshold);
        }
    }

    /** {@return 64 MiB segments, fsync on, no salvage, compaction below 50% live} */
    public static JournalOptions defaults() {
        return new JournalOptions(DEFAULT_SEGMENT_SIZE, true, false, 0.5);
    }

    /**
     * {@return a copy with another segment size}
     *
     * @param bytes the new segment size
     */
    public JournalOptions withSegmentSize(long bytes) {
        return new JournalOptions(bytes, fsync, salvage, compactionThreshold);
    }

    /**
     * {@return a copy with fsync switched on or off}
     *
     * @param on whether appends are forced to stable storage
     */
    public JournalOptions withFsync(boolean on) {
        return new JournalOptions(segmentSize, on, salvage, compactionThreshold);
    }

    /**
     * {@return a copy with salvage switched on or off}
     *
     * @param on whether unexplained damage is skipped instead of refused
     */
    public JournalOptions withSalvage(boolean on) {
        return new JournalOptions(segmentSize, fsync, on, compactionThreshold);
    }

    /**
     * {@return a copy with another compaction threshold}
     *
     * @param liveShare the share of live bytes below which a sealed segment is rewritten
     */
    public JournalOptions withCompactionThreshold(double liveShare) {
        return new JournalOptions(segmentSize, fsync, salvage, liveShare);
    }
}
