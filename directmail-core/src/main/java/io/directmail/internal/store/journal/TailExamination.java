package io.directmail.internal.store.journal;

import java.io.IOException;

/**
 * Looks past damage in the last segment to decide whether a crash explains it.
 *
 * <p>A batch of appends is written and then forced once; its last record carries the
 * batch-end flag. A crash can only damage the one batch that was never forced, and after a
 * power loss that batch may be persisted in any order of pages: some of its records intact, some
 * not. So damage is a torn write when no intact record follows it, or when every intact record
 * after it belongs to that same final batch: none of them ends a batch except, possibly, the very
 * last one. Intact records of two or more batches after the damage mean the damaged record was
 * forced and acknowledged: real corruption.
 *
 * @param intactAfter intact records found after the damage
 * @param batchEndsBeforeLast how many of them, not counting the last one, end a batch
 */
record TailExamination(int intactAfter, int batchEndsBeforeLast) {

    boolean isTornWrite() {
        return batchEndsBeforeLast == 0;
    }

    /** Scans from the damage to the end; leaves the scanner positioned at the damage. */
    static TailExamination of(SegmentScanner scanner, long damage) throws IOException {
        int intact = 0;
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
                intact++;
                lastEndsBatch = scanner.header().batchEnd();
                if (lastEndsBatch) {
                    batchEnds++;
                }
                next = scanner.offset() + scanner.header().frameSize();
            } else {
                next = scanner.resync(scanner.offset() + 1);
            }
        }
        scanner.skipTo(damage);
        return new TailExamination(intact, batchEnds - (lastEndsBatch ? 1 : 0));
    }
}
