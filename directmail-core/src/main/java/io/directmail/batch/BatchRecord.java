package io.directmail.batch;

import io.directmail.InvalidMailException;
import io.directmail.Mail;
import io.directmail.internal.registry.RegistryName;
import io.directmail.internal.text.VisibleText;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything needed to take a batch up again after a restart: what it sends, for which account,
 * its state and how far it got. {@link Batches#snapshot()} returns one per batch and the
 * {@linkplain Batches.Builder#journal journal} receives them as batches change;
 * {@link Batches.Builder#restore} continues from them.
 *
 * <p>The rows are sent in order, each either queued or refused, so the next row to send is
 * {@link #position()}. A stored record may lag behind the batch (the journal hears of progress
 * every {@value Batches#CHECKPOINT_ROWS} rows): rows sent again after a restart carry the same
 * idempotency key as before, so {@code DirectMail} returns the first receipt instead of sending
 * them twice, as long as they were sent within its idempotency window.
 *
 * <p>The quota reservation of a batch has the batch's id.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the batch's id: 1 to 64 ASCII letters, digits, {@code .}, {@code _} and {@code -},
 *     starting with a letter or digit
 * @param account the account the batch sends for
 * @param request what the batch sends
 * @param state the batch's state
 * @param queued how many rows were queued as a message
 * @param refused how many rows were refused
 * @param createdAt when the batch was started
 * @param failure why the batch stopped by itself, as {@link BatchProgress#failure()} has it:
 *     {@code null} unless the batch is paused or failed, and never {@code null} for a failed batch
 */
public record BatchRecord(String id, String account, BatchRequest request, BatchState state, int queued, int refused,
        Instant createdAt, String failure) {

    /**
     * Checks the parts and that the counts fit the request.
     *
     * @throws NullPointerException if the request, state or creation time is null
     * @throws InvalidMailException if the id or the account is not valid
     * @throws IllegalArgumentException if the counts do not fit the request, a completed batch has
     *     rows left, a batch that is neither paused nor failed has a failure, or a failed batch has
     *     none
     */
    public BatchRecord {
        String idProblem = id == null ? "it is null" : RegistryName.problem(id);
        if (idProblem != null) {
            throw new InvalidMailException("batch id " + VisibleText.quote(id) + " is refused: " + idProblem);
        }
        Mail.newBuilder().account(account);
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(createdAt, "createdAt");
        BatchProgress progress = new BatchProgress(id, state, request.size(), queued, refused, failure);
        if (state == BatchState.COMPLETED && progress.remaining() > 0) {
            throw new IllegalArgumentException("batch " + id + " is COMPLETED but has " + progress.remaining() + " rows left");
        }
    }

    /** Returns the index of the next row to send: every row before it was queued or refused. */
    public int position() {
        return queued + refused;
    }

    /** Returns the batch's progress as this record has it. */
    public BatchProgress progress() {
        return new BatchProgress(id, state, request.size(), queued, refused, failure);
    }
}
