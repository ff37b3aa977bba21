package io.directmail.internal.store.journal;

/**
 * What one {@link Journal#compact(LivenessOracle)} run did.
 *
 * @param segmentsExamined sealed segments whose records were checked for liveness
 * @param segmentsDeleted segments deleted, whether they were fully dead or rewritten
 * @param recordsRelocated live records copied forward
 * @param bytesBefore disk usage of all segments when the run started
 * @param bytesAfter disk usage of all segments when the run ended (including appends made
 *     meanwhile)
 */
public record CompactionResult(
        int segmentsExamined, int segmentsDeleted, long recordsRelocated, long bytesBefore, long bytesAfter) {}
