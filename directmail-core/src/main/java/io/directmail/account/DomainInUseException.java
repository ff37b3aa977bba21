package io.directmail.account;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when a domain that still has sender addresses is to be removed. Remove its sender
 * addresses first. Nothing has been changed.
 */
public final class DomainInUseException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final int senderAddresses;

    /**
     * Creates the exception.
     *
     * @param domain the domain
     * @param senderAddresses how many sender addresses it still has
     */
    public DomainInUseException(String domain, int senderAddresses) {
        super("Domain " + domain + " still has " + senderAddresses + " sender address"
                + (senderAddresses == 1 ? "" : "es") + "; remove them before the domain");
        this.domain = domain;
        this.senderAddresses = senderAddresses;
    }

    /** Returns the domain. */
    public String domain() {
        return domain;
    }

    /** Returns how many sender addresses it still has. */
    public int senderAddresses() {
        return senderAddresses;
    }
}
