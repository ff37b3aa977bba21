package io.directmail.quota;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when a charge or a reservation does not fit under a quota limit: the
 * {@link QuotaPolicy#dailyCap() daily cap}, or the messages left in a {@link Reservation}. It
 * names the limit, what it applies to (the day, or the reservation's id), the limit's value, how
 * much of it is taken and what the request needed. Nothing was charged or reserved.
 */
public final class QuotaExceededException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The {@link #limit()} of the daily cap. */
    public static final String DAILY_CAP = "dailyCap";
    /** The {@link #limit()} of a reservation's size. */
    public static final String RESERVATION = "reservation";

    private final String limit;
    private final String scope;
    private final long allowed;
    private final long taken;
    private final long requested;

    /**
     * Creates the exception.
     *
     * @param limit the limit's name, {@link #DAILY_CAP} or {@link #RESERVATION}
     * @param scope what the limit applies to: the day ({@code 2025-03-01}) or the reservation's id
     * @param allowed the limit's value in messages
     * @param taken how many messages of it are already charged, reserved or released
     * @param requested how many messages the request needed
     */
    public QuotaExceededException(String limit, String scope, long allowed, long taken, long requested) {
        super("Quota limit " + limit + " for " + scope + " is " + allowed + " messages; " + taken
                + " are already taken and the request needs " + requested);
        this.limit = limit;
        this.scope = scope;
        this.allowed = allowed;
        this.taken = taken;
        this.requested = requested;
    }

    /** {@return the limit's name: {@link #DAILY_CAP} or {@link #RESERVATION}} */
    public String limit() {
        return limit;
    }

    /** {@return what the limit applies to: the day as {@code yyyy-MM-dd}, or the reservation's id} */
    public String scope() {
        return scope;
    }

    /** {@return the limit's value in messages} */
    public long allowed() {
        return allowed;
    }

    /** {@return how many messages of the limit are already charged, reserved or (for a reservation) released} */
    public long taken() {
        return taken;
    }

    /** {@return how many messages the refused request needed} */
    public long requested() {
        return requested;
    }
}
