package io.directmail.account;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import java.io.Serial;

/**
 * Thrown when a sender address is added that exists already, also when spelled with other upper-
 * and lower-case letters in its local part. Nothing has been changed.
 */
public final class DuplicateSenderAddressException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String address;

    /**
     * Creates the exception.
     *
     * @param address the address that was to be added
     * @param existing the address already there
     */
    public DuplicateSenderAddressException(EmailAddress address, EmailAddress existing) {
        super("Sender address " + address + " exists already"
                + (address.equals(existing) ? "" : " as " + existing));
        this.address = address.address();
    }

    /** Returns the address that was to be added. */
    public String address() {
        return address;
    }
}
