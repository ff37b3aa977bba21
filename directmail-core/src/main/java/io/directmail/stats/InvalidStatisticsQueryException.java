package io.directmail.stats;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when a {@link DeliveryStatistics} query cannot be answered as asked: an account id or a
 * tag that no mail can have, a range whose end comes before its start, or a range longer than the
 * days kept. The message names the argument and the bad value. Nothing changes when it is thrown.
 */
public final class InvalidStatisticsQueryException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception explaining what is wrong with the query.
     *
     * @param message the explanation, naming the argument and value
     */
    public InvalidStatisticsQueryException(String message) {
        super(message);
    }
}
