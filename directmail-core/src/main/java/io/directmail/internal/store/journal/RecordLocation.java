package io.directmail.internal.store.journal;

/**
 * Where a record lives in a journal: the segment file, the offset of the record's frame in that
 * file and the length of its payload. Locations are stable until compaction copies the record
 * forward, at which point the {@link LivenessOracle} is told the new one.
 *
 * @param segment the segment number, 1 or more (file {@code 00000000000000000001.log} is 1)
 * @param offset the offset of the record's frame (header first) within the segment file
 * @param length the payload length in bytes, without the frame header
 */
public record RecordLocation(long segment, long offset, int length) {

    /**
     * Checks that the location can exist.
     *
     * @throws IllegalArgumentException naming the bad value if the segment is below 1, the offset
     *     falls inside the segment header or the length is negative
     */
    public RecordLocation {
        if (segment < 1) {
            throw new IllegalArgumentException("segment must be 1 or more, was " + segment);
        }
        if (offset < SegmentHeader.SIZE) {
            throw new IllegalArgumentException(
                    "offset must be at least " + SegmentHeader.SIZE + " (after the segment header), was " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
    }

    /** {@return the bytes the record's frame takes in its segment, header included} */
    public long frameSize() {
        return RecordFrame.HEADER_SIZE + (long) length;
    }

    /** {@return the offset just past this record's frame, where the next record starts} */
    public long end() {
        return offset + RecordFrame.HEADER_SIZE + length;
    }
}
