package io.directmail;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient asked to receive no more mail of an account, for example through the
 * {@code List-Unsubscribe} link of a batch message. Listeners get it through
 * {@link DeliveryListener#onUnsubscribe(UnsubscribeEvent)}.
 *
 * <p>It is an event about an address, not a change of a message's delivery status: the message it
 * came through keeps its {@link DeliveryStatus} (usually {@code DELIVERED}). Once the address is on
 * the account's unsubscribe list ({@link DirectMail#unsubscribe}), later batch mail of the account
 * to it gets the status {@link DeliveryStatus#SUPPRESSED} for that recipient.
 *
 * @param address the address that unsubscribed
 * @param account the account it unsubscribed from ({@link Mail#account()})
 * @param messageId the id of the message whose link was used, or {@code null} when that is not
 *     known: a one-click link names the batch, not the message, and an unsubscribe may come
 *     another way (a reply, a form, an operator)
 * @param tag the statistics tag of that message, or {@code null}
 * @param at when it happened, by the engine's clock
 * @param detail how it happened, for the record; never {@code null}
 */
public record UnsubscribeEvent(EmailAddress address, String account, String messageId, String tag, Instant at, String detail) {

    /** Validates that the required parts are present. */
    public UnsubscribeEvent {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
    }
}
