package io.directmail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a message stands, recipient by recipient.
 *
 * @param messageId the message's id
 * @param acceptedAt when it was accepted
 * @param recipients one status per envelope recipient, in envelope order
 */
public record MessageStatus(String messageId, Instant acceptedAt, List<RecipientStatus> recipients) {

    /** Validates and copies the parts. */
    public MessageStatus {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        recipients = List.copyOf(recipients);
    }

    /** Returns true when every recipient has reached a final status. */
    public boolean isComplete() {
        return recipients.stream().allMatch(r -> r.status().isTerminal());
    }

    /** Returns the status of one recipient. */
    public RecipientStatus recipient(EmailAddress address) {
        return recipients.stream().filter(r -> r.recipient().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(address + " is not a recipient of " + messageId));
    }
}
