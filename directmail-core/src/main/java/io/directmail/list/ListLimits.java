package io.directmail.list;

/**
 * Limits on one account's recipient lists. The defaults are those of a hosted sender; the
 * embedding application may change them. A request beyond a limit is refused with a
 * {@link io.directmail.LimitExceededException} naming it.
 *
 * @param maxListsPerAccount how many lists one account may keep; default 10
 * @param maxAddressesPerList how many addresses one list may hold; default 10,000
 */
public record ListLimits(int maxListsPerAccount, int maxAddressesPerList) {

    /** The limit's name in a {@link io.directmail.LimitExceededException} for lists per account. */
    public static final String MAX_LISTS_PER_ACCOUNT = "maxListsPerAccount";

    /** The limit's name in a {@link io.directmail.LimitExceededException} for addresses per list. */
    public static final String MAX_ADDRESSES_PER_LIST = "maxAddressesPerList";

    /** The defaults: 10 lists per account, 10,000 addresses per list. */
    public static final ListLimits DEFAULT = new ListLimits(10, 10_000);

    /** Checks that every limit is positive. */
    public ListLimits {
        if (maxListsPerAccount < 1) {
            throw new IllegalArgumentException("maxListsPerAccount must be at least 1, was " + maxListsPerAccount);
        }
        if (maxAddressesPerList < 1) {
            throw new IllegalArgumentException("maxAddressesPerList must be at least 1, was " + maxAddressesPerList);
        }
    }

    /** Returns a copy with another limit on lists per account. */
    public ListLimits withMaxListsPerAccount(int value) {
        return new ListLimits(value, maxAddressesPerList);
    }

    /** Returns a copy with another limit on addresses per list. */
    public ListLimits withMaxAddressesPerList(int value) {
        return new ListLimits(maxListsPerAccount, value);
    }
}
