package io.directmail.internal.account;

import io.directmail.DirectMailException;
import io.directmail.internal.account.ModelVersion.RecordKey;
import io.directmail.internal.account.ModelVersion.Writer;
import io.directmail.internal.codec.ModelVersionCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's copy of the accounts' model in step with the store that several nodes share,
 * and orders the changes of all the nodes, so that every rule (limits, a domain tree belonging to
 * one account) holds for all of them together, not only for each one's memory.
 *
 * <h2>The version record</h2>
 * One small record ({@link ModelVersion}) says how many changes the model has had, which records
 * the latest {@value ModelVersion#RECENT_CHANGES} of them touched, and whether a change is being
 * written now, by whom and until when (its lease). Every change writes exactly one record of the
 * model (an account, a domain, a sender address, a template or a list).
 *
 * <h2>Seeing the other nodes' changes</h2>
 * A node keeps the number of the version its memory is at. At most once per refresh interval (by
 * the injected clock), and at once when a lookup misses, it reads the version record: one read.
 * When the number moved on, it reads again just the records the changes touched and puts them in
 * place (the whole model when it is further behind than the record names). Mail is checked
 * against memory: the send path never waits for the store except for that one read per interval.
 *
 * <h2>Making a change</h2>
 * <ol>
 *   <li>Read the version record; while another node is writing a change, read it again (its
 *       lease bounds the wait; one whose lease ended is taken over, see below).</li>
 *   <li>Bring memory to that version, then check the change's rule against it and make the change
 *       in memory.</li>
 *   <li>Take the record for writing: compare-and-set it from exactly what was read to the same
 *       version with this change as its writer. If another node got in first, undo the change in
 *       memory and start again from 1 (at most {@value #MAX_ATTEMPTS} times): the rule is then
 *       checked again against the model with the other node's change in it.</li>
 *   <li>Write the change's record.</li>
 *   <li>Release: compare-and-set the version record to the next number, naming the record written.</li>
 * </ol>
 * Since nothing changes the model between a successful step 3 and step 5, the rule checked in
 * step 2 held for the whole model when the record was written. The record is written before the
 * number moves on, so a node that sees the new number and reads the record always finds the
 * change in it. The change's own record is never written before the change holds the version
 * record: a change that loses the race leaves nothing in the store for another node to read.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>A change refused by its rule, or whose take fails, wrote nothing.</li>
 *   <li>A write the store refuses is undone in memory, and the version still moves on naming
 *       the record (the write may have reached the store after all), so every node reads the
 *       record as the store has it; this node too, at its next check.</li>
 *   <li>A node that dies between steps 3 and 5 leaves a writer in the version record. Once its
 *       lease has ended, the next node to change the model takes it over: it moves the number on,
 *       naming the abandoned change's record, so every node reads that record as it is, written or
 *       not. Either is consistent: the change had passed its rule with the model held.</li>
 *   <li>A writer that finds in step 5 that its lease was taken over (it stalled past its lease)
 *       moves the number on once more for its record, so that no node keeps a version of the
 *       record other than the store's.</li>
 * </ul>
 * Nodes' clocks must agree to well within the lease, as the store's claims already require.
 *
 * <p>Thread-safe. One lock orders this node's changes and refreshes; lookups never take it.
 */
public final class ModelSync {

    /** How often a change is tried again when other nodes' changes got in first. */
    static final int MAX_ATTEMPTS = 16;
    /**
     * How many reads of the version record a change waits for another node's write, at most: with
     * the pauses between them, about a second and a half, far longer than a write takes. A change
     * that waited that long fails with "try again"; a node that died writing is taken over once its
     * lease has ended.
     */
    static final int MAX_WAIT_READS = 300;
    /** The pause after the first read that finds another node writing; it doubles with each read. */
    private static final long FIRST_WAIT_PAUSE_NANOS = 10_000;
    /** The longest pause between two reads while another node writes. */
    private static final long MAX_WAIT_PAUSE_NANOS = 5_000_000;
    /** The default of how long a node works with its memory before it checks for other nodes' changes. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** The default of how long a change may hold the version record before another node takes it over. */
    public static final Duration WRITE_LEASE = Duration.ofSeconds(10);
    /** How many times a refresh starts again when records it read together do not fit. */
    private static final int MAX_RELOADS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ModelSync.class);

    private final StoredModel model;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration writeLease;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong checksStarted = new AtomicLong();
    private Loader loader;
    /** The version memory is at. Guarded by {@link #lock}. */
    private long known = -1;
    /** A write of this node whose release failed: it may be taken over at once. Guarded by {@link #lock}. */
    private String abandonedWriter;
    private volatile long nextCheckMillis = Long.MIN_VALUE;

    /**
     * @param model where the version record and the model's records are
     * @param clock the time source for refresh intervals and leases
     * @param refreshInterval how long memory is used before the version record is read again
     * @param writeLease how long a change may hold the version record
     */
    public ModelSync(StoredModel model, Clock clock, Duration refreshInterval, Duration writeLease) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.writeLease = Objects.requireNonNull(writeLease, "writeLease");
    }

    /**
     * Loads the whole model now, and from then on keeps it in step through the loader.
     *
     * @param memory puts records read from the store in place
     * @throws DirectMailException if the store cannot be read or holds a damaged record
     * @throws IllegalArgumentException if the stored model breaks a rule however often it is read
     */
    void start(Loader memory) {
        lock.lock();
        try {
            this.loader = Objects.requireNonNull(memory, "memory");
            checksStarted.incrementAndGet();
            catchUp(read());
        } finally {
            nextCheckMillis = clock.millis() + refreshInterval.toMillis();
            lock.unlock();
        }
    }

    /**
     * Reads the version record if the refresh interval has passed since it was last read, and
     * takes in what changed. For the send path: never waits for a change or refresh in progress
     * (memory is then used as it is), never throws (a failed check is logged and tried at the next
     * interval).
     */
    void refreshIfDue() {
        if (clock.millis() < nextCheckMillis || !lock.tryLock()) {
            return;
        }
        try {
            if (clock.millis() >= nextCheckMillis) {
                check();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not take in the changes other nodes made to the accounts; trying again in {}", refreshInterval, e);
        } finally {
            nextCheckMillis = clock.millis() + refreshInterval.toMillis();
            lock.unlock();
        }
    }

    /**
     * Reads the version record after a lookup missed (an unknown account, sender address,
     * template, list), unless a check started since the miss, and takes in what changed.
     *
     * @param wait whether to wait for a change or refresh in progress on this node; without
     *     waiting, the check is skipped when one is
     * @return true if memory may have changed since the miss, so that looking again may find it
     */
    boolean refreshAfterMiss(boolean wait) {
        long seen = checksStarted.get();
        if (wait) {
            lock.lock();
        } else if (!lock.tryLock()) {
            return false;
        }
        try {
            if (checksStarted.get() != seen) {
                return true;
            }
            long before = known;
            check();
            return known != before;
        } catch (RuntimeException e) {
            LOG.warn("Could not take in the changes other nodes made to the accounts", e);
            return false;
        } finally {
            nextCheckMillis = clock.millis() + refreshInterval.toMillis();
            lock.unlock();
        }
    }

    /**
     * Makes one change of the model: see the class description. The action runs with memory at
     * the latest version; it checks the change's rule (throwing to refuse it), makes the change in
     * memory and returns how to write it to the store and how to undo it in memory. It may run
     * more than once, when other nodes' changes get in first.
     *
     * @param action checks and makes the change in memory
     * @return the action's result
     * @throws DirectMailException if the store fails, or other nodes' changes kept getting in first
     * @throws RuntimeException whatever the action throws to refuse the change; nothing changed then
     */
    <T> T change(Supplier<Edit<T>> action) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                Read current = readUnwritten();
                catchUp(current);
                Edit<T> edit = action.get();
                if (edit.save() == null) {
                    return edit.result();
                }
                RecordKey record = edit.record();
                Writer writer = new Writer(UUID.randomUUID().toString(), clock.instant().plus(writeLease), record);
                ModelVersion writing = current.version().writing(writer);
                if (!take(current, writing, edit)) {
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new DirectMailException("could not change " + record + ": other nodes' changes got in first "
                                + attempt + " times in a row; try again");
                    }
                    continue;
                }
                Read taken = new Read(writing, ModelVersionCodec.encode(writing));
                try {
                    edit.save().run();
                } catch (RuntimeException e) {
                    undo(edit, e);
                    releaseAfterFailure(taken, e);
                    throw e;
                }
                release(taken);
                return edit.result();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the version record for a change; on a lost race or a failure undoes the change in memory. */
    private <T> boolean take(Read current, ModelVersion writing, Edit<T> edit) {
        boolean taken;
        try {
            taken = model.replaceVersion(current.stored(), writing);
        } catch (RuntimeException e) {
            // It may have been taken all the same: then this node need not wait for the lease to end.
            abandonedWriter = writing.writer().id();
            undo(edit, e);
            throw e;
        }
        if (!taken) {
            undo(edit, null);
        }
        return taken;
    }

    private static void undo(Edit<?> edit, RuntimeException failure) {
        try {
            edit.undo().run();
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** Moves the version on after the change's record was written; memory is then at the new version. */
    private void release(Read taken) {
        RecordKey record = taken.version().writer().record();
        ModelVersion next = taken.version().next(record);
        boolean released;
        try {
            released = model.replaceVersion(taken.stored(), next);
        } catch (RuntimeException e) {
            // The change is stored and in memory; other nodes learn of it when the write is taken over.
            abandonedWriter = taken.version().writer().id();
            LOG.warn("The change of {} is stored, but the model version could not be moved on; other nodes see it"
                    + " once its lease has ended or this node changes the model again", record, e);
            return;
        }
        if (released) {
            known = next.number();
            return;
        }
        LOG.warn("The change of {} took longer than its lease of {} and was taken over; announcing it again", record,
                writeLease);
        try {
            announce(record);
        } catch (RuntimeException e) {
            LOG.warn("Could not announce the change of {} again; nodes that read it before it was written see it"
                    + " when it next changes or when they restart", record, e);
        }
    }

    /** Moves the version on after a failed write: the record may or may not have been written. */
    private void releaseAfterFailure(Read taken, RuntimeException failure) {
        RecordKey record = taken.version().writer().record();
        try {
            if (!model.replaceVersion(taken.stored(), taken.version().next(record))) {
                announce(record);
            }
        } catch (RuntimeException e) {
            abandonedWriter = taken.version().writer().id();
            failure.addSuppressed(e);
        }
    }

    /** Moves the version on naming a record, so that every node reads it again. */
    private void announce(RecordKey record) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Read current = readUnwritten();
            if (model.replaceVersion(current.stored(), current.version().next(record))) {
                return;
            }
        }
        throw new DirectMailException("could not announce the change of " + record + ": other nodes' changes got in first "
                + MAX_ATTEMPTS + " times in a row");
    }

    /** Reads the version record and takes in what changed since memory was last brought up to date. */
    private void check() {
        checksStarted.incrementAndGet();
        Read current = read();
        Writer writer = current.version().writer();
        if (writer != null && writer.id().equals(abandonedWriter)) {
            // Announce this node's change that could not be released, but wait for no other node's.
            takeOver(current);
            current = read();
        }
        catchUp(current);
    }

    /**
     * Reads the version record until no change is being written: waits out a write in progress,
     * and takes over one whose lease has ended (or this node's own, whose release failed).
     */
    private Read readUnwritten() {
        for (int reads = 1; ; reads++) {
            Read current = read();
            Writer writer = current.version().writer();
            if (writer == null) {
                return current;
            }
            if (writer.id().equals(abandonedWriter) || !clock.instant().isBefore(writer.leaseUntil())) {
                takeOver(current);
            } else if (reads >= MAX_WAIT_READS) {
                throw new DirectMailException("another node has been writing " + writer.record()
                        + " for longer than expected; try again");
            } else {
                // Another node is writing its one record, mostly for a few milliseconds: look again at
                // once, then less and less often, so that a database is not read in a tight loop.
                LockSupport.parkNanos(Math.min(MAX_WAIT_PAUSE_NANOS, FIRST_WAIT_PAUSE_NANOS << Math.min(reads, 20)));
            }
        }
    }

    private void takeOver(Read abandoned) {
        Writer writer = abandoned.version().writer();
        if (model.replaceVersion(abandoned.stored(), abandoned.version().next(writer.record()))) {
            LOG.warn("Took over the change of {} whose lease ended at {}: every node reads that record again",
                    writer.record(), writer.leaseUntil());
            if (writer.id().equals(abandonedWriter)) {
                abandonedWriter = null;
            }
        }
    }

    /**
     * Brings memory to a version: reloads the records changed since, or the whole model. Records
     * read one after the other may not fit together when other nodes change the model meanwhile
     * (a sender address read before its domain was added): then it reads the version again and
     * starts over, and only then reloads the whole model.
     */
    private void catchUp(Read target) {
        Read current = target;
        for (int round = 1; ; round++) {
            long number = current.version().number();
            if (number == known) {
                return;
            }
            Optional<Set<RecordKey>> changed = known < 0 ? Optional.empty() : current.version().changedAfter(known);
            try {
                if (changed.isPresent()) {
                    loader.reload(changed.get());
                } else {
                    loader.reloadAll();
                }
                known = number;
                return;
            } catch (IllegalArgumentException e) {
                if (round >= MAX_RELOADS) {
                    throw e;
                }
                LOG.debug("Records read while other nodes changed them do not fit together; reading again", e);
                current = read();
                if (changed.isPresent()) {
                    known = -1;
                }
            }
        }
    }

    private Read read() {
        Optional<byte[]> stored = model.versionRecord();
        return stored.map(bytes -> new Read(ModelVersionCodec.decode(bytes), bytes))
                .orElseGet(() -> new Read(ModelVersion.INITIAL, null));
    }

    /** The version record as read: decoded, and its bytes for a compare-and-set (null when there was none). */
    private record Read(ModelVersion version, byte[] stored) {
    }

    /** Puts records read from the store in place in memory. Called with this node's changes held off. */
    interface Loader {

        /**
         * Reads these records again and puts them in place, or takes them out where they are gone.
         *
         * @throws IllegalArgumentException if they do not fit with the rest of memory (read while
         *     other nodes changed them); memory may then be partly changed, and is read again
         */
        void reload(Set<RecordKey> changed);

        /**
         * Reads the whole model again and puts it in place, keeping the objects of accounts that
         * stay (their quota ledgers above all).
         *
         * @throws IllegalArgumentException if the records do not fit together (read while other
         *     nodes changed them)
         */
        void reloadAll();
    }

    /**
     * A change made in memory, to be written.
     *
     * @param result what the change returns to its caller
     * @param record the one record the change writes or removes; null when there is nothing to change
     * @param save writes the record (and may finish the change in memory once written); null when
     *     there is nothing to change
     * @param undo undoes the change in memory
     */
    record Edit<T>(T result, RecordKey record, Runnable save, Runnable undo) {

        /** {@return an edit that changes nothing} */
        static <T> Edit<T> none(T result) {
            return new Edit<>(result, null, null, () -> { });
        }
    }

}
