package io.directmail;

/**
 * Receives an event for every change of a recipient's status. Register listeners on the
 * builder with {@link DirectMail.Builder#listener(DeliveryListener)}.
 *
 * <p>Called from delivery threads, possibly concurrently: implementations must be thread-safe
 * and quick (hand heavy work to your own executor). An exception thrown by a listener is logged
 * and otherwise ignored; it never affects delivery or other listeners.
 */
@FunctionalInterface
public interface DeliveryListener {

    /**
     * Called once per status change of one recipient.
     *
     * @param event what happened
     */
    void onEvent(DeliveryEvent event);
}
