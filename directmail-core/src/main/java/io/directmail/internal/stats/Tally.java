package io.directmail.internal.stats;

import io.directmail.stats.DailyCounts;

/**
 * The counts of one {@link TallyKey}: the total that queries read, and the part of it recorded
 * since it was last handed to the store. Not thread-safe; guarded by the recorder's lock.
 */
final class Tally {

    private final TallyKey key;
    private final Counts total = new Counts();
    /** Recorded but not yet handed to the store; null when there is nothing. */
    private Counts unflushed;

    Tally(TallyKey key) {
        this.key = key;
    }

    TallyKey key() {
        return key;
    }

    Counts total() {
        return total;
    }

    /** Adds counts that the store already holds. */
    void addStored(Counts counts) {
        total.add(counts);
    }

    /** Adds counts the store does not have yet. */
    void addNew(Counts counts) {
        total.add(counts);
        addUnflushed(counts);
    }

    /** Marks counts already in the total as not yet in the store, after a flush failed to write them. */
    void addUnflushed(Counts counts) {
        if (unflushed == null) {
            unflushed = new Counts();
        }
        unflushed.add(counts);
    }

    /** Returns the counts the store does not have yet and forgets them, or null when there are none. */
    Counts takeUnflushed() {
        Counts taken = unflushed;
        unflushed = null;
        return taken;
    }

    /** Returns the counts the store does not have yet, or null. */
    Counts unflushed() {
        return unflushed;
    }

    DailyCounts row() {
        return total.toRow(key.day(), key.account(), key.tag(), key.recipientDomain());
    }
}
