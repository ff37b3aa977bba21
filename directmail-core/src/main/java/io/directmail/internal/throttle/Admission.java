package io.directmail.internal.throttle;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@link DestinationThrottle#enter}: a {@link DomainPermit} to deliver now, or a
 * {@link Refused refusal} with the time to come back.
 */
public sealed interface Admission permits DomainPermit, Admission.Refused {

    /**
     * The destination is busy; nothing was taken.
     *
     * @param retryAt when the destination is expected to have room for this message
     * @param reason what is busy, naming the domain
     */
    record Refused(Instant retryAt, String reason) implements Admission {

        /** Checks that both parts are present. */
        public Refused {
            Objects.requireNonNull(retryAt, "retryAt");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
