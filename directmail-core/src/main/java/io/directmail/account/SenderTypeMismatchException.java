package io.directmail.account;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.MailType;
import java.io.Serial;

/**
 * Thrown when mail of one {@link MailType} is to be sent from a sender address of the other: a
 * newsletter from a trigger address, or a password reset from a batch address. Keeping the two
 * apart keeps the reputation of trigger mail clear of complaints about batch mail. Nothing has
 * been queued.
 */
public final class SenderTypeMismatchException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String address;
    private final MailType addressType;
    private final MailType mailType;

    /**
     * Creates the exception.
     *
     * @param address the sender address
     * @param addressType the type of mail the address sends
     * @param mailType the type of the mail that was to be sent
     */
    public SenderTypeMismatchException(EmailAddress address, MailType addressType, MailType mailType) {
        super("Sender address " + address + " sends " + addressType + " mail only, but the mail is " + mailType
                + "; send it from a " + mailType + " sender address");
        this.address = address.address();
        this.addressType = addressType;
        this.mailType = mailType;
    }

    /** Returns the sender address. */
    public String address() {
        return address;
    }

    /** Returns the type of mail the address sends. */
    public MailType addressType() {
        return addressType;
    }

    /** Returns the type of the refused mail. */
    public MailType mailType() {
        return mailType;
    }
}
