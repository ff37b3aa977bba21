package io.directmail;

import java.time.Instant;
import java.util.Objects;

/**
 * An address DirectMail no longer sends to, and why. A hard bounce of the "no such user" or "no
 * such domain" kind adds one; so can the application. A send to a suppressed address is refused
 * for that recipient.
 *
 * @param address the suppressed address
 * @param reason why it is suppressed
 * @param since when it was added
 * @param detail the bounce or note that added it
 */
public record Suppression(EmailAddress address, Reason reason, Instant since, String detail) {

    /** Why an address is suppressed. */
    public enum Reason {
        /** A receiving server said the address or its domain does not exist. */
        HARD_BOUNCE,
        /** The recipient unsubscribed. */
        UNSUBSCRIBE,
        /** The application added it. */
        MANUAL
    }

    /** Validates that the parts are present. */
    public Suppression {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        detail = detail == null ? "" : detail;
    }
}
