package io.directmail.batch;

import io.directmail.LimitExceededException;
import io.directmail.list.ListLimits;
import java.util.Objects;

/**
 * Decides whether an account may send a batch to the rows of a recipient list, before anything is
 * reserved or sent. {@link io.directmail.DirectMail#batches} checks that a managed account's batch
 * sends one of the account's stored lists as stored; give {@link Batches.Builder#listCheck} your
 * own for other rules.
 */
@FunctionalInterface
public interface ListCheck {

    /**
     * Checks a request whose rows come from a list ({@link BatchRequest#isInline()} is false); throws
     * to refuse the batch.
     *
     * @param account the account the batch sends for
     * @param request the request
     * @throws io.directmail.InvalidMailException or a subtype, naming the problem, to refuse it
     */
    void check(String account, BatchRequest request);

    /**
     * Returns the check that refuses lists longer than the limits allow.
     *
     * @param limits the limits; {@link ListLimits#maxAddressesPerList()} is the one applied
     * @return the check
     */
    static ListCheck upTo(ListLimits limits) {
        Objects.requireNonNull(limits, "limits");
        return (account, request) -> {
            if (request.size() > limits.maxAddressesPerList()) {
                throw new LimitExceededException(ListLimits.MAX_ADDRESSES_PER_LIST, limits.maxAddressesPerList(), request.size());
            }
        };
    }
}
