package io.directmail.internal.stats;

import io.directmail.stats.DailyCounts;

/**
 * One name that an account's day counts on its own (a tag or a recipient domain, see
 * {@link TallyKey}), with what was counted under it here that the store does not hold yet. The
 * tally outlives its counts: it stays for the day, so that the day's cap keeps counting the name.
 * Not thread-safe; guarded by the recorder's lock.
 */
final class Tally {

    private final TallyKey key;
    /** Counted here, not yet in the store; null when there is nothing. */
    private Counts unstored;

    Tally(TallyKey key) {
        this.key = key;
    }

    TallyKey key() {
        return key;
    }

    /** Adds counts the store does not have yet. */
    void add(Counts counts) {
        if (unstored == null) {
            unstored = new Counts();
        }
        unstored.add(counts);
    }

    /**
     * Takes counts the store now holds off what it does not have yet.
     *
     * @return true when nothing is left that the store does not have
     */
    boolean stored(Counts counts) {
        if (unstored != null) {
            unstored.subtract(counts);
            if (unstored.isZero()) {
                unstored = null;
            }
        }
        return unstored == null;
    }

    /** Returns the counts the store does not have yet as a row of increments, or null when there are none. */
    DailyCounts unstoredRow() {
        return unstored == null ? null : unstored.toRow(key.day(), key.account(), key.tag(), key.recipientDomain());
    }
}
