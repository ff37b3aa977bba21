package io.directmail.transport;

import java.util.List;

/**
 * Carries a composed, signed message to its recipients. Built-ins are chosen by URI on the
 * {@code DirectMail} builder: {@code mx:} (direct to each recipient domain's mail exchangers, the
 * default), {@code smtp://user:pass@host:587} (relay through a smarthost, STARTTLS required),
 * {@code smtps://...} (implicit TLS), {@code file:/dir} (writes {@code .eml} files) and
 * {@code memory:} (keeps messages in memory for tests).
 *
 * <p>Implementations must be thread-safe: the engine calls {@link #deliver} from many threads.
 * {@code deliver} reports every failure as a {@link RecipientOutcome}; it does not throw for a
 * refused recipient, a network failure or a timeout. An exception that escapes anyway is
 * contained by the engine and treated as a temporary failure for every recipient.
 */
public interface Transport extends AutoCloseable {

    /**
     * Makes one delivery attempt of a message to all of its envelope recipients, blocking
     * until every recipient has an outcome. Every step must have a bounded timeout.
     *
     * @param message the message and its envelope
     * @return one outcome per envelope recipient, in the envelope's order
     */
    List<RecipientOutcome> deliver(OutboundMessage message);

    /** Releases pooled connections and other resources. The default does nothing. */
    @Override
    default void close() {
    }
}
