package io.directmail.batch;

import io.directmail.DirectMail;
import io.directmail.Suppression;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes unsubscribes: checks the token a batch message carried in its {@code List-Unsubscribe}
 * header and puts the recipient on the suppression list, so no batch or other mail goes to them
 * again.
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
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Creates the intake without a listener.
     *
     * @param directMail whose suppression list takes the addresses
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
     * @param directMail whose suppression list takes the addresses
     * @param settings the settings the batches were sent with; their key checks the tokens
     * @param listener called after each unsubscribe that put an address on the suppression list
     */
    public Unsubscribes(DirectMail directMail, UnsubscribeSettings settings, Consumer<? super Unsubscribe> listener) {
        this.directMail = Objects.requireNonNull(directMail, "directMail");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
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
     * Records an unsubscribe: checks the token and puts its address on the suppression list with
     * the reason {@link Suppression.Reason#UNSUBSCRIBE}. An address already on the list keeps its
     * entry, and the listener is not called again.
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
            Optional<Suppression> existing = directMail.suppression(verified.address());
            result = existing.map(entry -> new Unsubscribe(verified, entry, false)).orElseGet(() -> new Unsubscribe(verified,
                    directMail.suppress(verified.address(), Suppression.Reason.UNSUBSCRIBE,
                            "unsubscribed from batch " + verified.batchId() + " of account " + verified.account()),
                    true));
        } finally {
            lock.unlock();
        }
        if (result.newlySuppressed()) {
            // Where the statistics' UNSUBSCRIBED event is published.
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                LOG.error("The unsubscribe listener failed for {} (batch {}); the address stays suppressed",
                        verified.address(), verified.batchId(), e);
            }
        }
        return result;
    }
}
