package io.directmail;

import java.io.Serial;

/**
 * Thrown when a request goes beyond a configured limit, such as the number of recipients of one
 * message. It names the limit, its value and the value asked for. Nothing has been queued.
 */
public final class LimitExceededException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long allowed;
    private final long requested;

    /**
     * Creates the exception.
     *
     * @param limit the limit's name, as in {@link Limits}
     * @param allowed the configured maximum
     * @param requested what the request needed
     */
    public LimitExceededException(String limit, long allowed, long requested) {
        super("Limit " + limit + " is " + allowed + ", but the request needs " + requested);
        this.limit = limit;
        this.allowed = allowed;
        this.requested = requested;
    }

    /** Returns the limit's name, e.g. {@code maxRecipientsPerMessage}. */
    public String limit() {
        return limit;
    }

    /** Returns the configured maximum. */
    public long allowed() {
        return allowed;
    }

    /** Returns what the request needed. */
    public long requested() {
        return requested;
    }
}
