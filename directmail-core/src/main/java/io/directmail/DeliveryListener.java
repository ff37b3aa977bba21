package io.directmail;

/**
 * Receives an event for every change of a recipient's status, and for every unsubscribe. Register
 * listeners on the builder with {@link DirectMail.Builder#listener(DeliveryListener)}.
 *
 * <p>Called from delivery threads, possibly concurrently: implementations must be thread-safe
 * and quick (hand heavy work to your own executor). An exception thrown by a listener is logged
 * and otherwise ignored; it never affects delivery or other listeners.
 */
@FunctionalInterface
public interface DeliveryListener {

    /**
     * Called once per status change of one recipient: {@code QUEUED} or {@code SUPPRESSED} when a
     * message is accepted, then {@code DEFERRED} after each temporary failure and finally
     * {@code DELIVERED}, {@code BOUNCED} or {@code EXPIRED}.
     *
     * @param event what happened
     */
    void onEvent(DeliveryEvent event);

    /**
     * Called once per unsubscribe. Unsubscribes change no delivery status, so they do not come
     * through {@link #onEvent(DeliveryEvent)}: a listener that switches over
     * {@link DeliveryEvent#type()} never meets an unexpected kind. Does nothing unless overridden.
     *
     * @param event who unsubscribed, from which account, through which message
     */
    default void onUnsubscribe(UnsubscribeEvent event) {
    }
}
