package io.directmail.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.directmail.DeliveryEvent;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.LimitExceededException;
import io.directmail.Mail;
import io.directmail.MessageStatus;
import io.directmail.Receipt;
import io.directmail.RecipientStatus;
import io.directmail.SuppressedRecipientException;
import io.directmail.Suppression;
import io.directmail.internal.compose.ComposedMessage;
import io.directmail.internal.compose.MimeComposer;
import io.directmail.internal.dkim.DkimSigner;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code DirectMail}: admits a mail (limits, idempotency), composes and signs
 * it, keeps it, and hands it to the delivery workers, which record each recipient's outcome and
 * tell the listeners. Thread-safe.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final int FINISHED_MESSAGES_KEPT = 100_000;

    private final EngineConfig config;
    private final MimeComposer composer = new MimeComposer();
    private final Signers signers;
    private final MessageIds ids;
    private final Listeners listeners;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final DeliveryWorkers workers;
    private final ConcurrentHashMap<String, QueuedMessage> active = new ConcurrentHashMap<>();
    private final Cache<String, QueuedMessage> finished;
    private final Cache<String, CompletableFuture<Receipt>> idempotency;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RetryQueue retries = new RetryQueue();
    private final SuppressionList suppressions = new SuppressionList();
    private final ScheduledExecutorService ticker;

    /** Builds an engine and starts its delivery workers. */
    public Engine(EngineConfig config) {
        this.config = config;
        this.signers = new Signers(config.dkimKeys());
        this.ids = new MessageIds(config.clock());
        this.listeners = new Listeners(config.listeners());
        this.ownsExecutor = config.executor() == null;
        this.executor = ownsExecutor ? Executors.newVirtualThreadPerTaskExecutor() : config.executor();
        this.finished = Caffeine.newBuilder().maximumSize(FINISHED_MESSAGES_KEPT).build();
        this.idempotency = Caffeine.newBuilder()
                .ticker(() -> config.clock().millis() * 1_000_000L)
                .expireAfterWrite(config.idempotencyWindow())
                .build();
        int reserved = config.deliveryConcurrency() == 1 ? 0 : Math.max(1, config.deliveryConcurrency() / 8);
        this.workers = new DeliveryWorkers(executor, config.deliveryConcurrency(), reserved, this::deliver);
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("directmail-scheduler").factory());
        long tick = config.schedulerTick().toNanos();
        ticker.scheduleWithFixedDelay(this::releaseDueRetries, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** Admits, composes, signs and queues a mail; returns once it is queued. */
    public Receipt send(Mail mail) {
        ensureOpen();
        String key = mail.idempotencyKey().orElse(null);
        if (key == null) {
            return admit(mail);
        }
        CompletableFuture<Receipt> mine = new CompletableFuture<>();
        CompletableFuture<Receipt> first = idempotency.asMap().putIfAbsent(key, mine);
        if (first != null) {
            try {
                return first.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Receipt receipt = admit(mail);
            mine.complete(receipt);
            return receipt;
        } catch (RuntimeException | Error e) {
            idempotency.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Runs {@link #send} on the engine's executor. */
    public CompletableFuture<Receipt> sendAsync(Mail mail) {
        ensureOpen();
        try {
            return CompletableFuture.supplyAsync(() -> send(mail), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new DirectMailException("DirectMail is closed", e));
        }
    }

    /** Returns the status of a message accepted by this engine, if it is still known. */
    public Optional<MessageStatus> status(String messageId) {
        QueuedMessage message = active.get(messageId);
        if (message == null) {
            message = finished.getIfPresent(messageId);
        }
        return Optional.ofNullable(message).map(QueuedMessage::snapshot);
    }

    /** Returns the suppression list of this engine. */
    public List<Suppression> suppressions() {
        return suppressions.all();
    }

    /** Returns the suppression entry of an address, if it has one. */
    public Optional<Suppression> suppression(EmailAddress address) {
        return suppressions.find(address);
    }

    /** Adds an address to the suppression list by the application's decision; returns the entry in force. */
    public Suppression suppress(EmailAddress address, String detail) {
        return suppressions.add(new Suppression(address, Suppression.Reason.MANUAL, config.clock().instant(), detail));
    }

    /** Removes an address from the suppression list; returns true if it was on it. */
    public boolean unsuppress(EmailAddress address) {
        return suppressions.remove(address);
    }

    private Receipt admit(Mail mail) {
        List<EmailAddress> recipients = mail.recipients();
        int maxRecipients = config.limits().maxRecipientsPerMessage();
        if (recipients.size() > maxRecipients) {
            throw new LimitExceededException("maxRecipientsPerMessage", maxRecipients, recipients.size());
        }
        Instant now = config.clock().instant();
        Instant notBefore = mail.sendAt().filter(time -> time.isAfter(now)).orElse(null);
        if (notBefore != null && Duration.between(now, notBefore).compareTo(config.limits().maxScheduleAhead()) > 0) {
            throw new LimitExceededException("maxScheduleAhead", config.limits().maxScheduleAhead().toSeconds(),
                    Duration.between(now, notBefore).toSeconds());
        }
        Map<EmailAddress, Suppression> suppressed = new HashMap<>();
        for (EmailAddress recipient : recipients) {
            suppressions.find(recipient).ifPresent(entry -> suppressed.put(recipient, entry));
        }
        if (suppressed.size() == recipients.size()) {
            throw new SuppressedRecipientException(recipients.stream().map(suppressed::get).toList());
        }
        String messageId = ids.next(mail.from().domain());
        ComposedMessage composed = composer.compose(mail, messageId, now, config.clock().getZone());
        DkimSigner signer = signers.forDomain(mail.from().domain());
        byte[] content = signer == null ? composed.content() : signer.sign(composed.content(), now);
        if (content.length > config.limits().maxMessageBytes()) {
            throw new LimitExceededException("maxMessageBytes", config.limits().maxMessageBytes(), content.length);
        }
        OutboundMessage outbound = new OutboundMessage(messageId, mail.from(), recipients, content,
                composed.smtpUtf8(), composed.eightBit());
        QueuedMessage queued = new QueuedMessage(outbound, now, mail.tag().orElse(null), mail.type(), notBefore, suppressed);
        active.put(messageId, queued);
        for (RecipientStatus status : queued.snapshot().recipients()) {
            listeners.publish(new DeliveryEvent(status.status(), messageId, status.recipient(), now, 0, null, null, status.detail()));
        }
        if (notBefore == null) {
            workers.submit(queued);
        } else {
            retries.add(queued, notBefore);
        }
        return new Receipt(messageId, now, recipients);
    }

    private void deliver(QueuedMessage queued) {
        OutboundMessage pending = queued.pending();
        if (pending == null) {
            return;
        }
        List<RecipientOutcome> outcomes = attempt(pending);
        Set<EmailAddress> answered = new HashSet<>();
        List<RecipientOutcome> all = new ArrayList<>(outcomes);
        for (RecipientOutcome outcome : outcomes) {
            answered.add(outcome.recipient());
        }
        for (EmailAddress recipient : pending.recipients()) {
            if (!answered.contains(recipient)) {
                all.add(RecipientOutcome.temporary(recipient, null, "the transport reported no outcome for this recipient"));
            }
        }
        Instant attemptedAt = config.clock().instant();
        for (RecipientOutcome outcome : all) {
            if (!pending.recipients().contains(outcome.recipient())) {
                LOG.warn("Transport reported an outcome for {}, who is not a pending recipient of {}", outcome.recipient(), queued.id());
                continue;
            }
            RecipientStatus status = queued.record(outcome, attemptedAt);
            if (outcome.isInvalidAddress()) {
                suppressions.add(new Suppression(outcome.recipient(), Suppression.Reason.HARD_BOUNCE, attemptedAt, outcome.detail()));
            }
            listeners.publish(new DeliveryEvent(status.status(), queued.id(), status.recipient(), status.updatedAt(),
                    status.attempts(), status.lastReply(), status.remoteHost(), status.detail()));
        }
        int attempts = queued.countAttempt();
        if (queued.pending() == null) {
            finished.put(queued.id(), queued);
            active.remove(queued.id());
        } else {
            scheduleRetry(queued, attempts, attemptedAt);
        }
    }

    /** Puts a message with deferred recipients back in line, or gives up when its lifetime is over. */
    private void scheduleRetry(QueuedMessage queued, int attempts, Instant now) {
        Instant expiry = queued.deliverableFrom().plus(config.retryPolicy().lifetime());
        if (!now.isBefore(expiry)) {
            String detail = "gave up after " + attempts + " attempt(s) over " + config.retryPolicy().lifetime();
            for (RecipientStatus status : queued.expire(now, detail)) {
                listeners.publish(new DeliveryEvent(DeliveryStatus.EXPIRED, queued.id(), status.recipient(), now,
                        status.attempts(), status.lastReply(), status.remoteHost(), status.detail()));
            }
            finished.put(queued.id(), queued);
            active.remove(queued.id());
            return;
        }
        Instant next = now.plus(config.retryPolicy().delayBefore(attempts));
        retries.add(queued, next.isAfter(expiry) ? expiry : next);
    }

    private void releaseDueRetries() {
        try {
            retries.releaseDue(config.clock().instant(), workers::submit);
        } catch (RuntimeException e) {
            LOG.error("Could not release due retries", e);
        }
    }

    private List<RecipientOutcome> attempt(OutboundMessage pending) {
        try {
            return config.transport().deliver(pending);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Transport {} threw while delivering {}; treating it as a temporary failure", config.transport(), pending.messageId(), e);
            List<RecipientOutcome> failed = new ArrayList<>();
            for (EmailAddress recipient : pending.recipients()) {
                failed.add(RecipientOutcome.temporary(recipient, null, "transport failed: " + e));
            }
            return failed;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new DirectMailException("DirectMail is closed: no more mail is accepted");
        }
    }

    /** Stops accepting mail, lets the queue drain (bounded by the close timeout), and releases resources. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticker.shutdownNow();
        if (retries.size() > 0) {
            LOG.warn("Closing with {} message(s) waiting for a retry; they will not be attempted", retries.size());
        }
        if (!workers.drainAndStop(config.closeTimeout())) {
            LOG.warn("The delivery queue did not drain within {}; {} message(s) were not attempted", config.closeTimeout(), workers.queued());
        }
        if (config.ownsTransport()) {
            config.transport().close();
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }
}
