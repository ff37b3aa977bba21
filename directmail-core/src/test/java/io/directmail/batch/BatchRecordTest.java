package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.START;
import static io.directmail.batch.BatchFixture.request;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.InvalidMailException;
import org.junit.jupiter.api.Test;

/** A batch record is what a store keeps; one that contradicts itself cannot be made. */
class BatchRecordTest {

    private static final BatchRequest FIVE_ROWS = request(rows(5));

    @Test
    void thePositionIsTheNextRowAndTheProgressCountsWhatIsLeft() {
        BatchRecord record = new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.PAUSED, 2, 1, START, null);

        assertThat(record.position()).isEqualTo(3);
        assertThat(record.progress()).isEqualTo(new BatchProgress("b1", BatchState.PAUSED, 5, 2, 1, null));
        assertThat(record.progress().remaining()).isEqualTo(2);
    }

    @Test
    void countsBeyondTheRowsAreRefused() {
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 4, 2, START, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 queued and 2 refused of 5");
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.RUNNING, -1, 0, START, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 3, 2, START, null).progress().remaining()).isZero();
    }

    @Test
    void aCompletedBatchHasNoRowsLeft_andOnlyAPausedOrFailedBatchHasAFailure() {
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.COMPLETED, 4, 0, START, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 rows left");
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 0, 0, START, "closed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a paused or failed batch");
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.CANCELLED, 0, 0, START, "closed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a paused or failed batch");
        assertThat(new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.PAUSED, 0, 0, START, "closed").failure()).isEqualTo("closed");
        assertThat(new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.FAILED, 2, 0, START, "java.lang.OutOfMemoryError")
                .progress()).isEqualTo(new BatchProgress("b1", BatchState.FAILED, 5, 2, 0, "java.lang.OutOfMemoryError"));
        assertThat(BatchState.FAILED.isFinal()).as("a failed batch can be resumed or cancelled").isFalse();
        assertThat(new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.CANCELLED, 1, 0, START, null).state().isFinal()).isTrue();
    }

    @Test
    void aFailedBatchWithoutTheErrorThatEndedItIsRefused() {
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.FAILED, 1, 0, START, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch b1 is FAILED");
        assertThatThrownBy(() -> new BatchProgress("b1", BatchState.FAILED, 5, 1, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch b1 is FAILED");
    }

    @Test
    void theIdAndAccountFollowTheirRules_andThePartsAreRequired() {
        assertThatThrownBy(() -> new BatchRecord("bad id", ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 0, 0, START, null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("batch id \"bad id\"");
        assertThatThrownBy(() -> new BatchRecord(null, ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 0, 0, START, null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> new BatchRecord("b".repeat(65), ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 0, 0, START, null))
                .isInstanceOf(InvalidMailException.class);
        assertThatThrownBy(() -> new BatchRecord("b1", "shop 42", FIVE_ROWS, BatchState.RUNNING, 0, 0, START, null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, null, BatchState.RUNNING, 0, 0, START, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, null, 0, 0, START, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BatchRecord("b1", ACCOUNT, FIVE_ROWS, BatchState.RUNNING, 0, 0, null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
