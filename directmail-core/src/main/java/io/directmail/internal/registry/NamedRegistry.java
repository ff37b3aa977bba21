package io.directmail.internal.registry;

import io.directmail.DuplicateNameException;
import io.directmail.LimitExceededException;
import io.directmail.NameNotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One account's things of one kind, by unique name, at most a configured number of them. Every
 * method is atomic; a refused change leaves the registry as it was.
 *
 * @param <T> the immutable record kept
 */
public final class NamedRegistry<T> {

    private final String kind;
    private final String countLimit;
    private final int maxCount;
    private final Function<T, String> nameOf;
    private final TreeMap<String, T> entries = new TreeMap<>();

    /**
     * Creates a registry holding what was stored before. Stored entries are taken even when
     * they are more than {@code maxCount} (the limit may have been lowered since): a lowered
     * limit refuses new names, it removes nothing.
     *
     * @param kind what is kept, for messages, e.g. {@code "template"}
     * @param countLimit the name of the count limit, e.g. {@code "maxTemplatesPerAccount"}
     * @param maxCount the most entries {@link #add} allows
     * @param nameOf returns an entry's name
     * @param stored the entries to start with, with distinct names
     * @throws DuplicateNameException if two stored entries have one name
     */
    public NamedRegistry(String kind, String countLimit, int maxCount, Function<T, String> nameOf, Collection<? extends T> stored) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.countLimit = Objects.requireNonNull(countLimit, "countLimit");
        this.maxCount = maxCount;
        this.nameOf = Objects.requireNonNull(nameOf, "nameOf");
        for (T entry : stored) {
            Objects.requireNonNull(entry, kind);
            if (entries.putIfAbsent(nameOf.apply(entry), entry) != null) {
                throw new DuplicateNameException(kind, nameOf.apply(entry));
            }
        }
    }

    /**
     * Adds an entry under a new name.
     *
     * @throws DuplicateNameException if the name is taken
     * @throws LimitExceededException if the registry already holds {@code maxCount} entries
     */
    public synchronized void add(T entry) {
        Objects.requireNonNull(entry, kind);
        String name = nameOf.apply(entry);
        if (entries.containsKey(name)) {
            throw new DuplicateNameException(kind, name);
        }
        if (entries.size() >= maxCount) {
            throw new LimitExceededException(countLimit, maxCount, entries.size() + 1L);
        }
        entries.put(name, entry);
    }

    /**
     * Replaces the entry with the same name.
     *
     * @return the entry replaced
     * @throws NameNotFoundException if no entry has the name
     */
    public synchronized T replace(T entry) {
        Objects.requireNonNull(entry, kind);
        String name = nameOf.apply(entry);
        if (!entries.containsKey(name)) {
            throw new NameNotFoundException(kind, name);
        }
        return entries.put(name, entry);
    }

    /** Returns the entry with the name, if there is one. */
    public synchronized Optional<T> get(String name) {
        return Optional.ofNullable(name == null ? null : entries.get(name));
    }

    /** Removes the entry with the name; returns false when there was none. */
    public synchronized boolean delete(String name) {
        return name != null && entries.remove(name) != null;
    }

    /** Returns every entry, ordered by name. */
    public synchronized List<T> list() {
        return List.copyOf(entries.values());
    }

    /** Returns how many entries there are. */
    public synchronized int size() {
        return entries.size();
    }
}
