package io.directmail.internal.smtp;

import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import java.util.List;

/**
 * How one mail transaction ended.
 *
 * @param outcomes one entry per recipient of the transaction, in order; {@code null} for a recipient
 *     without a final answer (deferred by 452 to a further transaction, or left for the next target)
 * @param ending what the client does next
 * @param reason why the transaction was cut short (for {@link Ending#MOVE_ON} and {@link Ending#STALE}), else null
 * @param reply the reply that cut it short, or null
 */
record TransactionResult(List<RecipientOutcome> outcomes, Ending ending, String reason, SmtpReply reply) {

    /** What the client does after the transaction. */
    enum Ending {
        /**
         * The transaction ended; recipients still without an outcome were deferred by 452 and go
         * into a further transaction on the same connection.
         */
        COMPLETED,
        /** The server closed (421) or the connection failed before a final answer: try the next target. */
        MOVE_ON,
        /** A reused connection turned out dead before the transaction began: retry on a fresh connection. */
        STALE
    }

    TransactionResult {
        outcomes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outcomes));
    }
}
