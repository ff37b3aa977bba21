package io.directmail.account;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a {@link SendingDomain} stands: not checked yet, verified, or found wanting by its last
 * definite check. Mail is sent only from a {@link Verified} domain (unless the development switch
 * {@link IdentityPolicy#requireVerifiedDomain()} is off).
 */
public sealed interface VerificationStatus {

    /** The domain was added and has not passed a check yet. */
    record Unverified() implements VerificationStatus {}

    /**
     * The last definite check found every required record.
     *
     * @param at when that check ran
     */
    record Verified(Instant at) implements VerificationStatus {
        /** Requires the time. */
        public Verified {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The last definite check found a required record missing or wrong. A domain that was verified
     * before loses its verification this way: its owner took a record away.
     *
     * @param at when that check ran
     * @param reason which records were missing or wrong
     */
    record Failed(Instant at, String reason) implements VerificationStatus {
        /** Requires the time and the reason. */
        public Failed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
