package io.directmail.account;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import java.io.Serial;

/**
 * Thrown when mail is to be sent from an address that is not one of the account's sender
 * addresses, or when an account names such an address to change or remove it. Nothing has been
 * queued or changed.
 */
public final class UnknownSenderAddressException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String address;

    /**
     * Creates the exception.
     *
     * @param account the account
     * @param address the address it does not have
     */
    public UnknownSenderAddressException(String account, EmailAddress address) {
        super("Account " + account + " has no sender address " + address);
        this.address = address.address();
    }

    /** Returns the address. */
    public String address() {
        return address;
    }
}
