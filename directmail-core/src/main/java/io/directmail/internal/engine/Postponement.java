package io.directmail.internal.engine;

import io.directmail.RetryPolicy;
import io.directmail.transport.RecipientOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes of one delivery attempt, split into those of recipients the transport tried and
 * those it did not try because their destination was busy
 * ({@link RecipientOutcome.Result#NOT_ATTEMPTED}). A recipient that was not tried keeps its status
 * and its count of attempts; the message comes back when the destination expects to have room —
 * unless a recipient tried in the same attempt was deferred, in which case the retry policy's
 * delay applies to the whole message, so that the deferred recipient is not tried early.
 */
final class Postponement {

    private final List<RecipientOutcome> attempted;
    private final Instant retryAt;
    private final boolean deferred;

    private Postponement(List<RecipientOutcome> attempted, Instant retryAt, boolean deferred) {
        this.attempted = attempted;
        this.retryAt = retryAt;
        this.deferred = deferred;
    }

    /** Splits the outcomes of one attempt. */
    static Postponement of(List<RecipientOutcome> outcomes) {
        List<RecipientOutcome> attempted = new ArrayList<>(outcomes.size());
        Instant earliest = null;
        boolean deferred = false;
        for (RecipientOutcome outcome : outcomes) {
            if (outcome.isAttempted()) {
                attempted.add(outcome);
                deferred |= outcome.result() == RecipientOutcome.Result.TEMPORARY_FAILURE;
            } else if (earliest == null || outcome.retryAt().isBefore(earliest)) {
                earliest = outcome.retryAt();
            }
        }
        return new Postponement(attempted, earliest, deferred);
    }

    /** Returns the outcomes of the recipients the transport tried: the ones to record. */
    List<RecipientOutcome> attempted() {
        return attempted;
    }

    /** Returns true when some recipient was not tried, so the message comes back at {@link #retryAt}. */
    boolean postponed() {
        return retryAt != null;
    }

    /**
     * Returns when the message is due again after this attempt: the retry policy's delay when a
     * recipient was deferred (or nothing was postponed), else the earliest time a busy destination
     * named.
     *
     * @param now the time of the attempt
     * @param attempts the most attempts any pending recipient has had (at least 1 when one was deferred)
     * @param policy the retry policy
     */
    Instant nextAttempt(Instant now, int attempts, RetryPolicy policy) {
        if (deferred || retryAt == null) {
            return now.plus(policy.delayBefore(attempts));
        }
        return retryAt;
    }
}
