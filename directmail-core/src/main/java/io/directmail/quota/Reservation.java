package io.directmail.quota;

import io.directmail.internal.quota.OpenReservation;
import java.time.LocalDate;

/**
 * Room under a day's cap set aside for one batch by {@link QuotaLedger#reserve(String, int)}. The
 * batch's messages are charged against it with {@link #charge(String, int)}; {@link #release()}
 * closes it and returns the unused part, for example when the batch is cancelled or finished.
 *
 * <p>Thread-safe: it works under its ledger's lock. A handle to a released reservation stays
 * closed, even if a new reservation later opens with the same id.
 */
public final class Reservation {

    private final QuotaLedger ledger;
    private final OpenReservation state;

    Reservation(QuotaLedger ledger, OpenReservation state) {
        this.ledger = ledger;
        this.state = state;
    }

    /** {@return the reservation's id, usually the batch's} */
    public String id() {
        return state.id();
    }

    /** {@return the day whose cap it takes from, in the policy's zone} */
    public LocalDate day() {
        return state.day();
    }

    /** {@return how many messages it was made for} */
    public long messages() {
        return state.messages();
    }

    /** {@return how many of its messages have been charged} */
    public long charged() {
        return ledger.locked(state::charged);
    }

    /** {@return how many more messages can be charged against it: 0 once released} */
    public long remaining() {
        return ledger.locked(state::remaining);
    }

    /** {@return whether it is still open} */
    public boolean isOpen() {
        return ledger.locked(state::isOpen);
    }

    /**
     * Charges one message of the batch. The same as {@link #charge(String, int) charge(messageId, 1)}.
     *
     * @param messageId the accepted message's id
     * @return the charge, or the earlier charge of this id
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id is not valid
     * @throws QuotaExceededException if the reservation has no message left or is released
     */
    public LedgerEntry.Charged charge(String messageId) {
        return charge(messageId, 1);
    }

    /**
     * Charges an accepted message of the batch against this reservation instead of the daily cap.
     * It is priced like {@link QuotaLedger#charge(String, int)}: free allowance, packages, then
     * pay-as-you-go, on the day it is charged. If the id was already charged within the idempotency
     * window, through this reservation or not, nothing changes and that charge is returned.
     *
     * @param messageId the accepted message's id
     * @param count how many messages it counts as, at least 1
     * @return the charge, or the earlier charge of this id
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id or the count is not valid
     * @throws QuotaExceededException if fewer than {@code count} messages are left in the reservation,
     *     or it is released; nothing is charged
     */
    public LedgerEntry.Charged charge(String messageId, int count) {
        return ledger.charge(messageId, count, state);
    }

    /**
     * Charges one message of the reservation, as {@link #charge(String)} does, then releases the
     * rest, as {@link #release()} does, handed to the ledger's journal together (in one write to a
     * shared journal): for a reservation made to hold a place under the cap for one message until
     * it is accepted. If the charge is refused,
     * the reservation is released all the same.
     *
     * @param messageId the accepted message's id
     * @return the charge, or the earlier charge of this id
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id is not valid; nothing is written
     * @throws QuotaExceededException if the reservation has no message left or is released
     */
    public LedgerEntry.Charged chargeAndRelease(String messageId) {
        return ledger.chargeAndRelease(messageId, 1, state);
    }

    /**
     * Closes the reservation and returns its unused messages to its day's cap. Releasing a closed
     * reservation does nothing.
     *
     * @return how many unused messages were returned; 0 if it was already closed
     */
    public long release() {
        return ledger.release(state);
    }

    @Override
    public String toString() {
        return "Reservation[" + id() + " on " + day() + ", " + charged() + " of " + messages() + " charged"
                + (isOpen() ? "" : ", released") + "]";
    }
}
