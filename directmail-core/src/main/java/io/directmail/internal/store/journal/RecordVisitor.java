package io.directmail.internal.store.journal;

import java.nio.ByteBuffer;

/**
 * Receives the records of a journal one by one, in file order: segments in ascending number,
 * records in ascending offset. Used at open time to rebuild the store's index.
 *
 * <p>File order is append order except for records copied forward by compaction, which appear
 * again later in the journal with their original {@code sequence}. A store that must know the
 * original order compares sequences; the same sequence seen twice is the same record (a copy
 * whose original was not yet deleted when the process stopped).
 */
@FunctionalInterface
public interface RecordVisitor {

    /**
     * Called once per intact record.
     *
     * @param location where the record lives; use it with {@link Journal#read(RecordLocation)}
     * @param sequence the record's append sequence number, unique per appended record and kept by
     *     compaction copies
     * @param type the application-defined record type
     * @param payload the payload, read-only and valid only during this call (the buffer is reused)
     */
    void visit(RecordLocation location, long sequence, byte type, ByteBuffer payload);
}
