package io.directmail;

import java.io.Serial;

/**
 * Thrown when a {@link MessageQuery} cannot be answered as asked: a missing or malformed account
 * id, a tag no mail can have, a range whose end comes before its start or that spans more than
 * the store's retention, a page size out of range, or a cursor that is not one
 * {@link MessagePage#nextCursor()} gave. The message names the argument and shows the bad value.
 * Nothing is read from the store when it is thrown.
 */
public final class InvalidMessageQueryException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception explaining what is wrong with the query.
     *
     * @param message the explanation, naming the argument and value
     */
    public InvalidMessageQueryException(String message) {
        super(message);
    }
}
