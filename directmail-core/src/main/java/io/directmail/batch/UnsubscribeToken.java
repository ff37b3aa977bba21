package io.directmail.batch;

import io.directmail.EmailAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * What a verified unsubscribe token says: which address asked to get no more mail, from which
 * account's batch, and when the token was put into a message. A token is issued for each batch
 * message and carried in its {@code List-Unsubscribe} header; {@link Unsubscribes#verify(String)}
 * reads one back.
 *
 * @param account the account whose batch the message belonged to
 * @param address the recipient the message was sent to
 * @param batchId the batch's id
 * @param issuedAt when the token was made, to the second
 */
public record UnsubscribeToken(String account, EmailAddress address, String batchId, Instant issuedAt) {

    /**
     * Checks that the parts are present.
     *
     * @throws NullPointerException if a part is null
     */
    public UnsubscribeToken {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
