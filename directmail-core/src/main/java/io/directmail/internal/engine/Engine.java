package io.directmail.internal.engine;

import io.directmail.DeliveryEvent;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.LimitExceededException;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.MessagePage;
import io.directmail.MessageQuery;
import io.directmail.MessageStatus;
import io.directmail.Receipt;
import io.directmail.RecipientStatus;
import io.directmail.SuppressedRecipientException;
import io.directmail.Suppression;
import io.directmail.UnsubscribeEvent;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.account.AccountRegistry;
import io.directmail.internal.compose.ComposedMessage;
import io.directmail.internal.compose.MimeComposer;
import io.directmail.internal.dkim.DkimSigner;
import io.directmail.internal.query.MessageCursor;
import io.directmail.internal.stats.StatisticsQueries;
import io.directmail.internal.stats.StatisticsRecorder;
import io.directmail.internal.stats.StoredStatistics;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.Reservation;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code DirectMail}: admits a mail (limits, suppression, idempotency),
 * composes and signs it, stores it, and hands it to the delivery workers, which record each
 * recipient's outcome in the store, schedule retries and tell the listeners.
 *
 * <p>The store is the queue. The engine holds in memory only the messages it has claimed from it
 * (a bounded window per lane); a scheduler tick claims what is due (new mail that did not fit the
 * window, retries, scheduled mail, and at start what an earlier run left), renews the claims it
 * holds, and releases them at close. Several engines may share one store's storage: each delivers
 * only what it claimed. Thread-safe.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final int CLAIM_BATCH = 512;
    /** How far ahead a message postponed for a busy destination may be due and still wait in memory. */
    private static final Duration HOLD_POSTPONED_UP_TO = Duration.ofSeconds(2);

    private final EngineConfig config;
    private final MailStore store;
    private final Unsubscriptions unsubscriptions;
    private final MimeComposer composer = new MimeComposer();
    private final Signers signers;
    private final MessageIds ids;
    private final Listeners listeners;
    private final StatisticsRecorder statistics;
    private final StoredStatistics storedStatistics;
    private final StatisticsQueries statisticsQueries;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final DeliveryWorkers workers;
    private final ClaimedMessages claimed;
    /** Admissions in flight by idempotency key; once stored, the store answers for the key. */
    private final ConcurrentHashMap<String, CompletableFuture<Receipt>> admitting = new ConcurrentHashMap<>();
    private final AtomicBoolean feedQueued = new AtomicBoolean();
    private final AtomicBoolean statisticsFlushing = new AtomicBoolean();
    /** The earliest wake-up scheduled for in-memory retries, or null. */
    private final AtomicReference<Instant> nextWake = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once close has drained the queue: no more claims. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Held for reading while a mail is admitted, for writing while closing: no admission slips past close. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    /** Claimed messages waiting in memory: retries the store could not record. */
    private final RetryQueue retries = new RetryQueue();
    private final ScheduledExecutorService ticker;

    /** Builds an engine that counts into the given statistics, takes up the store's pending messages and starts delivering. */
    public Engine(EngineConfig config, StatisticsRecorder statistics) {
        this.config = config;
        this.statistics = statistics;
        this.store = config.store();
        this.unsubscriptions = new Unsubscriptions(store);
        this.storedStatistics = new StoredStatistics(store, statistics, config.clock().instant());
        storedStatistics.noteStoredNames();
        this.statisticsQueries = new StatisticsQueries(statistics, storedStatistics);
        this.signers = new Signers(config.dkimKeys());
        this.ids = new MessageIds(config.clock());
        this.listeners = new Listeners(config.listeners());
        this.ownsExecutor = config.executor() == null;
        this.executor = ownsExecutor ? Executors.newVirtualThreadPerTaskExecutor() : config.executor();
        this.claimed = new ClaimedMessages(windowFor(config.deliveryConcurrency()), config.claimLease());
        int reserved = config.deliveryConcurrency() == 1 ? 0 : Math.max(1, config.deliveryConcurrency() / 8);
        this.workers = new DeliveryWorkers(executor, config.deliveryConcurrency(), reserved, this::deliver);
        try {
            this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("directmail-scheduler").factory());
            long tick = config.schedulerTick().toNanos();
            ticker.scheduleWithFixedDelay(this::feed, 0, tick, TimeUnit.NANOSECONDS);
        } catch (RuntimeException | Error e) {
            workers.drainAndStop(Duration.ZERO);
            if (ownsExecutor) {
                executor.shutdownNow();
            }
            throw e;
        }
    }

    /**
     * Hands the statistics to the store, when due, on the executor rather than the scheduler: a
     * slow store must not hold up claims and renewals. One flush at a time.
     */
    private void flushStatisticsIfDue(Instant now) {
        if (!statisticsFlushing.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    storedStatistics.flushIfDue(now);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store the statistics; trying again later", e);
                } finally {
                    statisticsFlushing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            statisticsFlushing.set(false);
        }
    }

    /** Enough claimed messages per lane to keep every worker busy between two claims. */
    private static int windowFor(int concurrency) {
        return (int) Math.min(65_536, Math.max(1_024L, 16L * concurrency));
    }

    /**
     * Runs on the scheduler: renews the claims held, hands due in-memory retries to the workers,
     * and claims due messages from the store while the lanes have room, trigger mail first.
     */
    private void feed() {
        feedQueued.set(false);
        try {
            Instant now = config.clock().instant();
            claimed.renewIfDue(store, now);
            retries.releaseDue(now, workers::submit);
            claimAllDue(now);
            flushStatisticsIfDue(now);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.error("Could not take up due messages from the store; trying again at the next tick", e);
        }
    }

    private boolean claimDue(MailType lane, Instant now) {
        int room;
        boolean any = false;
        while (!stopping.get() && (room = claimed.room(lane)) > 0) {
            int asked = Math.min(room, CLAIM_BATCH);
            List<StoredMessage> due = store.claimDue(lane, now, asked, claimed.leaseFrom(now));
            for (StoredMessage message : due) {
                QueuedMessage queued = new QueuedMessage(message);
                if (claimed.hold(queued)) {
                    workers.submit(queued);
                    any = true;
                } else {
                    // Claimed again while its earlier copy was being let go: give the claim back so
                    // that a later tick takes it up, rather than leave it leased and idle.
                    store.releaseClaims(List.of(message.messageId()));
                }
            }
            if (due.size() < asked) {
                break;
            }
        }
        return any;
    }

    /** Claims what is due at {@code now} in both lanes; returns true if anything new was claimed. */
    private boolean claimAllDue(Instant now) {
        boolean trigger = claimDue(MailType.TRIGGER, now);
        return claimDue(MailType.BATCH, now) | trigger;
    }

    /**
     * Puts a message back in the store, unclaimed, until a later time, without an attempt: used for
     * an account at its rate, whose waiting mail must not fill the in-memory window and hold back
     * other accounts. If the store refuses, the message waits in memory instead.
     */
    private void postponeInStore(QueuedMessage queued, Instant due) {
        Instant expiry = expiryOf(queued);
        Instant at = due.isAfter(expiry) ? expiry : due;
        try {
            store.update(queued.dueAt(at));
        } catch (IllegalStateException | IllegalArgumentException e) {
            dropConflicting(queued, e, List.of());
            return;
        } catch (RuntimeException e) {
            LOG.error("Could not put {} back in the store until {}; it waits in memory", queued.id(), at, e);
            holdInMemory(queued, at);
            return;
        }
        letGo(queued);
    }

    /**
     * Keeps a claimed message in memory until it is due. A time sooner than the next tick gets a
     * wake-up of its own, so a message postponed for a busy destination by milliseconds waits
     * milliseconds, not a whole tick.
     */
    private void holdInMemory(QueuedMessage queued, Instant due) {
        retries.add(queued, due);
        wakeAt(due);
    }

    private void wakeAt(Instant due) {
        long delay = Math.max(0, Duration.between(config.clock().instant(), due).toNanos());
        if (delay >= config.schedulerTick().toNanos() || stopping.get()) {
            return;
        }
        Instant pending;
        do {
            pending = nextWake.get();
            if (pending != null && !pending.isAfter(due)) {
                return;
            }
        } while (!nextWake.compareAndSet(pending, due));
        try {
            ticker.schedule(() -> {
                nextWake.compareAndSet(due, null);
                retries.releaseDue(config.clock().instant(), workers::submit);
                Instant next = retries.earliest();
                if (next != null) {
                    wakeAt(next);
                }
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            nextWake.compareAndSet(due, null);
        }
    }

    /** Asks the scheduler to claim more soon, once: a lane's window has room again. */
    private void feedSoon() {
        if (!stopping.get() && feedQueued.compareAndSet(false, true)) {
            try {
                ticker.execute(this::feed);
            } catch (RejectedExecutionException e) {
                feedQueued.set(false);
            }
        }
    }

    /** Admits, composes, signs and stores a mail; returns once it is stored. */
    public Receipt send(Mail mail) {
        return send(mail, (Reservation) null);
    }

    /**
     * Like {@link #send(Mail)}, for a row of a batch: admission takes the row's place under the
     * account's daily cap from the quota reservation the batch holds.
     *
     * @param mail the row's mail
     * @param batchPlace the batch's open reservation, or null for mail that is not a batch row
     */
    public Receipt send(Mail mail, Reservation batchPlace) {
        ensureOpen();
        String key = storedKeyOf(mail);
        if (key == null) {
            return admit(mail, batchPlace);
        }
        CompletableFuture<Receipt> mine = new CompletableFuture<>();
        CompletableFuture<Receipt> first = admitting.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return first.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Instant windowStart = config.clock().instant().minus(config.idempotencyWindow());
            Receipt receipt = store.findByIdempotencyKey(key, windowStart).map(Engine::receiptOf)
                    .orElseGet(() -> admitKeyed(mail, batchPlace, key, windowStart));
            mine.complete(receipt);
            return receipt;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            admitting.remove(key, mine);
        }
    }

    /**
     * Admits a mail with an idempotency key. When admission refuses it (the last place under the
     * cap, say) because another node is storing a mail of the same key this very moment, the
     * answer is that mail's receipt, as it would be a moment later.
     */
    private Receipt admitKeyed(Mail mail, Reservation batchPlace, String key, Instant windowStart) {
        try {
            return admit(mail, batchPlace);
        } catch (InvalidMailException | QuotaExceededException refused) {
            Optional<StoredMessage> earlier = store.findByIdempotencyKey(key, windowStart);
            if (earlier.isPresent()) {
                return receiptOf(earlier.get());
            }
            throw refused;
        }
    }

    /**
     * {@return the key a mail's idempotency key is stored under: scoped by its account, so that
     * two accounts using one key never see each other's message; null without a key}
     */
    static String storedKeyOf(Mail mail) {
        return mail.idempotencyKey().map(key -> mail.account() + ":" + key).orElse(null);
    }

    private static Receipt receiptOf(StoredMessage stored) {
        return new Receipt(stored.messageId(), stored.acceptedAt(), stored.recipients().stream().map(RecipientStatus::recipient).toList());
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

    /** Returns the status of a message, from memory while it is being delivered, else from the store. */
    public Optional<MessageStatus> status(String messageId) {
        QueuedMessage message = claimed.get(messageId);
        if (message != null) {
            return Optional.of(message.snapshot());
        }
        return store.find(messageId).map(QueuedMessage::status);
    }

    /**
     * Lists a page of messages from the store; a message this engine is delivering shows as it
     * stands in memory, as in {@link #status}.
     */
    public MessagePage messages(MessageQuery query) {
        List<StoredMessage> found = store.messages(query);
        int size = Math.min(found.size(), query.limit());
        List<MessageStatus> page = new ArrayList<>(size);
        for (StoredMessage stored : found.subList(0, size)) {
            QueuedMessage delivering = claimed.get(stored.messageId());
            page.add(delivering != null ? delivering.snapshot() : QueuedMessage.status(stored));
        }
        String next = null;
        if (found.size() > size && size > 0) {
            StoredMessage last = found.get(size - 1);
            next = MessageCursor.encode(new MessageQuery.Position(last.acceptedAt(), last.messageId()));
        }
        return new MessagePage(page, next);
    }

    /** Returns the engine's clock. */
    public Clock clock() {
        return config.clock();
    }

    /** Returns the store this engine keeps its mail in. */
    public MailStore store() {
        return store;
    }

    /**
     * Returns the delivery statistics: the store's totals, shared by every engine on the store,
     * with what this engine counted that the store does not hold yet.
     */
    public DeliveryStatistics statistics() {
        return statisticsQueries;
    }

    /**
     * Tells the statistics and the listeners that a recipient unsubscribed. Whoever takes in the
     * unsubscribe calls this once it is recorded; it changes no message's status and does not
     * touch the suppression list.
     */
    public void unsubscribed(UnsubscribeEvent event) {
        Objects.requireNonNull(event, "event");
        statistics.unsubscribed(event);
        listeners.publishUnsubscribe(event);
    }

    /**
     * Puts an address on an account's own unsubscribe list, which holds back that account's batch
     * mail to it, and tells the statistics and the listeners the first time.
     *
     * @param tag the statistics tag of the mail it came through, or null
     * @return the entry in force
     */
    public Suppression unsubscribe(String account, EmailAddress address, String tag, String detail) {
        Instant now = config.clock().instant();
        Unsubscriptions.Added added = unsubscriptions.add(account, address, now, detail);
        if (added.added()) {
            unsubscribed(new UnsubscribeEvent(address, account, null, tag, now, added.entry().detail()));
        }
        return added.entry();
    }

    /** Returns an account's unsubscribe entry of an address, if it has one. */
    public Optional<Suppression> unsubscribed(String account, EmailAddress address) {
        return unsubscriptions.find(account, address);
    }

    /** Returns an account's unsubscribe list, oldest first. */
    public List<Suppression> unsubscribes(String account) {
        return unsubscriptions.list(account);
    }

    /** Takes an address off an account's unsubscribe list; returns true if it was on it. */
    public boolean resubscribe(String account, EmailAddress address) {
        return unsubscriptions.remove(account, address);
    }

    /** Returns the suppression list of this engine. */
    public List<Suppression> suppressions() {
        return store.suppressions();
    }

    /** Returns the suppression entry of an address, if it has one. */
    public Optional<Suppression> suppression(EmailAddress address) {
        return store.findSuppression(address);
    }

    /** Adds an address to the suppression list for a reason, as of now; returns the entry in force. */
    public Suppression suppress(EmailAddress address, Suppression.Reason reason, String detail) {
        return store.addSuppression(new Suppression(address, reason, config.clock().instant(), detail));
    }

    /** Removes an address from the suppression list; returns true if it was on it. */
    public boolean unsuppress(EmailAddress address) {
        return store.removeSuppression(address);
    }

    private Receipt admit(Mail mail, Reservation batchPlace) {
        admission.readLock().lock();
        try {
            ensureOpen();
            return admitOpen(mail, batchPlace);
        } finally {
            admission.readLock().unlock();
        }
    }

    private Receipt admitOpen(Mail mail, Reservation batchPlace) {
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
        // The account and its sender first: mail they refuse is counted nowhere.
        String messageId = ids.next(mail.from().domain());
        AccountRegistry.Admission ticket = config.accounts().admit(mail, messageId, batchPlace);
        Stored stored;
        try {
            Map<EmailAddress, Suppression> suppressed = suppressions(mail);
            if (suppressed.size() == recipients.size()) {
                statistics.requested(mail.account(), mail.tag().orElse(null), now, recipients, suppressed);
                throw new SuppressedRecipientException(recipients.stream().map(suppressed::get).toList());
            }
            stored = store(mail, messageId, now, notBefore, suppressed, ticket.dkimKeys());
        } catch (RuntimeException | Error e) {
            ticket.refused();
            throw e;
        }
        if (!stored.added()) {
            // Another node stored a message with this idempotency key meanwhile: that one counts.
            ticket.refused();
            return stored.receipt();
        }
        ticket.accepted(messageId);
        return stored.receipt();
    }

    /** {@return the recipients that are not to be mailed: suppressed, or unsubscribed from the account's batch mail} */
    private Map<EmailAddress, Suppression> suppressions(Mail mail) {
        Map<EmailAddress, Suppression> suppressed = new HashMap<>();
        for (EmailAddress recipient : mail.recipients()) {
            Optional<Suppression> entry = store.findSuppression(recipient);
            if (entry.isEmpty() && mail.type() == MailType.BATCH) {
                entry = unsubscriptions.find(mail.account(), recipient);
            }
            entry.ifPresent(found -> suppressed.put(recipient, found));
        }
        return suppressed;
    }

    /**
     * What storing a mail came to.
     *
     * @param receipt the receipt of the message stored, or of the one stored earlier with its key
     * @param added false when a message with the mail's idempotency key was stored first, elsewhere
     */
    private record Stored(Receipt receipt, boolean added) {
    }

    /** Composes, signs and stores an admitted mail, tells the listeners, and hands it to a worker if it is due. */
    private Stored store(Mail mail, String messageId, Instant now, Instant notBefore, Map<EmailAddress, Suppression> suppressed,
            List<DkimKey> accountKeys) {
        List<EmailAddress> recipients = mail.recipients();
        ComposedMessage composed = composer.compose(mail, messageId, now, config.clock().getZone());
        DkimSigner signer = accountKeys.isEmpty() ? signers.forDomain(mail.from().domain()) : signers.forKeys(accountKeys);
        byte[] content = signer == null ? composed.content() : signer.sign(composed.content(), now);
        if (content.length > config.limits().maxMessageBytes()) {
            throw new LimitExceededException("maxMessageBytes", config.limits().maxMessageBytes(), content.length);
        }
        List<RecipientStatus> statuses = new ArrayList<>(recipients.size());
        for (EmailAddress recipient : recipients) {
            Suppression suppression = suppressed.get(recipient);
            statuses.add(suppression == null
                    ? new RecipientStatus(recipient, DeliveryStatus.QUEUED, 0, null, null, "queued", now)
                    : new RecipientStatus(recipient, DeliveryStatus.SUPPRESSED, 0, null, null,
                            "on the suppression list (" + suppression.reason() + " since " + suppression.since() + ")", now));
        }
        StoredMessage stored = new StoredMessage(messageId, now, mail.from(), statuses, notBefore != null ? notBefore : now,
                mail.tag().orElse(null), storedKeyOf(mail), content.length, composed.smtpUtf8(),
                composed.eightBit(), mail.type(), notBefore, mail.account());
        // Deliver it at once when it is due and its lane has room; otherwise a later claim takes it up.
        boolean deliverNow = notBefore == null && claimed.hasRoom(mail.type());
        Instant leaseUntil = deliverNow ? claimed.leaseFrom(now) : null;
        if (stored.idempotencyKey() == null) {
            store.add(stored, content, leaseUntil);
        } else {
            Optional<StoredMessage> earlier = store.addUnlessKeyed(stored, content, leaseUntil, now.minus(config.idempotencyWindow()));
            if (earlier.isPresent()) {
                return new Stored(receiptOf(earlier.get()), false);
            }
        }
        statistics.requested(mail.account(), mail.tag().orElse(null), now, recipients, suppressed);
        // Tell the listeners before a worker can see the message, so QUEUED always precedes its outcome.
        for (RecipientStatus status : statuses) {
            listeners.publish(eventOf(stored, status));
        }
        if (deliverNow) {
            QueuedMessage queued = new QueuedMessage(stored);
            claimed.hold(queued);
            workers.submit(queued);
        }
        return new Stored(new Receipt(messageId, now, recipients), true);
    }

    private void deliver(QueuedMessage queued) {
        List<EmailAddress> pending = queued.pendingRecipients();
        if (pending.isEmpty()) {
            // Only a message whose final state could not be stored comes back here: store it now.
            finish(queued, queued.state(), new ArrayList<>());
            return;
        }
        Instant now = config.clock().instant();
        Instant accountWait = config.accountRates().admit(queued.state().account(), queued.type(), now);
        if (accountWait != null) {
            // The account is at its rate: no attempt, the message comes back when a token is there.
            postponeInStore(queued, accountWait);
            return;
        }
        List<RecipientOutcome> outcomes = attempt(queued, pending);
        Set<EmailAddress> answered = new HashSet<>();
        List<RecipientOutcome> all = new ArrayList<>(outcomes);
        for (RecipientOutcome outcome : outcomes) {
            answered.add(outcome.recipient());
        }
        for (EmailAddress recipient : pending) {
            if (!answered.contains(recipient)) {
                all.add(RecipientOutcome.temporary(recipient, null, "the transport reported no outcome for this recipient"));
            }
        }
        Instant attemptedAt = config.clock().instant();
        List<DeliveryEvent> events = new ArrayList<>();
        Set<EmailAddress> recorded = new HashSet<>();
        Postponement postponement = Postponement.of(all);
        for (RecipientOutcome outcome : postponement.attempted()) {
            if (!pending.contains(outcome.recipient())) {
                LOG.warn("Transport reported an outcome for {}, who is not a pending recipient of {}", outcome.recipient(), queued.id());
                continue;
            }
            if (!recorded.add(outcome.recipient())) {
                LOG.warn("Transport reported a second outcome for {} of {}; the first counts", outcome.recipient(), queued.id());
                continue;
            }
            RecipientStatus status = queued.record(outcome, attemptedAt);
            statistics.outcome(queued.state(), status, outcome.isInvalidAddress());
            if (outcome.isInvalidAddress()) {
                suppress(new Suppression(outcome.recipient(), Suppression.Reason.HARD_BOUNCE, attemptedAt, outcome.detail()));
            }
            events.add(eventOf(queued, status));
        }
        if (queued.pendingRecipients().isEmpty()) {
            finish(queued, queued.dueAt(null), events);
        } else {
            // Timed from the attempt's start: an attempt begun inside the lifetime is not taken for
            // one after it because its answer came later (a slow server, a busy machine).
            scheduleRetry(queued, now, events, postponement);
        }
    }

    /**
     * Puts a message with deferred or postponed recipients back in line, or gives up when its
     * lifetime is over. When no recipient's status changed (every one was postponed) and the message
     * is due again within seconds, nothing is stored.
     */
    private void scheduleRetry(QueuedMessage queued, Instant now, List<DeliveryEvent> events, Postponement postponement) {
        int attempts = queued.attempts();
        Instant expiry = expiryOf(queued);
        if (!now.isBefore(expiry)) {
            String detail = "gave up after " + attempts + " attempt(s) over " + config.retryPolicy().lifetime();
            for (RecipientStatus status : queued.expire(now, detail)) {
                statistics.outcome(queued.state(), status, false);
                events.add(eventOf(queued, status));
            }
            finish(queued, queued.state(), events);
            return;
        }
        Instant next = postponement.nextAttempt(now, attempts, config.retryPolicy());
        Instant due = next.isAfter(expiry) ? expiry : next;
        if (events.isEmpty() && postponement.postponed() && !due.isAfter(now.plus(HOLD_POSTPONED_UP_TO))) {
            // Soon due again: keep it claimed in memory rather than write to the store. A longer
            // wait goes back to the store, so postponed mail to one slow destination cannot fill
            // the window and hold back mail to the others.
            holdInMemory(queued, due);
            return;
        }
        StoredMessage progress = queued.dueAt(due);
        try {
            store.update(progress);
        } catch (IllegalStateException | IllegalArgumentException e) {
            dropConflicting(queued, e, events);
            return;
        } catch (RuntimeException e) {
            // Keep the claim and retry from memory; the next attempt stores its own outcome. Until
            // then the store has the previous state, which a restart would retry too.
            LOG.error("Could not store the outcome of an attempt of {}; it stays queued for {}", queued.id(), due, e);
            holdInMemory(queued, due);
            events.forEach(listeners::publish);
            return;
        }
        // The store has it again, unclaimed until it is due.
        letGo(queued);
        events.forEach(listeners::publish);
    }

    /**
     * Stores the final state of a message whose every recipient has a final status (the store may
     * then release its content) and tells the listeners. If the store refuses, the message stays
     * in line and storing is tried again after the first retry delay.
     */
    private void finish(QueuedMessage queued, StoredMessage last, List<DeliveryEvent> events) {
        try {
            store.update(last);
        } catch (IllegalStateException | IllegalArgumentException e) {
            dropConflicting(queued, e, events);
            return;
        } catch (RuntimeException e) {
            Instant again = config.clock().instant().plus(config.retryPolicy().delayBefore(1));
            LOG.error("Could not store the final state of {}; trying again at {}", queued.id(), again, e);
            holdInMemory(queued, again);
            events.forEach(listeners::publish);
            return;
        }
        letGo(queued);
        events.forEach(listeners::publish);
    }

    /**
     * Lets go of a message the store refused to update because its stored state is not the one this
     * engine worked from (another node finished it after this node's claim lapsed): the stored
     * outcome stands, and this copy is neither retried nor reported.
     */
    private void dropConflicting(QueuedMessage queued, RuntimeException refusal, List<DeliveryEvent> events) {
        LOG.warn("The store refused the outcome of {} ({}); another node has taken it over, so this copy is dropped"
                + " and {} event(s) of it are not reported", queued.id(), refusal.getMessage(), events.size());
        letGo(queued);
    }

    /** {@return when the retry policy gives up on a message: its lifetime after it became deliverable} */
    private Instant expiryOf(QueuedMessage queued) {
        return queued.state().deliverableFrom().plus(config.retryPolicy().lifetime());
    }

    private void letGo(QueuedMessage queued) {
        if (claimed.letGo(queued)) {
            feedSoon();
        }
    }

    private void suppress(Suppression entry) {
        try {
            store.addSuppression(entry);
        } catch (RuntimeException e) {
            LOG.error("Could not put {} on the suppression list after a hard bounce", entry.address(), e);
        }
    }

    private static DeliveryEvent eventOf(QueuedMessage queued, RecipientStatus status) {
        return eventOf(queued.state(), status);
    }

    private static DeliveryEvent eventOf(StoredMessage state, RecipientStatus status) {
        return new DeliveryEvent(status.status(), state.messageId(), status.recipient(), status.updatedAt(), status.attempts(),
                status.lastReply(), status.remoteHost(), status.detail(), state.account(), state.tag());
    }

    private List<RecipientOutcome> attempt(QueuedMessage queued, List<EmailAddress> pending) {
        try {
            StoredMessage state = queued.state();
            OutboundMessage message = new OutboundMessage(state.messageId(), state.returnPath(), pending,
                    store.content(state.messageId()), state.smtpUtf8(), state.eightBit(), state.type());
            return config.transport().deliver(message);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Delivery attempt of {} through {} failed; treating it as a temporary failure", queued.id(), config.transport(), e);
            List<RecipientOutcome> failed = new ArrayList<>();
            for (EmailAddress recipient : pending) {
                failed.add(RecipientOutcome.temporary(recipient, null, "transport failed: " + e));
            }
            return failed;
        }
    }

    /**
     * Delivers everything due until nothing is left but retries for later, or the deadline passes:
     * keeps claiming from the store, since most of a long queue waits there rather than in memory.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @return true if the queue drained in time
     */
    private boolean drain(long deadline) {
        while (true) {
            long seen = claimed.changes();
            boolean claimedMore = claimAllDue(config.clock().instant());
            if (!claimedMore && claimed.size() <= retries.size()) {
                return true;
            }
            if (!claimed.awaitChangeAfter(seen, deadline)) {
                return false;
            }
        }
    }

    private boolean awaitTicker() {
        try {
            return ticker.awaitTermination(SHUTDOWN_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives the claims this engine still holds back to the store, so another node need not wait for their leases. */
    private void releaseClaims() {
        List<String> held = claimed.ids();
        if (held.isEmpty()) {
            return;
        }
        try {
            store.releaseClaims(held);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the claims on {} message(s); other nodes take them over when their leases end",
                    held.size(), e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new DirectMailException("DirectMail is closed: no more mail is accepted");
        }
    }

    /**
     * Stops accepting mail, lets the queue drain (bounded by the close timeout), and releases
     * resources. Messages waiting for a retry or a scheduled time stay in the store for the next start.
     */
    @Override
    public void close() {
        admission.writeLock().lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        } finally {
            admission.writeLock().unlock();
        }
        try {
            long deadline = System.nanoTime() + config.closeTimeout().toNanos();
            boolean drained = false;
            try {
                drained = drain(deadline);
            } catch (RuntimeException e) {
                LOG.error("Could not drain the queue at close; what is left stays in the store", e);
            } finally {
                stopping.set(true);
                ticker.shutdownNow();
                // A tick still running may have claimed more: let it hand them to the lanes first,
                // so that the workers, which stop once the lanes are empty, deliver them too.
                awaitTicker();
            }
            long left = Math.max(0, deadline - System.nanoTime());
            if (!workers.drainAndStop(drained ? Duration.ofNanos(left) : Duration.ZERO) || !drained) {
                LOG.warn("The delivery queue did not drain within {}; the messages not attempted stay in the store",
                        config.closeTimeout());
            }
        } finally {
            try {
                if (config.ownsTransport()) {
                    // Closing the transport ends any attempt still running, so no worker outlives the store.
                    config.transport().close();
                }
            } finally {
                boolean workersStopped = workers.awaitStopped(SHUTDOWN_GRACE);
                boolean tickerStopped = awaitTicker();
                if (workersStopped && tickerStopped) {
                    releaseClaims();
                } else {
                    // An attempt (or a claim) may still be running: its claims lapse on their own, so
                    // no other node takes over a message this one is still delivering.
                    LOG.warn("Delivery did not stop within {}; the claims held are left to lapse", SHUTDOWN_GRACE);
                }
                try {
                    int left = storedStatistics.flush();
                    if (left > 0) {
                        LOG.error("Could not store the last statistics at close: the counts of {} rows are lost", left);
                    }
                } catch (RuntimeException e) {
                    LOG.error("Could not store the last statistics at close", e);
                }
                try {
                    if (config.ownsStore()) {
                        store.close();
                    }
                } finally {
                    if (ownsExecutor) {
                        executor.shutdownNow();
                    }
                }
            }
        }
    }
}
