package io.directmail.batch;

/**
 * Where a batch stands. A batch starts {@link #RUNNING}; {@link #CANCELLED} and {@link #COMPLETED}
 * are final. A batch that is {@link #PAUSED} or {@link #FAILED} sends nothing until it is resumed or
 * cancelled.
 */
public enum BatchState {
    /** Rows are being rendered and queued, one after another. */
    RUNNING,
    /**
     * No row is being queued: the application paused the batch, or it stopped by itself because
     * a row could not be queued for a reason that is not the row's own (see
     * {@link BatchProgress#failure()}). {@link Batches#resume(String)} continues at the next row.
     */
    PAUSED,
    /**
     * No row is being queued: a row ended with an unexpected error, one that is not an exception
     * (a {@link Error} such as {@link OutOfMemoryError} or {@link StackOverflowError}, thrown while the
     * row was rendered or sent), and the batch cannot tell whether trying again would help.
     * {@link BatchProgress#failure()} names the error. The batch keeps its quota reservation and
     * waits for the application, also across a restart: {@link Batches#resume(String)} tries that
     * row again, and {@link Batches#cancel(String)} ends the batch and releases what is left of its
     * reservation.
     */
    FAILED,
    /** The application cancelled the batch; rows not yet queued never will be. */
    CANCELLED,
    /** Every row was queued or refused. */
    COMPLETED;

    /** Returns true for the states a batch never leaves: {@link #CANCELLED} and {@link #COMPLETED}. */
    public boolean isFinal() {
        return this == CANCELLED || this == COMPLETED;
    }
}
