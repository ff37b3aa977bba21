package io.directmail.internal.store.journal;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown, or used to complete an append's future exceptionally, when the journal cannot make a
 * record durable: a write or {@code fsync} failed. After such a failure the journal refuses all
 * further appends, because after a failed {@code fsync} the kernel may already have dropped the
 * unwritten pages; reopening the journal recovers to the last durable record.
 */
public class JournalWriteException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the file
     * @param cause the underlying I/O failure, if any
     */
    public JournalWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
