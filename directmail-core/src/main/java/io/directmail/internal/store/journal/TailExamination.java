package io.directmail.internal.store.journal;

import java.io.IOException;

/**
 * Looks past damage in the last segment to decide whether a crash explains it.
 *
 * <p>The writer writes a batch of appends and forces it before it writes the next batch; the
 * first record of each batch carries the batch-start flag and the last one the batch-end flag.
 * A crash can only damage the one batch that was never forced, and after a power loss that batch
 * may be persisted in any order of pages: some of its records intact, some not. So the damage
 * is a torn write when no intact record follows it, or when every intact record after it belongs
 * to that same final batch. It is real corruption (the damaged record was forced and
 * acknowledged) when the intact records after it show a later batch:
 * <ul>
 *   <li>one of them starts a batch;
 *   <li>one of them, not the last, ends a batch;
 *   <li>the damaged record's own header is intact and says it ended a batch.
 * </ul>
 *
 * <p>What remains indistinguishable from a torn write is damage confined to the final batch
 * of the last segment together with the loss of the first record of the batch after it; both
 * would have to happen at once.
 *
 * @param intactAfter intact records found after the damage
 * @param laterBatch whether those records show a batch written after the damaged one
 */
record TailExamination(int intactAfter, boolean laterBatch) {

    boolean isTornWrite() {
        return intactAfter == 0 || !laterBatch;
    }

    /** Scans from the damage to the end; leaves the scanner positioned at the damage. */
    static TailExamination of(SegmentScanner scanner, long damage) throws IOException {
        RecordFrame.Header damaged = scanner.damagedHeader();
        boolean damagedEndsBatch = damaged != null && damaged.batchEnd();
        int intact = 0;
        boolean startAfter = false;
        int batchEnds = 0;
        boolean lastEndsBatch = false;
        long next = scanner.resync(damage + 1);
        while (next >= 0) {
            scanner.skipTo(next);
            SegmentScanner.Step step = scanner.next();
            if (step == SegmentScanner.Step.END) {
                break;
            }
            if (step == SegmentScanner.Step.RECORD) {
                RecordFrame.Header h = scanner.header();
                intact++;
                startAfter |= h.batchStart();
                lastEndsBatch = h.batchEnd();
                if (lastEndsBatch) {
                    batchEnds++;
                }
                next = scanner.offset() + h.frameSize();
            } else {
                next = scanner.resync(scanner.offset() + 1);
            }
        }
        scanner.skipTo(damage);
        boolean endBeforeLast = batchEnds - (lastEndsBatch ? 1 : 0) > 0;
        return new TailExamination(intact, startAfter || endBeforeLast || damagedEndsBatch);
    }
}
