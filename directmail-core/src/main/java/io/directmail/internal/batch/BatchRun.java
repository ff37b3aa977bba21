package io.directmail.internal.batch;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.MailType;
import io.directmail.Receipt;
import io.directmail.account.DomainNotVerifiedException;
import io.directmail.account.SenderAddress;
import io.directmail.account.SenderTypeMismatchException;
import io.directmail.account.UnknownSenderAddressException;
import io.directmail.batch.BatchRecord;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.BatchState;
import io.directmail.batch.BatchStateException;
import io.directmail.batch.SenderCheck;
import io.directmail.list.Personalisation;
import io.directmail.list.PersonalisedMessage;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.Reservation;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal, not API: one batch and the virtual thread that sends it. The thread renders the rows
 * one at a time, in order, and sends each through {@code DirectMail}; a row is either queued
 * (and charged to the batch's quota reservation) or refused, and the {@link BatchRecord} counts
 * it. A paused, failed, cancelled or finished batch has no thread; {@link #resume()} starts a new
 * one at the next row.
 *
 * <p>A row that ends with an exception is refused (the row's own problem) or pauses the batch at
 * that row (anything else, such as a closed {@code DirectMail}). A row that ends with any other
 * throwable, an {@link Error} for one, fails the batch: its record says {@link BatchState#FAILED}
 * with the error, so that nobody waits for a batch that no thread sends.
 *
 * <p>One row at a time is "in flight": rendered and handed to {@code DirectMail}, outside the
 * lock. {@link #pause()} and {@link #cancel()} change the state at once, so no further row
 * starts, publish it to the journal, and then wait on a condition until the row in flight is
 * counted; so when they return, the counts are final, and a cancelled batch's reservation can be
 * released without a charge arriving after it. Reading the record never waits. Thread-safe.
 */
public final class BatchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    /** What became of the row in flight. */
    private enum Row { QUEUED, REFUSED, NONE_LEFT }

    private final BatchContext context;
    private final QuotaLedger ledger;
    private final Personalisation personalisation;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    /** Replaced under the lock; read without it. */
    private volatile BatchRecord record;
    /** Set when the owner closes: the thread stops before the next row, leaving the state as it is. */
    private volatile boolean stopping;
    /** Guarded by the lock; null without a ledger, or until the thread finds or makes it. */
    private Reservation reservation;
    /** Guarded by the lock. */
    private Thread runner;
    /** Guarded by the lock. */
    private boolean rowInFlight;

    /**
     * Creates the run of a batch; {@link #startRunner()} starts sending if it is running.
     *
     * @param context what all batches share
     * @param record the batch as it stands
     * @param ledger the account's quota ledger, or null to reserve and charge nothing
     * @param reservation the batch's open reservation, or null to find it (or make one for the
     *     rows left) when the thread starts
     */
    public BatchRun(BatchContext context, BatchRecord record, QuotaLedger ledger, Reservation reservation) {
        this.context = context;
        this.record = record;
        this.ledger = ledger;
        this.reservation = reservation;
        BatchRequest request = record.request();
        this.personalisation = Personalisation.of(context.renderer(), request.template(), request.rows(),
                request.missingVariables()).withSharedVariables(request.sharedVariables());
    }

    /**
     * Asks a sender check whether an account may send batch mail from an address.
     *
     * @return the sender address
     * @throws InvalidMailException if the check refuses, or its address sends trigger mail only
     * @throws IllegalStateException if the check returns nothing
     */
    public static SenderAddress checkSender(SenderCheck check, String account, EmailAddress from) {
        SenderAddress sender = check.check(account, from, MailType.BATCH);
        if (sender == null) {
            throw new IllegalStateException("the sender check returned no sender address for " + from + " of account " + account);
        }
        if (sender.type() != MailType.BATCH) {
            throw new SenderTypeMismatchException(sender.address(), sender.type(), MailType.BATCH);
        }
        return sender;
    }

    /** Returns the batch as it stands now. */
    public BatchRecord record() {
        return record;
    }

    /**
     * Hands the new batch's first record to the journal, before any other record of it.
     *
     * @throws RuntimeException whatever the journal throws: the batch must then not start
     */
    public void journalStart() {
        lock.lock();
        try {
            context.journal().accept(record);
        } finally {
            lock.unlock();
        }
    }

    /** Starts the thread if the batch is running and has none. */
    public void startRunner() {
        lock.lock();
        try {
            if (record.state() == BatchState.RUNNING && runner == null && !stopping) {
                runner = Thread.ofVirtual().name("directmail-batch-" + record.id()).start(this::run);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pauses a running batch: no row starts after this is called, and it returns once the row in
     * flight, if any, is counted (if that row fails the batch, the record returned says so).
     * Pausing a paused or failed batch changes nothing.
     *
     * @return the record after the pause
     * @throws BatchStateException if the batch is cancelled or completed
     */
    public BatchRecord pause() {
        lock.lock();
        try {
            switch (record.state()) {
                case RUNNING -> {
                    update(BatchState.PAUSED, record.queued(), record.refused(), null);
                    publishAroundRowInFlight();
                }
                case PAUSED, FAILED -> { }
                default -> throw new BatchStateException(record.id(), record.state(), "be paused");
            }
            return record;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resumes a paused or failed batch at its next row; a batch paused by a failure, or failed,
     * tries that row again. Resuming a running batch changes nothing.
     *
     * @return the record after the resume
     * @throws BatchStateException if the batch is cancelled or completed
     */
    public BatchRecord resume() {
        lock.lock();
        try {
            switch (record.state()) {
                case PAUSED, FAILED -> {
                    update(BatchState.RUNNING, record.queued(), record.refused(), null);
                    publish();
                    startRunner();
                }
                case RUNNING -> { }
                default -> throw new BatchStateException(record.id(), record.state(), "be resumed");
            }
            return record;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels a running, paused or failed batch: no row starts after this is called; once the row in
     * flight, if any, is counted, the unused part of the reservation is released. Cancelling a
     * cancelled batch changes nothing.
     *
     * @return the record after the cancel
     * @throws BatchStateException if the batch is completed
     */
    public BatchRecord cancel() {
        lock.lock();
        try {
            switch (record.state()) {
                case RUNNING, PAUSED, FAILED -> {
                    update(BatchState.CANCELLED, record.queued(), record.refused(), null);
                    publishAroundRowInFlight();
                    releaseReservation();
                }
                case CANCELLED -> { }
                default -> throw new BatchStateException(record.id(), record.state(), "be cancelled");
            }
            return record;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the thread before its next row without changing the state, so that a running batch
     * is still running in its record, to be taken up after a restart.
     *
     * @return the thread to wait for, or null if there is none
     */
    public Thread stop() {
        stopping = true;
        lock.lock();
        try {
            return runner;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            Iterator<PersonalisedMessage> rows = null;
            BatchMessages messages = null;
            while (beginRow()) {
                RuntimeException failure = null;
                Row row = Row.NONE_LEFT;
                try {
                    if (messages == null) {
                        messages = prepare();
                        rows = personalisation.iterator(record.position());
                    }
                    if (rows.hasNext()) {
                        row = send(rows.next(), messages);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Throwable e) {
                    // Not an exception: nothing says the next try would go better. The batch waits for the application.
                    fail(e);
                    return;
                }
                if (!endRow(row, failure)) {
                    return;
                }
            }
        } finally {
            lock.lock();
            try {
                if (rowInFlight) {
                    // Only a throwable from the counting itself gets here with the row in flight; a pause or
                    // cancel waiting for the row must not hang.
                    rowInFlight = false;
                    idle.signalAll();
                }
                if (runner == Thread.currentThread()) {
                    runner = null;
                }
                if (stopping) {
                    publish();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Marks a row in flight if the batch is to go on; returns false, and gives up being the
     * batch's thread, if it is not. The decision and the giving up happen under one lock, so a
     * resume that comes after it starts a new thread.
     */
    private boolean beginRow() {
        lock.lock();
        try {
            if (record.state() != BatchState.RUNNING || stopping) {
                runner = null;
                return false;
            }
            rowInFlight = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts the row that was in flight and wakes those waiting for it.
     *
     * @param row what became of the row
     * @param failure what stopped the batch, or null
     * @return whether the thread goes on to the next row; if not, it is no longer the batch's thread
     */
    private boolean endRow(Row row, RuntimeException failure) {
        lock.lock();
        try {
            boolean goOn = countRow(row, failure);
            if (!goOn) {
                runner = null;
            }
            return goOn;
        } finally {
            lock.unlock();
        }
    }

    /** Counts the row under the lock; returns whether the thread goes on to the next row. */
    private boolean countRow(Row row, RuntimeException failure) {
        rowInFlight = false;
        idle.signalAll();
        BatchState state = record.state();
        if (failure != null) {
            if (state == BatchState.RUNNING) {
                LOG.warn("Batch {} paused at row {}: {}", record.id(), record.position(), describe(failure), failure);
                update(BatchState.PAUSED, record.queued(), record.refused(), describe(failure));
                publish();
            }
            return false;
        }
        if (row == Row.NONE_LEFT) {
            if (state == BatchState.RUNNING) {
                update(BatchState.COMPLETED, record.queued(), record.refused(), null);
                try {
                    releaseReservation();
                } catch (RuntimeException e) {
                    LOG.error("Batch {} completed, but its unused quota reservation could not be released", record.id(), e);
                }
                publish();
            }
            return false;
        }
        boolean queued = row == Row.QUEUED;
        update(state, record.queued() + (queued ? 1 : 0), record.refused() + (queued ? 0 : 1), null);
        if (record.position() % context.checkpointRows() == 0) {
            publish();
        }
        return true;
    }

    /**
     * Ends the row in flight with the throwable that ended it and fails the batch, unless the
     * application cancelled it meanwhile: a cancelled batch stays cancelled. A batch paused while the
     * row was in flight fails too, so that the error is not lost; its thread is gone either way.
     */
    private void fail(Throwable cause) {
        lock.lock();
        try {
            rowInFlight = false;
            idle.signalAll();
            runner = null;
            BatchState state = record.state();
            if (state == BatchState.RUNNING || state == BatchState.PAUSED) {
                LOG.error("Batch {} failed at row {}; resume it to try the row again, or cancel it", record.id(),
                        record.position(), cause);
                update(BatchState.FAILED, record.queued(), record.refused(), cause.toString());
                publish();
            } else {
                LOG.error("Batch {} was {} when row {} ended with an error", record.id(), state, record.position(), cause);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Checks the sender and makes sure of the reservation; returns how rows become mail. */
    private BatchMessages prepare() {
        BatchRecord batch = record;
        SenderAddress sender = checkSender(context.senderCheck(), batch.account(), batch.request().from());
        lock.lock();
        try {
            int left = batch.request().size() - batch.position();
            if (ledger != null && reservation == null && left > 0) {
                reservation = ledger.reservation(batch.id()).orElseGet(() -> ledger.reserve(batch.id(), left));
            }
        } finally {
            lock.unlock();
        }
        return new BatchMessages(batch, sender.replyTo(), context.unsubscribe(), context.tokens(), context.clock());
    }

    /** Sends one row; returns whether it was queued or refused. */
    private Row send(PersonalisedMessage row, BatchMessages messages) {
        return switch (row) {
            case PersonalisedMessage.Refused refused -> refuse(refused, refused.reason());
            case PersonalisedMessage.Rendered rendered -> {
                Receipt receipt;
                try {
                    receipt = context.sender().send(messages.mail(rendered), currentReservation());
                } catch (InvalidMailException e) {
                    if (!isAboutTheRow(e)) {
                        throw e;
                    }
                    yield refuse(rendered, e);
                }
                Reservation open = currentReservation();
                if (open != null) {
                    // Charged before the row counts as queued: if the charge fails the batch pauses
                    // at this row, and sending it again returns the same receipt to charge.
                    open.charge(receipt.messageId());
                }
                yield Row.QUEUED;
            }
        };
    }

    /**
     * Says whether a refused mail is the row's own problem (its address, its content, its
     * recipient's suppression) rather than the whole batch's, such as a sender address the
     * account may no longer send from, which would refuse every row alike.
     */
    private static boolean isAboutTheRow(InvalidMailException e) {
        return !(e instanceof UnknownSenderAddressException || e instanceof SenderTypeMismatchException
                || e instanceof DomainNotVerifiedException);
    }

    private Row refuse(PersonalisedMessage row, InvalidMailException reason) {
        LOG.info("Batch {}: row {} ({}) refused: {}", record.id(), row.index(), row.recipient().address(), reason.getMessage());
        return Row.REFUSED;
    }

    private Reservation currentReservation() {
        lock.lock();
        try {
            return reservation;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the open reservation, the one held or one the ledger still has under the batch's id. */
    private void releaseReservation() {
        Reservation open = reservation != null ? reservation
                : ledger == null ? null : ledger.reservation(record.id()).orElse(null);
        reservation = null;
        if (open != null) {
            long returned = open.release();
            LOG.debug("Batch {} released {} unused messages of its quota reservation", record.id(), returned);
        }
    }

    /**
     * Publishes a change of state at once, so that a store knows of it even if the process dies
     * before the row in flight is counted; then waits for that row and publishes the final count.
     */
    private void publishAroundRowInFlight() {
        publish();
        if (rowInFlight) {
            awaitIdle();
            publish();
        }
    }

    private void awaitIdle() {
        try {
            long left = context.rowWait().toNanos();
            while (rowInFlight) {
                if (left <= 0) {
                    throw new DirectMailException("batch " + record.id() + " is " + record.state() + " and no further row starts,"
                            + " but its row in flight was not counted within " + context.rowWait());
                }
                left = idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectMailException("interrupted while batch " + record.id() + " finished its row in flight; the batch is "
                    + record.state() + " and no further row starts", e);
        }
    }

    private void update(BatchState state, int queued, int refused, String failure) {
        BatchRecord current = record;
        record = new BatchRecord(current.id(), current.account(), current.request(), state, queued, refused,
                current.createdAt(), failure);
    }

    /** Hands the record to the journal; a journal that fails is logged, since what was sent stays sent. */
    private void publish() {
        try {
            context.journal().accept(record);
        } catch (RuntimeException e) {
            LOG.error("The batch journal failed to take the record of batch {} at row {}", record.id(), record.position(), e);
        }
    }

    private static String describe(RuntimeException failure) {
        return Objects.requireNonNullElse(failure.getMessage(), failure.getClass().getName());
    }
}
