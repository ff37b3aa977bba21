package io.directmail.account;

/**
 * The rules {@link SendingIdentities} enforces for every account. The defaults are those of a
 * hosted sender; the embedding application may change them. A request beyond a limit is refused
 * with a {@link io.directmail.LimitExceededException} naming the limit
 * ({@code maxDomainsPerAccount} or {@code maxSenderAddressesPerAccount}), its value and the value
 * asked for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxDomainsPerAccount how many sending domains one account may have; default 5
 * @param maxSenderAddressesPerAccount how many sender addresses one account may have, over all
 *     its domains; default 10
 * @param requireVerifiedDomain whether mail is sent, and sender addresses added, only on verified
 *     domains; default true. Turning it off is for development against domains whose DNS one
 *     cannot change: every time an unverified domain is let through, a warning is logged, and
 *     receivers will treat such mail as unauthenticated
 */
public record IdentityPolicy(int maxDomainsPerAccount, int maxSenderAddressesPerAccount, boolean requireVerifiedDomain) {

    /** The defaults: 5 domains and 10 sender addresses per account, verified domains only. */
    public static final IdentityPolicy DEFAULT = new IdentityPolicy(5, 10, true);

    /**
     * Checks that every limit is at least 1.
     *
     * @throws IllegalArgumentException if a limit is below 1
     */
    public IdentityPolicy {
        if (maxDomainsPerAccount < 1) {
            throw new IllegalArgumentException("maxDomainsPerAccount must be at least 1, was " + maxDomainsPerAccount);
        }
        if (maxSenderAddressesPerAccount < 1) {
            throw new IllegalArgumentException("maxSenderAddressesPerAccount must be at least 1, was "
                    + maxSenderAddressesPerAccount);
        }
    }

    /** Returns a copy with another limit on domains per account. */
    public IdentityPolicy withMaxDomainsPerAccount(int value) {
        return new IdentityPolicy(value, maxSenderAddressesPerAccount, requireVerifiedDomain);
    }

    /** Returns a copy with another limit on sender addresses per account. */
    public IdentityPolicy withMaxSenderAddressesPerAccount(int value) {
        return new IdentityPolicy(maxDomainsPerAccount, value, requireVerifiedDomain);
    }

    /**
     * Returns a copy that does or does not require verified domains. {@code false} is for
     * development only; see {@link #requireVerifiedDomain()}.
     */
    public IdentityPolicy withRequireVerifiedDomain(boolean value) {
        return new IdentityPolicy(maxDomainsPerAccount, maxSenderAddressesPerAccount, value);
    }
}
