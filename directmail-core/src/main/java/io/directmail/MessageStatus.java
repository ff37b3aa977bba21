package io.directmail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a message stands, recipient by recipient: each recipient's status, attempts, last SMTP
 * reply, answering server and the time of its last change.
 *
 * @param messageId the message's id
 * @param acceptedAt when it was accepted
 * @param recipients one status per envelope recipient, in envelope order
 * @param account the account it was sent for ({@link Mail#account()})
 * @param tag its statistics tag ({@link Mail#tag()}), or {@code null} when it has none
 */
public record MessageStatus(String messageId, Instant acceptedAt, List<RecipientStatus> recipients, String account, String tag) {

    /** Validates and copies the parts. */
    public MessageStatus {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(account, "account");
    }

    /** Creates the status of an untagged message of the {@linkplain Mail#DEFAULT_ACCOUNT default account}. */
    public MessageStatus(String messageId, Instant acceptedAt, List<RecipientStatus> recipients) {
        this(messageId, acceptedAt, recipients, Mail.DEFAULT_ACCOUNT, null);
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
