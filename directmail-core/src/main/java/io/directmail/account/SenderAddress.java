package io.directmail.account;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import java.time.Instant;
import java.util.Objects;

/**
 * An address an account sends mail from, on one of its {@linkplain SendingDomain sending domains}.
 * It sends one {@link MailType} only: trigger mail and batch mail come from different addresses,
 * so that receivers judge the reputation of each apart.
 *
 * <p>It may carry the hash of an SMTP password, with which the SMTP listener authenticates
 * clients that send as this address. The hash is opaque here: an encoded, salted, slow hash made
 * and checked by the password hashing of the SMTP listener; the password itself is never stored.
 * {@link #toString()} does not show it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the address mail is sent from (the From header and the account's envelope)
 * @param account the id of the account the address belongs to
 * @param type the only kind of mail the address sends
 * @param replyTo where replies go when a message names no Reply-To of its own, or {@code null}
 * @param smtpPasswordHash the encoded hash of the address's SMTP password, or {@code null} when it
 *     has none; 1 to {@value #MAX_PASSWORD_HASH_CHARS} printable ASCII characters
 * @param createdAt when the address was added
 */
public record SenderAddress(EmailAddress address, String account, MailType type, EmailAddress replyTo,
        String smtpPasswordHash, Instant createdAt) {

    /** The longest encoded password hash accepted. */
    public static final int MAX_PASSWORD_HASH_CHARS = 512;

    /**
     * Validates the parts.
     *
     * @throws NullPointerException if the address, account, type or creation time is null
     * @throws IllegalArgumentException if the account id or the password hash breaks its rule
     */
    public SenderAddress {
        Objects.requireNonNull(address, "address");
        AccountIds.check(account);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        if (smtpPasswordHash != null) {
            checkHash(smtpPasswordHash);
        }
    }

    /** Returns the domain of the address, lower-case ASCII. */
    public String domain() {
        return address.domain();
    }

    /** Returns true when an SMTP password is set. */
    public boolean hasSmtpPassword() {
        return smtpPasswordHash != null;
    }

    /** Returns a copy with another reply-to address, or none for {@code null}. */
    public SenderAddress withReplyTo(EmailAddress value) {
        return new SenderAddress(address, account, type, value, smtpPasswordHash, createdAt);
    }

    /** Returns a copy with another encoded SMTP password hash, or none for {@code null}. */
    public SenderAddress withSmtpPasswordHash(String value) {
        return new SenderAddress(address, account, type, replyTo, value, createdAt);
    }

    /** Returns the parts, with only whether an SMTP password is set instead of its hash. */
    @Override
    public String toString() {
        return "SenderAddress[address=" + address + ", account=" + account + ", type=" + type
                + ", replyTo=" + replyTo + ", smtpPassword=" + (hasSmtpPassword() ? "set" : "none")
                + ", createdAt=" + createdAt + "]";
    }

    private static void checkHash(String hash) {
        if (hash.isEmpty() || hash.length() > MAX_PASSWORD_HASH_CHARS
                || !hash.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("smtpPasswordHash must be 1 to " + MAX_PASSWORD_HASH_CHARS
                    + " printable ASCII characters without spaces (" + hash.length() + " characters given)");
        }
    }
}
