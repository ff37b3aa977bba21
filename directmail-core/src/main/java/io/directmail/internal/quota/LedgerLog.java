package io.directmail.internal.quota;

import io.directmail.DirectMailException;
import io.directmail.quota.InvalidQuotaInputException;
import io.directmail.quota.LedgerEntry;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.SharedJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A quota ledger's state and where its entries are written, behind one lock: a journal that takes
 * each entry in turn, or a {@link SharedJournal} that several instances write to.
 *
 * <p><b>Changes are written in groups.</b> A change is queued, then whichever caller holds the
 * lock plans every queued change against the state, applies each, and writes all their entries in
 * one go: callers that arrive while a write is under way are written together by the next holder
 * of the lock, so concurrent charges share one durable write instead of queueing for one each. If
 * the shared journal does not take the group (another instance wrote that number first), its
 * entries are taken back newest first, the state reads what the others wrote, and the changes are
 * planned again.
 *
 * <p>Thread-safe.
 */
public final class LedgerLog {

    /** How often a change is planned again because other instances wrote first, before it fails. */
    public static final int MAX_WRITE_ATTEMPTS = 64;

    /** Works out a change against the state, under the lock. */
    @FunctionalInterface
    public interface Planner {

        /**
         * @param state the state as of now, with the changes queued before this one applied
         * @return what to do
         * @throws RuntimeException to refuse the change; nothing is written for it
         */
        Plan plan(LedgerState state);
    }

    /**
     * What a change comes to.
     *
     * @param entry the entry to write, or the one already in force, or null
     * @param write true when {@code entry} is to be written
     */
    public record Plan(LedgerEntry entry, boolean write) {

        /** Nothing to write and nothing in force. */
        public static final Plan NOTHING = new Plan(null, false);

        /** {@return a plan that writes the entry} */
        public static Plan write(LedgerEntry entry) {
            return new Plan(entry, true);
        }

        /** {@return a plan that writes nothing: the entry is already in force} */
        public static Plan existing(LedgerEntry entry) {
            return new Plan(entry, false);
        }
    }

    /** A queued change; its fields are guarded by the lock. */
    private static final class Change {
        final Planner planner;
        final OpenReservation closes;
        LedgerEntry entry;
        Throwable failure;
        int attempts;
        /** True once a refusal was planned again after reading what other instances wrote. */
        boolean rechecked;
        boolean done;

        Change(Planner planner, OpenReservation closes) {
            this.planner = planner;
            this.closes = closes;
        }

        void fail(Throwable cause) {
            failure = cause;
            done = true;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Change> queue = new ConcurrentLinkedQueue<>();
    /** The ledger's rules as they are now: their idempotency window decides which charges read back are kept. */
    private final Supplier<QuotaPolicy> policy;
    private final Consumer<? super LedgerEntry> journal;
    private final SharedJournal shared;
    /** Replaced as a whole when a shared journal's entries must be read from the start. */
    private LedgerState state;
    /** The number of the next entry group in the shared journal. */
    private long next;

    /**
     * Builds the state from stored entries: those given, or what the shared journal holds.
     *
     * @param journal takes each new entry in turn; unused with a shared journal
     * @param shared the shared journal, or null
     * @param entries the stored entries to start from; unused with a shared journal
     * @throws InvalidQuotaInputException naming the entry if an entry contradicts those before it
     */
    public LedgerLog(Supplier<QuotaPolicy> policy, Consumer<? super LedgerEntry> journal, SharedJournal shared,
            List<LedgerEntry> entries) {
        this.policy = policy;
        this.journal = journal;
        this.shared = shared;
        if (shared == null) {
            this.state = replay(entries, policy.get());
        } else {
            SharedJournal.Entries stored = shared.read(0);
            this.state = replay(stored.entries(), policy.get());
            this.next = stored.next();
        }
    }

    /**
     * Queues a change and returns once it is written, with the changes queued alongside it.
     *
     * @param planner works the change out
     * @param closes for a release, the reservation it closes; else null
     * @return the entry written, or in force already, or null
     * @throws RuntimeException what the planner or the journal threw; nothing is written then
     */
    public LedgerEntry submit(Planner planner, OpenReservation closes) {
        return submitTogether(List.of(planner), closes).getFirst();
    }

    /**
     * Queues changes one after the other, so that they are written in one group (with any other
     * queued alongside), and returns once all are written.
     *
     * @param planners work the changes out, in order
     * @param closes for a change that releases, the reservation it closes; else null
     * @return each change's entry, as {@link #submit} returns it
     * @throws RuntimeException what a planner or the journal threw for the first change that failed
     */
    public List<LedgerEntry> submitTogether(List<Planner> planners, OpenReservation closes) {
        List<Change> changes = planners.stream().map(planner -> new Change(planner, closes)).toList();
        queue.addAll(changes);
        lock.lock();
        try {
            while (changes.stream().anyMatch(change -> !change.done)) {
                List<Change> group = new ArrayList<>();
                for (Change queued = queue.poll(); queued != null; queued = queue.poll()) {
                    group.add(queued);
                }
                if (group.isEmpty()) {
                    // Drained by a holder of the lock that failed without settling them: never wait for ever.
                    changes.stream().filter(change -> !change.done)
                            .forEach(change -> change.fail(new IllegalStateException("the quota ledger lost a change while writing it")));
                    break;
                }
                write(group);
            }
        } finally {
            lock.unlock();
        }
        List<LedgerEntry> entries = new ArrayList<>(changes.size());
        for (Change change : changes) {
            if (change.failure instanceof RuntimeException e) {
                throw e;
            }
            if (change.failure instanceof Error e) {
                throw e;
            }
            entries.add(change.entry);
        }
        return entries;
    }

    /**
     * Reads the state under the lock, after taking in what other instances wrote.
     *
     * @param reader reads the state; it may forget charges outside the idempotency window, and
     *     must not change it otherwise
     */
    public <T> T read(Function<LedgerState, T> reader) {
        lock.lock();
        try {
            catchUp();
            return reader.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /** Runs an action under the lock, without reading other instances' entries first. */
    public <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the state's compacted form and the journal number it holds up to, together.
     *
     * @param beforeSnapshot runs on the state first, under the lock (to forget old charges)
     * @return the number after the last group the form covers, and the form
     */
    public Compacted compacted(Consumer<LedgerState> beforeSnapshot) {
        lock.lock();
        try {
            catchUp();
            beforeSnapshot.accept(state);
            return new Compacted(next, state.snapshot());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A compacted form of the ledger.
     *
     * @param next the journal number after the last group it covers
     * @param entries the entries that rebuild the state
     */
    public record Compacted(long next, List<LedgerEntry> entries) {
    }

    /**
     * Plans, applies and writes a group of changes. Every outcome of a round is provisional until
     * its entries are written: a change that writes nothing, or that the planner refused, may rest
     * on an entry of the same round; so when the round's write does not hold, the whole round is
     * planned again. A refusal with a shared journal is planned once more after reading what the
     * other instances wrote, so that a stale view (a reservation another node released) does not
     * refuse a change that fits. Never leaves a change of the group undone.
     */
    private void write(List<Change> group) {
        try {
            List<Change> pending = group;
            while (!pending.isEmpty()) {
                pending = round(pending);
            }
        } catch (Throwable unexpected) {
            // Whatever went wrong, no caller of this group may wait for ever: each hears of it.
            group.stream().filter(change -> !change.done).forEach(change -> change.fail(unexpected));
        }
    }

    /** One round: plans every change, writes what they wrote; {@return the changes to plan again} */
    private List<Change> round(List<Change> pending) {
        List<Change> planned = new ArrayList<>(pending.size());
        List<Change> unwritten = new ArrayList<>();
        for (Change change : pending) {
            change.failure = null;
            try {
                Plan plan = change.planner.plan(state);
                change.entry = plan.entry();
                if (plan.write()) {
                    state.apply(plan.entry());
                    planned.add(change);
                } else {
                    unwritten.add(change);
                }
            } catch (RuntimeException | Error e) {
                change.entry = null;
                change.failure = e;
                unwritten.add(change);
            }
        }
        List<Change> again = commit(planned);
        if (!again.isEmpty() || planned.stream().anyMatch(change -> change.failure != null)) {
            // The round's entries did not all hold: what the others decided may rest on them.
            again = new ArrayList<>(again);
            again.addAll(retry(unwritten));
            return again;
        }
        List<Change> recheck = new ArrayList<>();
        for (Change change : unwritten) {
            if (change.failure != null && shared != null && !change.rechecked) {
                change.rechecked = true;
                recheck.add(change);
            } else {
                change.done = true;
            }
        }
        if (!recheck.isEmpty()) {
            catchUp();
        }
        return recheck;
    }

    /**
     * Writes the planned changes' entries, which the state holds already; marks done those written,
     * and failed those the journal refused (their entries taken back).
     *
     * @return the changes to plan again: those another instance's write displaced
     */
    private List<Change> commit(List<Change> planned) {
        if (planned.isEmpty()) {
            return List.of();
        }
        if (shared == null) {
            for (int i = 0; i < planned.size(); i++) {
                try {
                    journal.accept(planned.get(i).entry);
                    planned.get(i).done = true;
                } catch (RuntimeException | Error e) {
                    List<Change> rest = planned.subList(i, planned.size());
                    revert(rest);
                    rest.forEach(change -> change.fail(e));
                    return List.of();
                }
            }
            return List.of();
        }
        SharedJournal.Append appended;
        try {
            appended = shared.append(next, planned.stream().map(change -> change.entry).toList());
        } catch (RuntimeException | Error e) {
            revert(planned);
            planned.forEach(change -> change.fail(e));
            return List.of();
        }
        switch (appended) {
            case APPENDED -> {
                next++;
                planned.forEach(change -> change.done = true);
                return List.of();
            }
            case TAKEN -> {
                revert(planned);
                catchUp();
                return retry(planned);
            }
            case COMPACTED -> {
                revert(planned);
                catchUp();
                // The group may have reached the journal before the compaction took it in.
                List<Change> notHeld = new ArrayList<>();
                for (Change change : planned) {
                    if (holds(change.entry)) {
                        change.done = true;
                    } else {
                        notHeld.add(change);
                    }
                }
                return retry(notHeld);
            }
            default -> throw new AssertionError(appended);
        }
    }

    /** Takes the changes' entries back, newest first. */
    private void revert(List<Change> changes) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            state.revert(changes.get(i).entry, changes.get(i).closes);
        }
    }

    /** {@return the changes to plan again; those planned too often already fail} */
    private List<Change> retry(List<Change> changes) {
        List<Change> again = new ArrayList<>(changes.size());
        for (Change change : changes) {
            if (change.done) {
                continue;
            }
            change.entry = null;
            change.failure = null;
            if (++change.attempts >= MAX_WRITE_ATTEMPTS) {
                change.fail(new DirectMailException("could not write to the shared quota journal: other instances wrote first "
                        + MAX_WRITE_ATTEMPTS + " times in a row"));
            } else {
                again.add(change);
            }
        }
        return again;
    }

    /** {@return whether the state already holds what the entry did: it reached the journal before a compaction} */
    private boolean holds(LedgerEntry entry) {
        return switch (entry) {
            case LedgerEntry.Charged charged -> state.recentCharge(charged.messageId()).isPresent();
            case LedgerEntry.Reserved reserved ->
                    state.openReservation(reserved.reservationId()).filter(open -> open.at().equals(reserved.at())).isPresent();
            case LedgerEntry.Released released -> state.openReservation(released.reservationId()).isEmpty();
            case LedgerEntry.PackageAdded added -> state.hasPackage(added.resourcePackage().id());
            case LedgerEntry.DaySummary summary -> false;
        };
    }

    /** Applies what other instances wrote to the shared journal since this ledger last read or wrote it. */
    private void catchUp() {
        if (shared == null) {
            return;
        }
        SharedJournal.Entries read = shared.read(next);
        if (!read.fromStart()) {
            try {
                for (LedgerEntry entry : read.entries()) {
                    applyStored(state, entry, policy.get());
                }
                next = read.next();
                return;
            } catch (InvalidQuotaInputException e) {
                // The state no longer matches the journal: rebuild it from the start.
                read = shared.read(0);
            }
        }
        LedgerState rebuilt = replay(read.entries(), policy.get());
        rebuilt.adoptReservations(state);
        state = rebuilt;
        next = read.next();
    }

    private static LedgerState replay(List<LedgerEntry> entries, QuotaPolicy policy) {
        LedgerState state = new LedgerState();
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            try {
                applyStored(state, entry, policy);
            } catch (InvalidQuotaInputException e) {
                throw new InvalidQuotaInputException("entry " + i + " (" + entry.getClass().getSimpleName() + ") cannot be applied: "
                        + e.getMessage());
            }
        }
        return state;
    }

    /** Applies an entry read back, forgetting the charges it puts outside the idempotency window first. */
    private static void applyStored(LedgerState state, LedgerEntry entry, QuotaPolicy policy) {
        if (entry instanceof LedgerEntry.Charged charged) {
            state.forgetChargesBefore(charged.at().minus(policy.idempotencyWindow()));
        }
        state.apply(entry);
    }
}
