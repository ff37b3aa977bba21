package io.directmail.internal.engine;

import io.directmail.DeliveryEvent;
import io.directmail.DeliveryListener;
import io.directmail.UnsubscribeEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each event to every registered listener; a listener that throws is logged and skipped. */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<DeliveryListener> listeners;

    Listeners(List<DeliveryListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void publish(DeliveryEvent event) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("Delivery listener {} threw on {} event for message {}", listener, event.type(), event.messageId(), e);
            }
        }
    }

    void publishUnsubscribe(UnsubscribeEvent event) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.onUnsubscribe(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("Delivery listener {} threw on the unsubscribe of an address of account {}", listener, event.account(), e);
            }
        }
    }
}
