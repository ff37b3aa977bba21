package io.directmail.internal.smtp;

import io.directmail.EmailAddress;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.SmtpSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages over SMTP to a list of targets tried in order (the mail exchangers of a
 * domain, or a smarthost), with pooled connections per address and port.
 *
 * <p><b>Contract of {@link #deliver}.</b> Targets are tried in order. The client moves to the next
 * target when it cannot connect or times out, when the greeting is 4xx or 5xx (RFC 5321 §5.1: try
 * the next MX), when EHLO/HELO, required TLS or AUTH fails, when the server answers 421 or the
 * connection fails before the recipients have final answers, and when every pooled connection to
 * the target stays busy for {@link SmtpSettings#poolWaitTimeout()}. Only the recipients still
 * without a final answer go to the next target. When every target has failed, each of them gets
 * {@link RecipientOutcome.Result#TEMPORARY_FAILURE} with the last reason. A RCPT refusal is that
 * recipient's outcome; after DATA the final reply decides for every accepted recipient. See
 * {@link MailTransaction} for 452, SIZE, 8BITMIME and SMTPUTF8. {@code deliver} never throws for
 * delivery failures. A {@link TargetGate} given to {@code deliver} may keep the client away from
 * busy targets and set the messages per connection; without one the settings' pool limits apply.
 *
 * <p>Thread-safe and meant to be shared: it owns one {@link ConnectionPool} per address and port,
 * and a single daemon thread that aborts stuck data writes and closes idle connections.
 * {@link #close()} quits every pooled connection. Internal API.
 */
public final class SmtpClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpClient.class);

    private final SmtpSettings settings;
    private final ScheduledExecutorService timers;
    private final SessionOpener opener;
    private final ConcurrentMap<PoolKey, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TargetGate settingsGate;

    private record PoolKey(InetAddress address, int port) {
    }

    /** Creates a client; it holds no connection until the first delivery. */
    public SmtpClient(SmtpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "directmail-smtp-timers");
            thread.setDaemon(true);
            return thread;
        });
        // A write watchdog is cancelled after almost every write: drop it at once rather than
        // keeping it queued until its (minutes-long) delay passes.
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
        this.settingsGate = new SettingsGate(settings);
        this.opener = new SessionOpener(settings, new TlsUpgrade(settings.sslContext().orElse(null)), timers,
                new AtomicInteger());
        if (!settings.idleTimeout().isZero()) {
            long period = Math.max(1000, settings.idleTimeout().toMillis() / 2);
            timers.scheduleWithFixedDelay(this::evictIdleQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Returns the settings this client uses. */
    public SmtpSettings settings() {
        return settings;
    }

    /**
     * Makes one delivery attempt of a message to all its envelope recipients, with the pool
     * limits of the settings: a full pool is waited for up to {@link SmtpSettings#poolWaitTimeout()}.
     *
     * @param targets the servers to try, in order; an empty list makes every recipient a temporary failure
     * @param message the message and its envelope
     * @return one outcome per envelope recipient, in the envelope's order
     * @throws IllegalStateException if the client is closed
     */
    public List<RecipientOutcome> deliver(List<SmtpTarget> targets, OutboundMessage message) {
        return deliver(targets, message, settingsGate);
    }

    /**
     * Makes one delivery attempt of a message to all its envelope recipients, using only the
     * targets the gate lets in. A target the gate refuses, or whose pool is full when the gate
     * does not wait, is skipped without counting as failed; when every target was skipped so, the
     * recipients get the gate's {@linkplain TargetGate#busy busy outcome}.
     *
     * @param targets the servers to try, in order; an empty list makes every recipient a temporary failure
     * @param message the message and its envelope
     * @param gate decides which targets may be used now
     * @return one outcome per envelope recipient, in the envelope's order
     * @throws IllegalStateException if the client is closed
     */
    public List<RecipientOutcome> deliver(List<SmtpTarget> targets, OutboundMessage message, TargetGate gate) {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(gate, "gate");
        if (closed.get()) {
            throw new IllegalStateException("the SMTP client is closed");
        }
        List<EmailAddress> recipients = message.recipients();
        RecipientOutcome[] outcomes = new RecipientOutcome[recipients.size()];
        String lastReason = "no server to deliver to";
        SmtpReply lastReply = null;
        String lastHost = null;
        List<String> busy = new ArrayList<>();
        boolean tried = false;
        for (SmtpTarget target : targets) {
            if (undecided(outcomes).isEmpty()) {
                break;
            }
            TargetGate.Pass pass = gate.enter(target);
            if (pass == null) {
                busy.add(target.describe());
                continue;
            }
            TargetFailure failure;
            try (pass) {
                try {
                    failure = deliverTo(target, message, outcomes, pass, gate.poolWait());
                } catch (RuntimeException e) {
                    // a defect, not a delivery failure: contain it so that the caller still gets outcomes
                    log.warn("unexpected failure delivering {} to {}", message.messageId(), target.describe(), e);
                    failure = new TargetFailure("unexpected failure with " + target.describe() + ": " + e, null, e);
                }
                if (failure != null && !failure.isBusy()) {
                    pass.abandoned(failure.reply());
                }
            }
            if (failure != null && failure.isBusy()) {
                busy.add(target.describe());
                continue;
            }
            tried = true;
            if (failure == null) {
                break;
            }
            log.debug("{}: {}; {}", message.messageId(), failure.getMessage(), "trying the next target if any");
            lastReason = failure.getMessage();
            lastReply = failure.reply();
            lastHost = target.hostname();
        }
        List<Integer> left = undecided(outcomes);
        if (!left.isEmpty() && !tried && !busy.isEmpty()) {
            String detail = "not attempted: every server is at its connection limit (" + String.join(", ", busy) + ")";
            for (int i : left) {
                outcomes[i] = gate.busy(recipients.get(i), detail);
            }
        } else if (!left.isEmpty()) {
            String detail = (targets.size() > 1 ? "all " + targets.size() + " servers failed; last: " : "") + lastReason;
            for (int i : left) {
                outcomes[i] = new RecipientOutcome(recipients.get(i), RecipientOutcome.Result.TEMPORARY_FAILURE,
                        lastReply, lastHost, detail);
            }
        }
        return List.of(outcomes);
    }

    /**
     * Tries one target; returns null when every recipient got an answer there, else why the target
     * failed (busy when its pool was full and the gate does not wait, before anything was sent).
     */
    private TargetFailure deliverTo(SmtpTarget target, OutboundMessage message, RecipientOutcome[] outcomes,
            TargetGate.Pass pass, Duration wait) {
        ConnectionPool pool = pools.computeIfAbsent(new PoolKey(target.address(), target.port()), key -> newPool());
        for (int attempt = 0; attempt <= settings.maxConnectionsPerHost(); attempt++) {
            SmtpConnection connection;
            try {
                connection = pool.acquire(target, wait, opener::open);
            } catch (TargetFailure e) {
                // busy only while nothing has been sent; after a stale connection it is a failure of this target
                return e.isBusy() && attempt > 0 ? new TargetFailure(e.getMessage(), null, null) : e;
            }
            boolean stale = false;
            try {
                while (true) {
                    List<Integer> pending = undecided(outcomes);
                    if (pending.isEmpty()) {
                        return null;
                    }
                    List<EmailAddress> batch = new ArrayList<>(pending.size());
                    for (int i : pending) {
                        batch.add(message.recipients().get(i));
                    }
                    TransactionResult result = new MailTransaction(connection, settings).run(message, batch);
                    for (int j = 0; j < pending.size(); j++) {
                        if (result.outcomes().get(j) != null) {
                            outcomes[pending.get(j)] = result.outcomes().get(j);
                        }
                    }
                    switch (result.ending()) {
                        case STALE -> {
                            log.debug("{}; opening a fresh connection", result.reason());
                            stale = true;
                        }
                        case MOVE_ON -> {
                            return new TargetFailure(result.reason(), result.reply(), null);
                        }
                        case COMPLETED -> {
                            if (connection.isBroken()) {
                                // every recipient has an answer; a broken connection leaves none deferred
                                List<Integer> rest = undecided(outcomes);
                                if (!rest.isEmpty()) {
                                    return new TargetFailure("connection to " + target.describe() + " lost", null, null);
                                }
                                return null;
                            }
                        }
                    }
                    if (stale) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                connection.markBroken();
                throw e;
            } finally {
                if (connection.isBroken()) {
                    pool.discard(connection);
                } else {
                    pool.release(connection, pass.maxMessagesPerConnection());
                }
            }
        }
        return new TargetFailure("every pooled connection to " + target.describe() + " was dead", null, null);
    }

    private ConnectionPool newPool() {
        return new ConnectionPool(settings.maxConnectionsPerHost(), settings.idleTimeout(), settings.clock(),
                SessionOpener.quitTimeout(settings));
    }

    private static List<Integer> undecided(RecipientOutcome[] outcomes) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                pending.add(i);
            }
        }
        return pending;
    }

    /** Closes idle connections whose idle timeout, measured by the settings' clock, has run out. */
    public void evictIdle() {
        for (ConnectionPool pool : pools.values()) {
            pool.evictIdle();
        }
    }

    private void evictIdleQuietly() {
        try {
            evictIdle();
        } catch (RuntimeException e) {
            log.warn("closing idle SMTP connections failed", e);
        }
    }

    /** Returns the number of open connections to one address and port, leased and idle. */
    public int openConnections(InetAddress address, int port) {
        ConnectionPool pool = pools.get(new PoolKey(address, port));
        return pool == null ? 0 : pool.openConnections();
    }

    /** Lets every target in, as far as the settings' pool allows, and closes a connection after the settings' message limit. */
    private static final class SettingsGate implements TargetGate, TargetGate.Pass {

        private final SmtpSettings settings;

        SettingsGate(SmtpSettings settings) {
            this.settings = settings;
        }

        @Override
        public Pass enter(SmtpTarget target) {
            return this;
        }

        @Override
        public Duration poolWait() {
            return settings.poolWaitTimeout();
        }

        @Override
        public RecipientOutcome busy(EmailAddress recipient, String detail) {
            return RecipientOutcome.temporary(recipient, null, detail);
        }

        @Override
        public int maxMessagesPerConnection() {
            return settings.maxMessagesPerConnection();
        }

        @Override
        public void abandoned(SmtpReply reply) {
            // the settings keep no account of replies
        }

        @Override
        public void close() {
            // nothing was taken
        }
    }

    /** Quits every pooled connection and stops the timer thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ConnectionPool pool : pools.values()) {
            pool.close();
        }
        timers.shutdownNow();
    }
}
