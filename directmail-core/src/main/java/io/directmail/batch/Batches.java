package io.directmail.batch;

import io.directmail.DirectMail;
import io.directmail.DirectMailException;
import io.directmail.InvalidMailException;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.account.SenderTypeMismatchException;
import io.directmail.internal.account.AccountRegistry;
import io.directmail.internal.batch.BatchContext;
import io.directmail.internal.batch.BatchRun;
import io.directmail.internal.batch.BatchSender;
import io.directmail.list.ListLimits;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.Reservation;
import io.directmail.template.TemplateRenderer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches through one {@link DirectMail}: a template to every row of a recipient list, as
 * {@link MailType#BATCH} mail, with one-click unsubscribe.
 *
 * <pre>{@code
 * try (Batches batches = Batches.newBuilder(directMail)
 *         .senderCheck(identities::checkSendable)
 *         .quota(account -> ledgers.get(account))
 *         .unsubscribe(UnsubscribeSettings.of("https://example.com/unsubscribe", secretKey))
 *         .build()) {
 *     BatchProgress started = batches.start("shop-42", BatchRequest.of(news, newsletter, customers));
 *     ...
 *     batches.progress(started.id());
 * }
 * }</pre>
 *
 * <p><b>Starting.</b> {@link #start} checks that the account may send batch mail from the
 * request's address, then reserves quota for every row in the account's ledger, all or nothing:
 * a batch that does not fit under the daily cap is refused with a {@link QuotaExceededException}
 * and nothing is sent. Then a virtual thread of the batch's own renders the rows one at a time,
 * in order (a 10,000-row list is never rendered all at once), and sends each through the
 * {@code DirectMail}, which admits it as {@link DirectMail#send} would: to the row's address alone,
 * from the batch's address (with its reply-to address, if it has one), of the batch's account and
 * tag, with the idempotency key {@code batch-<id>-<row>} and the headers {@code List-Unsubscribe}
 * (HTTPS and, if configured, mailto) and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click},
 * which the DKIM signature covers. Each queued message is charged to the reservation. When the
 * ledger is a {@linkplain io.directmail.account.Account#quota() managed account's}, each row takes
 * its place under the daily cap from the reservation, so a batch that fits the cap exactly is sent
 * whole. The idempotency key only keeps a row from being queued twice: mail sent with
 * {@link DirectMail#send} is charged to the cap like any other, whatever its key.
 *
 * <p><b>Rows.</b> A row is refused, counted, and the batch goes on, when it cannot be rendered
 * (a missing variable under {@link io.directmail.template.MissingVariables#FAIL}, a value that
 * would break the subject), when its recipient is on the suppression list, or when
 * {@code DirectMail} refuses its message for a reason of its own (such as its size). Anything
 * else that stops a row from being queued — {@code DirectMail} closed, the store failing, the
 * sender address no longer allowed, the reservation gone — pauses the batch at that row, with
 * the reason in {@link BatchProgress#failure()}; {@link #resume} tries again. A row ended by a
 * throwable that is not an exception (an {@link Error}, such as an {@link OutOfMemoryError} while it
 * was rendered or a {@link StackOverflowError} in the store) {@linkplain BatchState#FAILED fails}
 * the batch at that row, with the error in {@link BatchProgress#failure()}: it keeps its
 * reservation and waits for {@link #resume} or {@link #cancel}, also after a restart.
 *
 * <p><b>Control.</b> {@link #pause}, {@link #resume} and {@link #cancel} take effect before the
 * next row and return once the row being queued, if any, is counted. Cancelling and completing
 * release what is left of the reservation; pausing and failing keep it.
 *
 * <p><b>Restarts.</b> A batch is described fully by its {@link BatchRecord}: what it sends, its
 * state and its position. The {@linkplain Builder#journal journal} receives the record whenever a
 * batch starts, changes state, passes {@value #CHECKPOINT_ROWS} more rows, or stops because this
 * instance closes; {@link #snapshot()} returns them all at any time. Built again with
 * {@link Builder#restore}, a new instance continues each batch that was running, or paused by a
 * failure, at its position; a batch the application paused stays paused, and a failed one stays
 * failed. Rows that were queued after the stored position are sent again with the same
 * idempotency key, so {@code DirectMail} returns their first receipt instead of queuing them
 * twice, within its idempotency window.
 *
 * <p>Thread-safe; one instance per {@code DirectMail}. {@link #close()} stops the batches'
 * threads (their records keep them running, for a restart); it does not close the
 * {@code DirectMail}, which should be closed after it.
 */
public final class Batches implements AutoCloseable {

    /** How many rows a running batch passes between two records sent to the journal. */
    public static final int CHECKPOINT_ROWS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
    private static final int ID_OCTETS = 10;

    private final DirectMail directMail;
    private final BatchContext context;
    private final ListCheck listCheck;
    private final Function<String, QuotaLedger> ledgers;
    private final Duration closeTimeout;
    private final Consumer<? super String> forgotten;
    private final SecureRandom random = new SecureRandom();
    /** Guards the map and changes of the closed flag, so no batch starts while the instance closes. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Map<String, BatchRun> runs = new LinkedHashMap<>();
    private volatile boolean closed;

    private Batches(Builder builder) {
        this.directMail = builder.directMail;
        this.listCheck = builder.listCheck;
        this.context = new BatchContext(senderOf(builder.directMail), builder.senderCheck, builder.renderer,
                builder.unsubscribe, builder.unsubscribe.tokens(), builder.clock, builder.journal, CHECKPOINT_ROWS,
                builder.closeTimeout);
        this.ledgers = builder.ledgers;
        this.closeTimeout = builder.closeTimeout;
        this.forgotten = builder.forgotten;
    }

    /**
     * Returns a builder of batches that send through a {@code DirectMail}.
     *
     * @param directMail where the batches' messages go
     * @return the builder
     */
    public static Builder newBuilder(DirectMail directMail) {
        return new Builder(Objects.requireNonNull(directMail, "directMail"));
    }

    /**
     * Starts a batch: checks the sender, reserves quota for every row, records the batch and
     * starts sending; returns at once.
     *
     * @param account the account the batch sends for
     * @param request what to send
     * @return the new batch's progress, with its id
     * @throws InvalidMailException if the account id is not valid, or the account may not send
     *     batch mail from the request's address (for example a
     *     {@link SenderTypeMismatchException} for a trigger address), or the {@linkplain
     *     Builder#listCheck list check} refuses the request's rows (for example a
     *     {@link io.directmail.LimitExceededException} naming {@code maxInlineRows} or
     *     {@code maxAddressesPerList})
     * @throws QuotaExceededException if the rows do not fit under the account's daily cap;
     *     nothing is reserved or sent
     * @throws DirectMailException if this instance is closed
     */
    public BatchProgress start(String account, BatchRequest request) {
        Objects.requireNonNull(request, "request");
        Mail.newBuilder().account(account);
        ensureOpen();
        BatchRun.checkSender(context.senderCheck(), account, request.from());
        listCheck.check(account, request);
        String id = newId();
        QuotaLedger ledger = ledgerOf(account);
        Reservation reservation = ledger == null ? null : ledger.reserve(id, request.size());
        BatchRecord record = new BatchRecord(id, account, request, BatchState.RUNNING, 0, 0, context.clock().instant(), null);
        BatchRun run = new BatchRun(context, record, ledger, reservation);
        try {
            register(run);
            // The journal may be slow storage: it runs outside the lock. A close meanwhile stops
            // the run before it starts, and its record says running, as for any batch at close.
            run.journalStart();
        } catch (RuntimeException | Error e) {
            unregister(id);
            if (reservation != null) {
                reservation.release();
            }
            throw e;
        }
        run.startRunner();
        return record.progress();
    }

    /**
     * Returns an intake of the one-click unsubscribes of these batches' messages, as
     * {@link Unsubscribes#Unsubscribes(DirectMail, UnsubscribeSettings, Consumer)} makes, which
     * also counts each unsubscribe in the statistics under the tag of the batch it came from (while
     * this instance knows the batch).
     *
     * @param listener called after each unsubscribe that put an address on its account's list
     * @return the intake
     */
    public Unsubscribes unsubscribes(Consumer<? super Unsubscribe> listener) {
        return new Unsubscribes(directMail, context.unsubscribe(), listener,
                batchId -> find(batchId).map(run -> run.record().request().tag()).orElse(null));
    }

    /**
     * Returns where a batch stands.
     *
     * @param id the batch's id
     * @return its progress, or empty if this instance does not know the id
     */
    public Optional<BatchProgress> progress(String id) {
        Objects.requireNonNull(id, "id");
        return find(id).map(run -> run.record().progress());
    }

    /**
     * Pauses a running batch: no row starts after this call. Returns once the row being queued,
     * if any, is counted; if that row fails the batch, the progress returned is
     * {@link BatchState#FAILED}. Pausing a paused or failed batch changes nothing.
     *
     * @param id the batch's id
     * @return the batch's progress after the pause
     * @throws UnknownBatchException if no batch has the id
     * @throws BatchStateException if the batch is cancelled or completed
     * @throws io.directmail.DirectMailException if the row in flight is not counted within the
     *     {@linkplain Builder#closeTimeout close timeout}; the batch is paused all the same
     */
    public BatchProgress pause(String id) {
        return run(id).pause().progress();
    }

    /**
     * Resumes a paused or failed batch at its next row. A batch paused by a failure, or failed,
     * tries that row again, first checking its sender and its reservation once more (reserving the
     * rows left if the reservation is gone); the row keeps its idempotency key, so if it was queued
     * before it failed, it is not queued twice. Resuming a running batch changes nothing.
     *
     * @param id the batch's id
     * @return the batch's progress after the resume
     * @throws UnknownBatchException if no batch has the id
     * @throws BatchStateException if the batch is cancelled or completed
     * @throws DirectMailException if this instance is closed
     */
    public BatchProgress resume(String id) {
        BatchRun run = run(id);
        lifecycle.lock();
        try {
            ensureOpen();
            return run.resume().progress();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Cancels a running, paused or failed batch: no row starts after this call. Once the row being
     * queued, if any, is counted, the unused part of the batch's quota reservation is released.
     * Messages already queued are delivered. Cancelling a cancelled batch changes nothing.
     *
     * @param id the batch's id
     * @return the batch's progress after the cancel
     * @throws UnknownBatchException if no batch has the id
     * @throws BatchStateException if the batch is completed
     * @throws io.directmail.DirectMailException if the row in flight is not counted within the
     *     {@linkplain Builder#closeTimeout close timeout}; the batch is cancelled all the same
     */
    public BatchProgress cancel(String id) {
        return run(id).cancel().progress();
    }

    /**
     * Drops a cancelled or completed batch, so that it no longer takes memory or appears in
     * {@link #snapshot()}, and tells the {@linkplain Builder#forgotten forgotten sink}, which for
     * {@code DirectMail.batches} removes its stored records.
     *
     * @param id the batch's id
     * @return the batch's last record
     * @throws UnknownBatchException if no batch has the id
     * @throws BatchStateException if the batch is running, paused or failed
     */
    public BatchRecord forget(String id) {
        lifecycle.lock();
        try {
            BatchRecord record = run(id).record();
            if (!record.state().isFinal()) {
                throw new BatchStateException(id, record.state(), "be forgotten until it is cancelled or completed");
            }
            forgotten.accept(id);
            runs.remove(id);
            return record;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Returns the record of every batch this instance knows, oldest first: what a store keeps to
     * {@linkplain Builder#restore restore} them after a restart.
     *
     * @return the records, each as of the moment it was read
     */
    public List<BatchRecord> snapshot() {
        List<BatchRun> all;
        lifecycle.lock();
        try {
            all = List.copyOf(runs.values());
        } finally {
            lifecycle.unlock();
        }
        return all.stream().map(BatchRun::record).sorted(Comparator.comparing(BatchRecord::createdAt)).toList();
    }

    /**
     * Stops every batch's thread before its next row and waits up to the builder's close timeout
     * for them. States are left as they are: a running batch's record says it is running, so a
     * restored instance continues it. Idempotent. The {@code DirectMail} is not closed.
     */
    @Override
    public void close() {
        List<BatchRun> all;
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(runs.values());
        } finally {
            lifecycle.unlock();
        }
        List<Thread> threads = new ArrayList<>();
        for (BatchRun run : all) {
            Thread thread = run.stop();
            if (thread != null) {
                threads.add(thread);
            }
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    LOG.warn("Batch thread {} did not stop within {}; it stops after the row it is queuing", thread.getName(),
                            closeTimeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restore(Collection<BatchRecord> records) {
        for (BatchRecord record : records) {
            if (runs.containsKey(record.id())) {
                throw new IllegalArgumentException("two restored batches have the id " + record.id());
            }
            BatchRecord taken = record;
            if (record.state() == BatchState.PAUSED && record.failure() != null) {
                taken = new BatchRecord(record.id(), record.account(), record.request(), BatchState.RUNNING, record.queued(),
                        record.refused(), record.createdAt(), null);
            }
            QuotaLedger ledger = taken.state().isFinal() ? null : ledgerOf(taken.account());
            runs.put(taken.id(), new BatchRun(context, taken, ledger, null));
        }
    }

    private void register(BatchRun run) {
        lifecycle.lock();
        try {
            ensureOpen();
            runs.put(run.record().id(), run);
        } finally {
            lifecycle.unlock();
        }
    }

    private void unregister(String id) {
        lifecycle.lock();
        try {
            runs.remove(id);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Returns the path the rows take into a {@code DirectMail}: its engine's, which hands each row's
     * batch id to admission beside the mail, so that a managed account's rows take their places
     * from the batch's reservation.
     */
    private static BatchSender senderOf(DirectMail directMail) {
        if (directMail.accounts() instanceof AccountRegistry registry) {
            return registry.batchSender();
        }
        throw new IllegalStateException("the DirectMail's accounts offer no path for batch rows");
    }

    private QuotaLedger ledgerOf(String account) {
        if (ledgers == null) {
            return null;
        }
        // An account without a ledger (not a managed one, say) has no quota to reserve.
        return ledgers.apply(account);
    }

    /** Returns 80 random bits in hex: unique among batches, across instances and restarts, without coordination. */
    private String newId() {
        byte[] octets = new byte[ID_OCTETS];
        random.nextBytes(octets);
        return HexFormat.of().formatHex(octets);
    }

    private Optional<BatchRun> find(String id) {
        lifecycle.lock();
        try {
            return Optional.ofNullable(runs.get(id));
        } finally {
            lifecycle.unlock();
        }
    }

    private BatchRun run(String id) {
        Objects.requireNonNull(id, "id");
        return find(id).orElseThrow(() -> new UnknownBatchException(id));
    }

    private void ensureOpen() {
        if (closed) {
            throw new DirectMailException("Batches is closed: no batch starts or resumes");
        }
    }

    /**
     * Configures {@link Batches}. A sender check and unsubscribe settings are required; the rest
     * has defaults. Each method checks its input at once. Not thread-safe; build once.
     */
    public static final class Builder {

        private final DirectMail directMail;
        private SenderCheck senderCheck;
        private ListCheck listCheck = ListCheck.upTo(ListLimits.DEFAULT);
        private UnsubscribeSettings unsubscribe;
        private Function<String, QuotaLedger> ledgers;
        private TemplateRenderer renderer = new TemplateRenderer();
        private Clock clock = Clock.systemUTC();
        private Consumer<? super BatchRecord> journal = record -> { };
        private Consumer<? super String> forgotten = id -> { };
        private Duration closeTimeout = Duration.ofSeconds(30);
        private final List<BatchRecord> restored = new ArrayList<>();

        private Builder(DirectMail directMail) {
            this.directMail = directMail;
        }

        /**
         * Sets what decides whether an account may send batch mail from an address (required),
         * for example {@code identities::checkSendable}.
         *
         * @param check the check
         * @return this builder
         */
        public Builder senderCheck(SenderCheck check) {
            this.senderCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Sets what decides whether an account may send a batch to its rows (default
         * {@link ListCheck#upTo ListCheck.upTo(ListLimits.DEFAULT)}: at most 100 inline rows, or a
         * list of at most 10,000).
         *
         * @param check the check
         * @return this builder
         */
        public Builder listCheck(ListCheck check) {
            this.listCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Sets the one-click unsubscribe links every batch message carries (required).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder unsubscribe(UnsubscribeSettings settings) {
            this.unsubscribe = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets where each account's quota is kept: batches reserve their rows in the account's
         * ledger before they start and charge each queued message to the reservation. Without it
         * (the default) batches reserve and charge nothing.
         *
         * @param ledgerOfAccount gives the ledger of an account id, or null for an account whose
         *     batches reserve and charge nothing
         * @return this builder
         */
        public Builder quota(Function<String, QuotaLedger> ledgerOfAccount) {
            this.ledgers = Objects.requireNonNull(ledgerOfAccount, "ledgerOfAccount");
            return this;
        }

        /**
         * Sets the renderer, to share its compiled templates with the application (default: a
         * renderer of its own).
         *
         * @param templateRenderer the renderer
         * @return this builder
         */
        public Builder renderer(TemplateRenderer templateRenderer) {
            this.renderer = Objects.requireNonNull(templateRenderer, "renderer");
            return this;
        }

        /**
         * Sets the clock of the records' creation times and the unsubscribe tokens' issue times
         * (default: the system UTC clock).
         *
         * @param time the clock
         * @return this builder
         */
        public Builder clock(Clock time) {
            this.clock = Objects.requireNonNull(time, "clock");
            return this;
        }

        /**
         * Sets where batch records go (default: nowhere): the new record of a batch when it
         * starts, before its first row (if the journal throws, the batch is not started and its
         * reservation is released), and later at each change of state (at once, and again when
         * the row in flight is counted), every {@value Batches#CHECKPOINT_ROWS} rows and when the
         * instance closes (a journal that throws then is logged, since sent rows stay sent).
         * Called from the batches' threads and the threads that pause, resume or cancel them, at
         * most one call per batch at a time.
         *
         * @param sink receives each record
         * @return this builder
         */
        public Builder journal(Consumer<? super BatchRecord> sink) {
            this.journal = Objects.requireNonNull(sink, "journal");
            return this;
        }

        /**
         * Sets what hears of each batch {@linkplain Batches#forget forgotten} (default: nothing), so
         * that whatever kept its records for the {@link #journal journal} can drop them; called
         * before {@code forget} returns, and if it throws, the batch is not forgotten.
         *
         * @param sink receives the forgotten batch's id
         * @return this builder
         */
        public Builder forgotten(Consumer<? super String> sink) {
            this.forgotten = Objects.requireNonNull(sink, "forgotten");
            return this;
        }

        /**
         * Sets how long {@link Batches#close()} waits for the batches' threads, and {@link Batches#pause}
         * and {@link Batches#cancel} for the row in flight to be counted (default 30 seconds).
         *
         * @param timeout the longest wait, not negative
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Adds batches stored before a restart, as {@link Batches#snapshot()} or the journal gave
         * them. Running batches, and batches paused by a failure, continue at their position once
         * built, each checking its sender and finding its reservation again (or reserving the rows
         * left); batches the application paused stay paused and failed ones stay failed, until
         * resumed or cancelled; cancelled and completed ones are kept for
         * {@link Batches#progress}. Restore a batch into one instance only: two instances
         * sending the same batch at once could both queue a row before either has stored it.
         *
         * @param records the stored records
         * @return this builder
         */
        public Builder restore(Collection<BatchRecord> records) {
            Objects.requireNonNull(records, "records");
            for (BatchRecord record : records) {
                restored.add(Objects.requireNonNull(record, "record"));
            }
            return this;
        }

        /**
         * Builds the instance and starts the restored batches that are running.
         *
         * @return the instance
         * @throws IllegalStateException if no sender check or unsubscribe settings were given
         * @throws IllegalArgumentException if two restored records have one id
         */
        public Batches build() {
            if (senderCheck == null) {
                throw new IllegalStateException("a sender check is required: call senderCheck(...), e.g. with identities::checkSendable");
            }
            if (unsubscribe == null) {
                throw new IllegalStateException("unsubscribe settings are required: call unsubscribe(...); batch mail must offer one-click unsubscribe");
            }
            Batches batches = new Batches(this);
            batches.restore(restored);
            batches.runs.values().forEach(BatchRun::startRunner);
            return batches;
        }
    }
}
