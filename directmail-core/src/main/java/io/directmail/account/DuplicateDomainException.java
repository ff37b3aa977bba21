package io.directmail.account;

import io.directmail.DirectMailException;
import java.io.Serial;

/** Thrown when an account adds a domain it already has. Nothing has been changed. */
public final class DuplicateDomainException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String domain;

    /**
     * Creates the exception.
     *
     * @param account the account
     * @param domain the domain it already has
     */
    public DuplicateDomainException(String account, String domain) {
        super("Account " + account + " already has the sending domain " + domain);
        this.domain = domain;
    }

    /** Returns the domain. */
    public String domain() {
        return domain;
    }
}
