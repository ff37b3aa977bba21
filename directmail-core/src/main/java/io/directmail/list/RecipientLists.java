package io.directmail.list;

import io.directmail.DuplicateNameException;
import io.directmail.LimitExceededException;
import io.directmail.NameNotFoundException;
import io.directmail.internal.registry.NamedRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's recipient lists, by unique name: at most
 * {@link ListLimits#maxListsPerAccount()} lists of at most
 * {@link ListLimits#maxAddressesPerList()} addresses each. It holds {@link RecipientList}
 * records only, so a store can save what {@link #list()} returns and rebuild the registry with
 * {@link #RecipientLists(ListLimits, Collection)}.
 *
 * <p>Thread-safe: every method is atomic, and a refused change leaves the registry as it was.
 */
public final class RecipientLists {

    private final ListLimits limits;
    private final NamedRegistry<RecipientList> registry;

    /**
     * Creates an empty registry.
     *
     * @param limits the limits to enforce
     */
    public RecipientLists(ListLimits limits) {
        this(limits, List.of());
    }

    /**
     * Creates a registry holding lists stored earlier. They are all taken, even when they are
     * more or larger than the limits allow (they may have been lowered since): a lowered limit
     * refuses new or larger lists, it removes nothing.
     *
     * @param limits the limits to enforce
     * @param stored the lists to start with
     * @throws DuplicateNameException if two of them have one name
     */
    public RecipientLists(ListLimits limits, Collection<RecipientList> stored) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.registry = new NamedRegistry<>("recipient list", ListLimits.MAX_LISTS_PER_ACCOUNT, limits.maxListsPerAccount(),
                RecipientList::name, Objects.requireNonNull(stored, "stored"));
    }

    /** Returns the limits this registry enforces. */
    public ListLimits limits() {
        return limits;
    }

    /**
     * Adds a list under a new name.
     *
     * @param list the list
     * @throws LimitExceededException ({@value ListLimits#MAX_ADDRESSES_PER_LIST}) if the list
     *     holds more addresses than allowed, or ({@value ListLimits#MAX_LISTS_PER_ACCOUNT}) if the
     *     account has as many lists as allowed
     * @throws DuplicateNameException if a list has that name already
     */
    public void add(RecipientList list) {
        registry.add(checkSize(list));
    }

    /**
     * Replaces the list with the same name, for example with a new import. It does not count
     * against the number of lists.
     *
     * @param list the new version
     * @return the version replaced
     * @throws LimitExceededException ({@value ListLimits#MAX_ADDRESSES_PER_LIST}) if the list
     *     holds more addresses than allowed
     * @throws NameNotFoundException if no list has that name
     */
    public RecipientList replace(RecipientList list) {
        return registry.replace(checkSize(list));
    }

    /** Returns the list with the name, if there is one. */
    public Optional<RecipientList> get(String name) {
        return registry.get(name);
    }

    /** Deletes the list with the name; returns false when there was none. */
    public boolean delete(String name) {
        return registry.delete(name);
    }

    /** Returns every list, ordered by name. */
    public List<RecipientList> list() {
        return registry.list();
    }

    /** Returns how many lists there are. */
    public int size() {
        return registry.size();
    }

    private RecipientList checkSize(RecipientList list) {
        Objects.requireNonNull(list, "list");
        if (list.size() > limits.maxAddressesPerList()) {
            throw new LimitExceededException(ListLimits.MAX_ADDRESSES_PER_LIST, limits.maxAddressesPerList(), list.size());
        }
        return list;
    }
}
