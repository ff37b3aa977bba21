package io.directmail.list;

/**
 * Limits on one account's recipient lists, and on the rows a batch may carry without a stored
 * list. The defaults are those of a hosted sender; the embedding application may change them. A
 * request beyond a limit is refused with a {@link io.directmail.LimitExceededException} naming it.
 *
 * @param maxListsPerAccount how many lists one account may keep; default 10
 * @param maxAddressesPerList how many addresses one list may hold; default 10,000
 * @param maxInlineRows how many rows a batch may give inline, without a stored list; default 100
 */
public record ListLimits(int maxListsPerAccount, int maxAddressesPerList, int maxInlineRows) {

    /** The limit's name in a {@link io.directmail.LimitExceededException} for lists per account. */
    public static final String MAX_LISTS_PER_ACCOUNT = "maxListsPerAccount";

    /** The limit's name in a {@link io.directmail.LimitExceededException} for addresses per list. */
    public static final String MAX_ADDRESSES_PER_LIST = "maxAddressesPerList";

    /** The limit's name in a {@link io.directmail.LimitExceededException} for a batch's inline rows. */
    public static final String MAX_INLINE_ROWS = "maxInlineRows";

    /** The defaults: 10 lists per account, 10,000 addresses per list, 100 inline rows per batch. */
    public static final ListLimits DEFAULT = new ListLimits(10, 10_000, 100);

    /** Checks that every limit is positive. */
    public ListLimits {
        if (maxListsPerAccount < 1) {
            throw new IllegalArgumentException("maxListsPerAccount must be at least 1, was " + maxListsPerAccount);
        }
        if (maxAddressesPerList < 1) {
            throw new IllegalArgumentException("maxAddressesPerList must be at least 1, was " + maxAddressesPerList);
        }
        if (maxInlineRows < 1) {
            throw new IllegalArgumentException("maxInlineRows must be at least 1, was " + maxInlineRows);
        }
    }

    /**
     * Limits with the default of 100 inline rows.
     *
     * @param maxListsPerAccount how many lists one account may keep
     * @param maxAddressesPerList how many addresses one list may hold
     */
    public ListLimits(int maxListsPerAccount, int maxAddressesPerList) {
        this(maxListsPerAccount, maxAddressesPerList, 100);
    }

    /** Returns a copy with another limit on lists per account. */
    public ListLimits withMaxListsPerAccount(int value) {
        return new ListLimits(value, maxAddressesPerList, maxInlineRows);
    }

    /** Returns a copy with another limit on addresses per list. */
    public ListLimits withMaxAddressesPerList(int value) {
        return new ListLimits(maxListsPerAccount, value, maxInlineRows);
    }

    /** Returns a copy with another limit on a batch's inline rows. */
    public ListLimits withMaxInlineRows(int value) {
        return new ListLimits(maxListsPerAccount, maxAddressesPerList, value);
    }
}
