package io.directmail;

/** Where a recipient of a message stands. Also the kind of every {@link DeliveryEvent}. */
public enum DeliveryStatus {
    /** Accepted and stored; no delivery attempt has finished yet. */
    QUEUED(false),
    /** The recipient's mail exchanger (or the relay) accepted the message. Final. */
    DELIVERED(true),
    /** The last attempt failed temporarily (4xx reply, timeout, network or DNS trouble). */
    DEFERRED(false),
    /** The message was refused permanently (5xx reply, no such domain, null MX). Final. */
    BOUNCED(true);

    private final boolean terminal;

    DeliveryStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Returns true when nothing more will happen to this recipient. */
    public boolean isTerminal() {
        return terminal;
    }
}
