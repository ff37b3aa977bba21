package io.directmail;

import io.directmail.transport.SmtpReply;
import java.time.Instant;
import java.util.Objects;

/**
 * Where one recipient of a message stands.
 *
 * @param recipient the envelope recipient
 * @param status the current status
 * @param attempts how many delivery attempts have finished
 * @param lastReply the last SMTP reply concerning this recipient, or {@code null}
 * @param remoteHost the server that gave it, or {@code null}
 * @param detail the last explanation, never {@code null}
 * @param updatedAt when the status last changed
 */
public record RecipientStatus(EmailAddress recipient, DeliveryStatus status, int attempts, SmtpReply lastReply,
        String remoteHost, String detail, Instant updatedAt) {

    /** Validates that the required parts are present. */
    public RecipientStatus {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
        detail = detail == null ? "" : detail;
    }
}
