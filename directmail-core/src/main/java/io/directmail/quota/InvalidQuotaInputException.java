package io.directmail.quota;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when input to the quota ledger cannot be used: an empty message id, a charge of zero
 * messages, a package id the ledger already has, a price finer than the currency's minor unit, or
 * a list of {@link LedgerEntry ledger entries} that contradict one another. The message names the
 * field or entry and the bad value. The ledger is unchanged when this is thrown.
 */
public final class InvalidQuotaInputException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception explaining what is wrong with the input.
     *
     * @param message the explanation, naming the field and value
     */
    public InvalidQuotaInputException(String message) {
        super(message);
    }
}
