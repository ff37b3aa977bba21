package io.directmail.store;

import io.directmail.DirectMailException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps accepted messages, their content and each recipient's status until every recipient has
 * a final outcome, and the final status for a while after. {@code DirectMail} returns from
 * {@code send} only after {@link #add} has returned, so a store that says it is durable must have
 * the message on stable storage by then.
 *
 * <p>Implementations are thread-safe. They report storage failures as
 * {@link DirectMailException}s; {@code send} passes such a failure to its caller, who then knows
 * the message was not accepted.
 */
public interface MailStore extends AutoCloseable {

    /**
     * Stores a newly accepted message and its content.
     *
     * @param message the message's envelope, recipients and due time
     * @param content the message in wire form (CRLF line endings); owned by the store afterwards
     * @throws DirectMailException if the message could not be stored
     */
    void add(StoredMessage message, byte[] content);

    /**
     * Records what a delivery attempt changed: the recipients' new statuses and when the next
     * attempt is due ({@code null} when no recipient is pending).
     *
     * @param progress the message with its new recipient statuses and due time
     * @throws DirectMailException if the change could not be stored
     */
    void update(StoredMessage progress);

    /**
     * Reads a message's content.
     *
     * @param messageId the message's id
     * @return the content in wire form
     * @throws DirectMailException if the message is unknown, its content was already released,
     *     or it cannot be read
     */
    byte[] content(String messageId);

    /**
     * Returns what the store knows of a message.
     *
     * @param messageId the message's id
     * @return the message, or empty if unknown (never stored, or past the retention of final statuses)
     */
    Optional<StoredMessage> find(String messageId);

    /**
     * Finds the message an earlier {@code send} with this idempotency key stored at or after a time.
     *
     * @param idempotencyKey the caller's key
     * @param notBefore the start of the idempotency window
     * @return the first message stored with that key inside the window, if any
     */
    Optional<StoredMessage> findByIdempotencyKey(String idempotencyKey, Instant notBefore);

    /**
     * Calls the action once for every message that still has a pending recipient, in the order
     * they were accepted. Used at start-up to rebuild the delivery queue.
     *
     * @param action receives each pending message
     */
    void forEachPending(Consumer<StoredMessage> action);

    /** Flushes and releases files, connections and threads. */
    @Override
    void close();
}
