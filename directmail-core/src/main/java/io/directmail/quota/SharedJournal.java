package io.directmail.quota;

import java.util.List;
import java.util.Objects;

/**
 * The stored journal of a {@link QuotaLedger} that several instances keep at once, such as the
 * nodes that share one PostgreSQL store. Give it to {@link QuotaLedger.Builder#sharedJournal}.
 *
 * <p>The journal numbers its groups of entries 0, 1, 2, … without gaps. A ledger writes a group only
 * at the number after the last group it has applied, and the journal takes it only if no instance
 * took that number first. So every instance applies the same entries in the same order, and a charge one
 * instance checked against the daily cap was checked against everything charged before it,
 * wherever: the cap holds for all instances together, and each message is charged once. When
 * another instance took the number, the ledger {@linkplain #read reads} what it missed and works
 * the operation out again.
 *
 * <p>A journal may replace the entries before a number by the ledger's compacted form
 * ({@link #compact}); it must then keep apart the numbers it compacted, as {@link Append#COMPACTED}
 * and {@link Entries#fromStart()} describe. Implementations are thread-safe; the ledger calls
 * {@link #append} and {@link #read} under its lock.
 */
public interface SharedJournal {

    /**
     * Writes a group of entries at a number, if nothing holds that number yet: all of them or none.
     * Atomic across instances. A ledger groups the entries of changes made at the same time, so
     * that they share one write.
     *
     * @param number the number after the last group the caller applied
     * @param entries the entries, in the order they apply; at least one
     * @return what became of them
     */
    Append append(long number, List<LedgerEntry> entries);

    /**
     * Reads the entries of the groups from a number on.
     *
     * @param from the first group number wanted: 0 to read the whole ledger
     * @return the entries in order; if the journal compacted entries at {@code from} or after it,
     *     the whole ledger instead, with {@link Entries#fromStart()} set
     */
    Entries read(long from);

    /**
     * Offers the ledger's compacted form, as of a number: entries that rebuild the state the
     * groups before {@code next} made (see {@link QuotaLedger#entries()}). The journal may keep it in
     * place of those entries. It does nothing when it already holds a compacted form as of
     * {@code next} or later.
     *
     * @param next the number after the last group the compacted form covers
     * @param entries the compacted form
     */
    void compact(long next, List<LedgerEntry> entries);

    /** What became of a group given to {@link #append}. */
    enum Append {
        /** The journal holds the group at the number asked for. */
        APPENDED,
        /** Another instance wrote that number first; the group is not in the journal. */
        TAKEN,
        /**
         * The number lies among those the journal compacted (the caller had fallen behind); the group
         * does not count. The caller reads the whole ledger again, which may already hold what its
         * group was for.
         */
        COMPACTED
    }

    /**
     * Entries read from the journal.
     *
     * @param entries the entries, in order
     * @param next the number after the last group they cover
     * @param fromStart true when they rebuild the whole ledger (the journal compacted some of the
     *     entries asked for), false when they follow on from the number asked for
     */
    record Entries(List<LedgerEntry> entries, long next, boolean fromStart) {

        /**
         * Checks and copies the entries.
         *
         * @throws NullPointerException if the list or an entry is null
         * @throws IllegalArgumentException if {@code next} is negative
         */
        public Entries {
            entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
            if (next < 0) {
                throw new IllegalArgumentException("next must not be negative, was " + next);
            }
        }
    }
}
