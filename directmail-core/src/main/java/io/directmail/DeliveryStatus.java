package io.directmail;

/**
 * Where a recipient of a message stands. Also the kind of every {@link DeliveryEvent}. A recipient
 * goes from {@code QUEUED} to {@code DELIVERED}, {@code BOUNCED} or {@code EXPIRED}, possibly
 * through {@code DEFERRED} (after each temporary failure, until the next retry).
 *
 * <p>Stores persist these by ordinal: new constants go at the end only.
 */
public enum DeliveryStatus {
    /** Accepted and stored; no delivery attempt has finished yet. */
    QUEUED(false),
    /** The recipient's mail exchanger (or the relay) accepted the message. Final. */
    DELIVERED(true),
    /** The last attempt failed temporarily (4xx reply, timeout, network or DNS trouble). */
    DEFERRED(false),
    /** The message was refused permanently (5xx reply, no such domain, null MX). Final. */
    BOUNCED(true),
    /** Every attempt failed temporarily until the {@link RetryPolicy#lifetime() lifetime} ran out. Final. */
    EXPIRED(true),
    /** Not sent: the address is on the suppression list (an earlier hard bounce, an unsubscribe). Final. */
    SUPPRESSED(true);

    private final boolean terminal;

    DeliveryStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Returns true when nothing more will happen to this recipient. */
    public boolean isTerminal() {
        return terminal;
    }
}
