package io.directmail.internal.batch;

import io.directmail.batch.BatchRecord;
import io.directmail.batch.SenderCheck;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.template.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Internal, not API: what every batch of one {@code Batches} shares.
 *
 * @param sender where the rows are sent, each with its batch's id
 * @param senderCheck whether the account may send batch mail from the batch's address
 * @param renderer renders each row
 * @param unsubscribe the unsubscribe links every message carries
 * @param tokens signs the token of each message
 * @param clock the time tokens and records carry
 * @param journal receives a batch's record at each change of state and checkpoint
 * @param checkpointRows how many rows pass between two records sent to the journal while a batch runs
 * @param rowWait how long a pause or cancel waits for the row in flight to be counted
 */
public record BatchContext(BatchSender sender, SenderCheck senderCheck, TemplateRenderer renderer,
        UnsubscribeSettings unsubscribe, UnsubscribeTokens tokens, Clock clock, Consumer<? super BatchRecord> journal,
        int checkpointRows, Duration rowWait) {
}
