package io.directmail.internal.quota;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The state of one reservation: how many messages it holds and how many are charged, and whether it
 * is still open. The counters are guarded by the ledger's lock; one instance stands for one
 * reservation, so a handle to a released reservation stays closed even if its id is reused.
 */
public final class OpenReservation {

    private final String id;
    private final Instant at;
    private final LocalDate day;
    private final long messages;
    private long charged;
    private boolean open = true;

    OpenReservation(String id, Instant at, LocalDate day, long messages, long charged) {
        this.id = id;
        this.at = at;
        this.day = day;
        this.messages = messages;
        this.charged = charged;
    }

    /** {@return the reservation's id} */
    public String id() {
        return id;
    }

    /** {@return when it was made} */
    public Instant at() {
        return at;
    }

    /** {@return the day whose cap it takes from} */
    public LocalDate day() {
        return day;
    }

    /** {@return how many messages it holds} */
    public long messages() {
        return messages;
    }

    /** {@return how many of its messages are charged} */
    public long charged() {
        return charged;
    }

    /** {@return how many messages can still be charged against it: 0 once released} */
    public long remaining() {
        return open ? messages - charged : 0;
    }

    /** {@return whether it is still open} */
    public boolean isOpen() {
        return open;
    }

    void charge(long count) {
        charged += count;
    }

    void close() {
        open = false;
    }

    void reopen() {
        open = true;
    }
}
