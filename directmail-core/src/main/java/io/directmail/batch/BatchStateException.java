package io.directmail.batch;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when a batch cannot do what was asked in the state it is in, such as resuming a
 * cancelled batch or pausing a completed one. It names the batch, its state and the action.
 * Nothing has been changed.
 */
public final class BatchStateException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String batchId;
    private final BatchState state;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param batchId the batch's id
     * @param state the state it is in
     * @param action what was asked, e.g. {@code "resume"}
     */
    public BatchStateException(String batchId, BatchState state, String action) {
        super("Batch " + batchId + " is " + state + " and cannot " + action);
        this.batchId = batchId;
        this.state = state;
        this.action = action;
    }

    /** Returns the batch's id. */
    public String batchId() {
        return batchId;
    }

    /** Returns the state the batch is in. */
    public BatchState state() {
        return state;
    }

    /** Returns what was asked, e.g. {@code "resume"}. */
    public String action() {
        return action;
    }
}
