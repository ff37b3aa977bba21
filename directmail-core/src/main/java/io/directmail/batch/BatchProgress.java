package io.directmail.batch;

import java.util.Objects;

/**
 * Where a batch stands at one moment: its state and how many of its rows were queued, refused or
 * are still to come. Every row ends up either queued (accepted by {@code DirectMail.send}, so it
 * will be delivered, bounced or reported like any message) or refused (it could not be rendered,
 * its recipient is suppressed, or the message it made was refused).
 *
 * <p>Immutable; ask {@link Batches#progress(String)} again for fresh numbers.
 *
 * @param id the batch's id
 * @param state the batch's state
 * @param total how many rows the batch has
 * @param queued how many rows were queued as a message
 * @param refused how many rows were refused
 * @param failure why the batch stopped by itself: for a {@link BatchState#PAUSED} batch, the
 *     reason it paused (for example: DirectMail was closed), or {@code null} when the application
 *     paused it; for a {@link BatchState#FAILED} batch, always, the error that ended its row (for
 *     example {@code java.lang.OutOfMemoryError: Java heap space}); {@code null} in any other state
 */
public record BatchProgress(String id, BatchState state, int total, int queued, int refused, String failure) {

    /**
     * Checks that the counts fit together.
     *
     * @throws NullPointerException if the id or the state is null
     * @throws IllegalArgumentException if a count is negative, queued and refused rows exceed the
     *     total, a batch that is neither paused nor failed has a failure, or a failed batch has none
     */
    public BatchProgress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (total < 0 || queued < 0 || refused < 0 || (long) queued + refused > total) {
            throw new IllegalArgumentException("batch " + id + " cannot have " + queued + " queued and " + refused
                    + " refused of " + total + " rows");
        }
        if (failure != null && state != BatchState.PAUSED && state != BatchState.FAILED) {
            throw new IllegalArgumentException("batch " + id + " is " + state + "; only a paused or failed batch has a failure");
        }
        if (failure == null && state == BatchState.FAILED) {
            throw new IllegalArgumentException("batch " + id + " is FAILED; a failed batch has the failure that ended it");
        }
    }

    /** Returns how many rows are neither queued nor refused yet. */
    public int remaining() {
        return total - queued - refused;
    }
}
