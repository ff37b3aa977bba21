package io.directmail.batch;

/** Where a batch stands. A batch starts {@link #RUNNING}; {@link #CANCELLED} and {@link #COMPLETED} are final. */
public enum BatchState {
    /** Rows are being rendered and queued, one after another. */
    RUNNING,
    /**
     * No row is being queued: the application paused the batch, or it stopped by itself because
     * a row could not be queued for a reason that is not the row's own (see
     * {@link BatchProgress#failure()}). {@link Batches#resume(String)} continues at the next row.
     */
    PAUSED,
    /** The application cancelled the batch; rows not yet queued never will be. */
    CANCELLED,
    /** Every row was queued or refused. */
    COMPLETED;

    /** Returns true for the states a batch never leaves: {@link #CANCELLED} and {@link #COMPLETED}. */
    public boolean isFinal() {
        return this == CANCELLED || this == COMPLETED;
    }
}
