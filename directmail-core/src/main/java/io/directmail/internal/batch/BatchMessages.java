package io.directmail.internal.batch;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.batch.BatchRecord;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.list.PersonalisedMessage;
import java.time.Clock;

/**
 * Internal, not API: turns a rendered row of a batch into the mail to send. Every message is
 * {@link MailType#BATCH} mail of the batch's account and tag, from the batch's sender (with its
 * reply-to address, if any), to the row's address alone, with the one-click unsubscribe headers
 * of RFC 8058 and the idempotency key {@code batch-<id>-<row>}. Thread-safe.
 */
final class BatchMessages {

    static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final BatchRecord batch;
    private final EmailAddress replyTo;
    private final UnsubscribeSettings unsubscribe;
    private final UnsubscribeTokens tokens;
    private final Clock clock;

    BatchMessages(BatchRecord batch, EmailAddress replyTo, UnsubscribeSettings unsubscribe, UnsubscribeTokens tokens, Clock clock) {
        this.batch = batch;
        this.replyTo = replyTo;
        this.unsubscribe = unsubscribe;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Returns the idempotency key of a row, {@code batch-<id>-<row>}: the same whenever the row is
     * sent again, so that a row sent again after a restart is not queued twice. It marks nothing
     * else: the batch's reservation goes to admission beside the mail, through {@link BatchSender}.
     */
    static String idempotencyKey(String batchId, int row) {
        return "batch-" + batchId + "-" + row;
    }

    /**
     * Builds the mail of one row.
     *
     * @throws InvalidMailException if the rendered content makes no valid mail, such as a subject
     *     over the length limit
     */
    Mail mail(PersonalisedMessage.Rendered row) {
        BatchRequest request = batch.request();
        EmailAddress to = row.recipient().address();
        String token = tokens.issue(batch.account(), to, batch.id(), clock.instant());
        Mail.Builder mail = Mail.newBuilder()
                .from(request.from())
                .fromName(request.fromName())
                .addTo(to)
                .type(MailType.BATCH)
                .account(batch.account())
                .tag(request.tag())
                .idempotencyKey(idempotencyKey(batch.id(), row.index()))
                .addHeader(LIST_UNSUBSCRIBE, unsubscribe.listUnsubscribe(token))
                .addHeader(LIST_UNSUBSCRIBE_POST, ONE_CLICK);
        if (replyTo != null) {
            mail.addReplyTo(replyTo);
        }
        return row.content().applyTo(mail).build();
    }
}
