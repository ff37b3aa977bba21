package io.directmail.internal.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the accounts' model version record says: how many changes the model has had, the change
 * being written now (if one is), and which records the latest changes touched. See
 * {@link ModelSync} for how nodes use it. Immutable.
 *
 * @param number the number of the latest change made (0 before the first)
 * @param writer the change being written now, which will be number {@code number + 1}; null when none is
 * @param recent the latest changes, oldest first, each numbered one more than the one before it,
 *     the last numbered {@code number}; at most {@link #RECENT_CHANGES}
 */
public record ModelVersion(long number, Writer writer, List<Change> recent) {

    /** How many changes the record names: a node further behind than that reloads the whole model. */
    public static final int RECENT_CHANGES = 64;

    /** The model before its first change, when there is no version record yet. */
    public static final ModelVersion INITIAL = new ModelVersion(0, null, List.of());

    /**
     * @throws IllegalArgumentException if the number is negative or the recent changes are not
     *     numbered in a row up to it
     */
    public ModelVersion {
        recent = List.copyOf(recent);
        if (number < 0) {
            throw new IllegalArgumentException("the model version is negative: " + number);
        }
        if (recent.size() > RECENT_CHANGES) {
            throw new IllegalArgumentException("the model version names " + recent.size() + " changes, more than "
                    + RECENT_CHANGES);
        }
        for (int i = 0; i < recent.size(); i++) {
            long expected = number - recent.size() + 1 + i;
            if (recent.get(i).number() != expected) {
                throw new IllegalArgumentException("change " + recent.get(i).number() + " of model version " + number
                        + " is out of order: expected " + expected);
            }
        }
    }

    /** {@return the same version with a change being written} */
    public ModelVersion writing(Writer value) {
        return new ModelVersion(number, Objects.requireNonNull(value, "writer"), recent);
    }

    /** {@return the next version: the record changed, nothing being written} */
    public ModelVersion next(RecordKey changed) {
        List<Change> changes = new ArrayList<>(recent);
        changes.add(new Change(number + 1, changed));
        while (changes.size() > RECENT_CHANGES) {
            changes.removeFirst();
        }
        return new ModelVersion(number + 1, null, changes);
    }

    /**
     * Returns the records changed after a version, when this record still names every change since.
     *
     * @param known the version a node's model is at
     * @return the records, or empty when the node must reload the whole model (it is too far
     *     behind, or ahead: the version record was lost)
     */
    public Optional<Set<RecordKey>> changedAfter(long known) {
        if (known > number) {
            return Optional.empty();
        }
        if (known < number - recent.size()) {
            return Optional.empty();
        }
        Set<RecordKey> changed = new LinkedHashSet<>();
        for (Change change : recent) {
            if (change.number() > known) {
                changed.add(change.record());
            }
        }
        return Optional.of(changed);
    }

    /**
     * One record of the model: the kind and key it is stored under.
     *
     * @param kind e.g. {@code dm.template}
     * @param key e.g. {@code acme/welcome}
     */
    public record RecordKey(String kind, String key) {
        /** @throws NullPointerException if a part is null */
        public RecordKey {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return kind + " " + key;
        }
    }

    /**
     * A change made.
     *
     * @param number its number
     * @param record the record it wrote or removed
     */
    public record Change(long number, RecordKey record) {
        /** @throws NullPointerException if the record is null */
        public Change {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * A change being written: the node writing it holds the model until it is done or its lease ends.
     *
     * @param id the change's own id, random
     * @param leaseUntil when another node may declare it abandoned and take the model over
     * @param record the record it writes or removes
     */
    public record Writer(String id, Instant leaseUntil, RecordKey record) {
        /** @throws NullPointerException if a part is null */
        public Writer {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
            Objects.requireNonNull(record, "record");
        }
    }
}
