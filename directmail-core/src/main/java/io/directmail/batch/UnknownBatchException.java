package io.directmail.batch;

import io.directmail.DirectMailException;
import io.directmail.internal.text.VisibleText;
import java.io.Serial;

/** Thrown when a batch id names no batch that this {@link Batches} knows. Nothing has been changed. */
public final class UnknownBatchException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String batchId;

    /**
     * Creates the exception.
     *
     * @param batchId the id that was not found
     */
    public UnknownBatchException(String batchId) {
        super("No batch with id " + VisibleText.quote(batchId) + " is known");
        this.batchId = batchId;
    }

    /** Returns the id that was not found. */
    public String batchId() {
        return batchId;
    }
}
