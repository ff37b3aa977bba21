package io.directmail.internal.batch;

import io.directmail.Mail;
import io.directmail.Receipt;
import io.directmail.quota.Reservation;

/**
 * Internal, not API: how a batch hands the mail of a row to {@code DirectMail}, with the batch's
 * quota reservation beside the mail rather than anything in it. Admission takes the place of a
 * managed account's row from that reservation, without looking it up. Only this path says that a
 * mail is a batch row: mail sent through {@code DirectMail.send} is never admitted against a
 * batch's reservation, whatever its idempotency key. Implementations are thread-safe.
 */
@FunctionalInterface
public interface BatchSender {

    /**
     * Sends one row, as {@code DirectMail.send} would.
     *
     * @param mail the row's mail, with the row's idempotency key
     * @param place the batch's open quota reservation, or null when the batch reserved none
     * @return the receipt, or the first receipt of a row sent before with the same key
     * @throws io.directmail.DirectMailException (a subtype naming the problem) as {@code send} throws
     */
    Receipt send(Mail mail, Reservation place);
}
