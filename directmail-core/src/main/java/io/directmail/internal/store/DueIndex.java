package io.directmail.internal.store;

import io.directmail.MailType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The pending messages of a single-node store in due order, one line per lane and account, with
 * the claims of its node on them. Each pending message has one {@link Slot}, which the store
 * keeps with its record, so the index costs one small object and one tree node per pending
 * message.
 *
 * <p>{@link #claimDue} shares a lane fairly between accounts: it takes one due message from each
 * account with one in turn, starting with a different account each time, so an account with a
 * large batch does not hold back another's mail. A claimed slot stays in its line, so that it can
 * be claimed again once its lease ends; claims step over the slots still leased, which are the
 * messages the node is working on. Thread-safe: every operation holds this index's monitor.
 */
public final class DueIndex {

    /** A pending message's place in its lane: due time, acceptance order and claim. */
    public static final class Slot {

        private final String messageId;
        private final MailType lane;
        /** Its account's name, the index's one copy of it once the slot is in line. */
        private String account;
        private final long ordinal;
        /** The due time in nanoseconds since the epoch (saturated): no Instant kept per message. */
        private long due;
        /** The end of the current claim, or null when unclaimed. */
        private Instant leaseUntil;
        private boolean indexed;

        /**
         * Creates the slot of a message.
         *
         * @param messageId the message's id
         * @param lane its lane
         * @param account its account
         * @param ordinal its acceptance order, which breaks ties between equal due times
         */
        public Slot(String messageId, MailType lane, String account, long ordinal) {
            this.messageId = Objects.requireNonNull(messageId, "messageId");
            this.lane = Objects.requireNonNull(lane, "lane");
            this.account = Objects.requireNonNull(account, "account");
            this.ordinal = ordinal;
        }

        /** {@return the message's id} */
        public String messageId() {
            return messageId;
        }
    }

    private static final Comparator<Slot> DUE_ORDER = (a, b) -> {
        int byDue = Long.compare(a.due, b.due);
        if (byDue != 0) {
            return byDue;
        }
        int byOrder = Long.compare(a.ordinal, b.ordinal);
        return byOrder != 0 ? byOrder : a.messageId.compareTo(b.messageId);
    };

    /** Per lane, each account's line; an account's line is dropped when it empties. */
    private final Map<MailType, LinkedHashMap<String, TreeSet<Slot>>> lines = new EnumMap<>(MailType.class);
    /** One copy of each account name, shared by the slots of that account. */
    private final Map<String, String> accountNames = new HashMap<>();
    /** Per lane, where the next claim starts among the accounts. */
    private final Map<MailType, Integer> turns = new EnumMap<>(MailType.class);

    /** Creates an empty index. */
    public DueIndex() {
        for (MailType lane : MailType.values()) {
            lines.put(lane, new LinkedHashMap<>());
            turns.put(lane, 0);
        }
    }

    private TreeSet<Slot> lineOf(Slot slot) {
        return lines.get(slot.lane).computeIfAbsent(slot.account, account -> new TreeSet<>(DUE_ORDER));
    }

    private void unlink(Slot slot) {
        Map<String, TreeSet<Slot>> accounts = lines.get(slot.lane);
        TreeSet<Slot> line = accounts.get(slot.account);
        line.remove(slot);
        if (line.isEmpty()) {
            accounts.remove(slot.account);
        }
    }

    /**
     * Puts a pending message in line at its due time, unclaimed or claimed until a time, in place
     * of where it was.
     *
     * @param slot the message's slot
     * @param due when its next attempt is due
     * @param leaseUntil the end of this node's claim, or null for none
     */
    public synchronized void schedule(Slot slot, Instant due, Instant leaseUntil) {
        Objects.requireNonNull(due, "due");
        if (slot.indexed) {
            unlink(slot);
        }
        slot.due = nanos(due);
        slot.leaseUntil = leaseUntil;
        slot.indexed = true;
        slot.account = accountNames.computeIfAbsent(slot.account, name -> name);
        lineOf(slot).add(slot);
    }

    /**
     * Takes a message out of line: it has no pending recipient any more.
     *
     * @param slot the message's slot
     */
    public synchronized void remove(Slot slot) {
        if (slot.indexed) {
            unlink(slot);
            slot.indexed = false;
            slot.leaseUntil = null;
        }
    }

    /**
     * Claims the messages of a lane that are due and not leased: one per account in turn, each
     * account's oldest due first.
     *
     * @param lane the lane
     * @param now the current time
     * @param limit at most this many
     * @param leaseUntil the end of the new claims
     * @return the ids of the claimed messages
     */
    public synchronized List<String> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil) {
        List<String> claimed = new ArrayList<>(Math.min(limit, 256));
        long nowNanos = nanos(now);
        List<TreeSet<Slot>> accounts = new ArrayList<>(lines.get(lane).values());
        if (accounts.isEmpty()) {
            return claimed;
        }
        int first = Math.floorMod(turns.get(lane), accounts.size());
        turns.put(lane, first + 1);
        List<Iterator<Slot>> open = new ArrayList<>(accounts.size());
        for (int i = 0; i < accounts.size(); i++) {
            open.add(accounts.get((first + i) % accounts.size()).iterator());
        }
        while (claimed.size() < limit && !open.isEmpty()) {
            for (Iterator<Iterator<Slot>> turn = open.iterator(); turn.hasNext() && claimed.size() < limit; ) {
                Slot slot = nextClaimable(turn.next(), nowNanos);
                if (slot == null) {
                    turn.remove();
                } else {
                    slot.leaseUntil = leaseUntil;
                    claimed.add(slot.messageId);
                }
            }
        }
        return claimed;
    }

    /** Returns the next slot of an account's line that is due and not leased, or null if there is none. */
    private static Slot nextClaimable(Iterator<Slot> line, long nowNanos) {
        while (line.hasNext()) {
            Slot slot = line.next();
            if (slot.due > nowNanos) {
                return null;
            }
            if (slot.leaseUntil == null || nanos(slot.leaseUntil) <= nowNanos) {
                return slot;
            }
        }
        return null;
    }

    /**
     * Extends a claim; a slot that is not in line or not claimed is left alone.
     *
     * @param slot the message's slot
     * @param leaseUntil the new end of the claim
     */
    public synchronized void renew(Slot slot, Instant leaseUntil) {
        if (slot.indexed && slot.leaseUntil != null) {
            slot.leaseUntil = leaseUntil;
        }
    }

    /**
     * Ends a claim, so that the message may be claimed again when it is due.
     *
     * @param slot the message's slot
     */
    public synchronized void release(Slot slot) {
        slot.leaseUntil = null;
    }

    private static long nanos(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (ArithmeticException e) {
            return time.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@return how many messages of a lane are in line, claimed or not} */
    public synchronized int size(MailType lane) {
        int size = 0;
        for (TreeSet<Slot> line : lines.get(lane).values()) {
            size += line.size();
        }
        return size;
    }
}
