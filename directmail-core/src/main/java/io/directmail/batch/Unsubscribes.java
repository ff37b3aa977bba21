package io.directmail.batch;

import io.directmail.DirectMail;
import io.directmail.Suppression;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes unsubscribes: checks the token a batch message carried in its {@code List-Unsubscribe}
 * header and puts the recipient on the account's unsubscribe list
 * ({@link DirectMail#unsubscribe DirectMail.unsubscribe}), so no batch mail of that account goes
 * to them again; the account's trigger mail still does. Listeners hear of it through
 * {@link io.directmail.DeliveryListener#onUnsubscribe}, and the statistics count it.
 *
 * <pre>{@code
 * Unsubscribes unsubscribes = new Unsubscribes(directMail, settings, unsubscribe -> statistics.count(unsubscribe));
 * // POST https://example.com/unsubscribe/u/{token} with body List-Unsubscribe=One-Click:
 * unsubscribes.record(token);
 * }</pre>
 *
 * <p>RFC 8058 asks the web application to unsubscribe on the {@code POST} only: mail filters
 * fetch links with {@code GET} to scan them, which must not unsubscribe anybody. A {@code GET}
 * may show a page that asks the person to confirm, with the address {@link #verify(String)}
 * reads from the token.
 *
 * <p>Thread-safe; meant to be shared. Recording is idempotent: a second unsubscribe of an address
 * changes nothing and does not call the listener again.
 */
public final class Unsubscribes {

    private static final Logger LOG = LoggerFactory.getLogger(Unsubscribes.class);

    private final DirectMail directMail;
    private final UnsubscribeSettings settings;
    private final Consumer<? super Unsubscribe> listener;
    /** The statistics tag of a batch by its id, or null when unknown. */
    private final Function<String, String> tagOfBatch;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Creates the intake without a listener.
     *
     * @param directMail whose accounts' unsubscribe lists take the addresses
     * @param settings the settings the batches were sent with; their key checks the tokens
     */
    public Unsubscribes(DirectMail directMail, UnsubscribeSettings settings) {
        this(directMail, settings, unsubscribe -> { });
    }

    /**
     * Creates the intake with a listener that hears of each address newly suppressed by an
     * unsubscribe, for example to count it in statistics or to publish an event. A listener that
     * throws is logged and does not undo the unsubscribe.
     *
     * @param directMail whose accounts' unsubscribe lists take the addresses
     * @param settings the settings the batches were sent with; their key checks the tokens
     * @param listener called after each unsubscribe that put an address on its account's unsubscribe list
     */
    public Unsubscribes(DirectMail directMail, UnsubscribeSettings settings, Consumer<? super Unsubscribe> listener) {
        this(directMail, settings, listener, batchId -> null);
    }

    /** Creates the intake of a {@link Batches}, which knows the tag of each of its batches. */
    Unsubscribes(DirectMail directMail, UnsubscribeSettings settings, Consumer<? super Unsubscribe> listener,
            Function<String, String> tagOfBatch) {
        this.directMail = Objects.requireNonNull(directMail, "directMail");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.tagOfBatch = tagOfBatch;
    }

    /**
     * Checks a token and reads it, without recording anything.
     *
     * @param token the token from the unsubscribe URL or the mailto subject
     * @return what the token says
     * @throws NullPointerException if the token is null
     * @throws InvalidUnsubscribeTokenException if the token was not made with these settings' key,
     *     or is garbled
     */
    public UnsubscribeToken verify(String token) {
        return settings.tokens().verify(token);
    }

    /**
     * Records an unsubscribe: checks the token and puts its address on its account's unsubscribe
     * list, with the reason {@link Suppression.Reason#UNSUBSCRIBE}. An address already on the list
     * keeps its entry, and the listener is not called again.
     *
     * @param token the token from the unsubscribe URL or the mailto subject
     * @return the verified token and the suppression entry in force
     * @throws NullPointerException if the token is null
     * @throws InvalidUnsubscribeTokenException if the token was not made with these settings' key,
     *     or is garbled; nothing is recorded
     */
    public Unsubscribe record(String token) {
        UnsubscribeToken verified = verify(token);
        Unsubscribe result;
        lock.lock();
        try {
            Optional<Suppression> existing = directMail.unsubscribed(verified.account(), verified.address());
            result = existing.map(entry -> new Unsubscribe(verified, entry, false)).orElseGet(() -> new Unsubscribe(verified,
                    directMail.unsubscribe(verified.account(), verified.address(), tagOfBatch.apply(verified.batchId()),
                            "unsubscribed from batch " + verified.batchId()),
                    true));
        } finally {
            lock.unlock();
        }
        if (result.newlySuppressed()) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                LOG.error("The unsubscribe listener failed for {} (batch {}); the address stays unsubscribed",
                        verified.address(), verified.batchId(), e);
            }
        }
        return result;
    }
}
