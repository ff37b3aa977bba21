package io.directmail.account;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when an account names a sending domain it does not have: to remove or verify it, or to
 * add a sender address on it. Nothing has been changed.
 */
public final class UnknownDomainException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String domain;

    /**
     * Creates the exception.
     *
     * @param account the account
     * @param domain the domain it does not have
     */
    public UnknownDomainException(String account, String domain) {
        super("Account " + account + " has no sending domain " + domain + "; add it first");
        this.domain = domain;
    }

    /** Returns the domain. */
    public String domain() {
        return domain;
    }
}
