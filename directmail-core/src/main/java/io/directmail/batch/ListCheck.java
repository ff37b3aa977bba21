package io.directmail.batch;

import io.directmail.LimitExceededException;
import io.directmail.list.ListLimits;
import java.util.Objects;

/**
 * Decides whether an account may send a batch to its rows, inline or from a recipient list, before
 * anything is reserved or sent. {@link io.directmail.DirectMail#batches} applies a managed
 * account's {@link ListLimits} and checks that its batch sends one of its stored lists as stored;
 * give {@link Batches.Builder#listCheck} your own for other rules.
 */
@FunctionalInterface
public interface ListCheck {

    /**
     * Checks a request's rows; throws to refuse the batch.
     *
     * @param account the account the batch sends for
     * @param request the request
     * @throws io.directmail.InvalidMailException or a subtype, naming the problem, to refuse it
     */
    void check(String account, BatchRequest request);

    /**
     * Returns the check that refuses more rows than the limits allow: more inline rows than
     * {@link ListLimits#maxInlineRows()}, or a list longer than {@link ListLimits#maxAddressesPerList()}.
     *
     * @param limits the limits
     * @return the check
     */
    static ListCheck upTo(ListLimits limits) {
        Objects.requireNonNull(limits, "limits");
        return (account, request) -> {
            if (request.isInline() && request.size() > limits.maxInlineRows()) {
                throw new LimitExceededException(ListLimits.MAX_INLINE_ROWS, limits.maxInlineRows(), request.size());
            }
            if (!request.isInline() && request.size() > limits.maxAddressesPerList()) {
                throw new LimitExceededException(ListLimits.MAX_ADDRESSES_PER_LIST, limits.maxAddressesPerList(), request.size());
            }
        };
    }
}
