package io.directmail.account;

import io.directmail.InvalidMailException;
import java.io.Serial;

/**
 * Thrown when an instance that sends for managed accounts only is given mail of an account id that
 * is not a managed account (see {@code DirectMail.Builder.managedAccountsOnly()}). Nothing has been
 * queued or charged.
 */
public final class UnknownAccountException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String account;

    /**
     * Creates the exception.
     *
     * @param account the account id the mail named
     */
    public UnknownAccountException(String account) {
        super("Account " + account + " is not a managed account, and this instance sends for managed accounts only");
        this.account = account;
    }

    /** Returns the account id. */
    public String account() {
        return account;
    }
}
