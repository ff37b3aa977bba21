package io.directmail.batch;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.MailType;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingIdentities;

/**
 * Decides whether an account may send a kind of mail from an address. {@link Batches} asks it
 * before a batch reserves its quota and again whenever the batch's runner starts (after a
 * resume or a restart), always for {@link MailType#BATCH} mail.
 *
 * <p>{@link SendingIdentities#checkSendable} is one: {@code .senderCheck(identities::checkSendable)}.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SenderCheck {

    /**
     * Checks that an account may send mail of a type from an address.
     *
     * @param account the account
     * @param from the address the mail is sent from
     * @param type the kind of mail
     * @return the sender address, whose type must be {@code type} and whose reply-to address,
     *     if any, every message gets
     * @throws InvalidMailException (for example an
     *     {@link io.directmail.account.UnknownSenderAddressException}) if the account may not
     */
    SenderAddress check(String account, EmailAddress from, MailType type);
}
