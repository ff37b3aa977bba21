package io.directmail.account;

import io.directmail.internal.account.IdentityTables;
import java.util.List;

/**
 * The whole state of a {@link SendingIdentities}: every sending domain and sender address of
 * every account. {@link SendingIdentities#snapshot()} exports it, and
 * {@link SendingIdentities.Builder#restore(IdentitySnapshot)} rebuilds a registry from it, so
 * that the registry can be persisted as these records.
 *
 * <p>A snapshot is consistent: no domain is listed twice, a domain and its parent or subdomain
 * belong to the same account, and every sender address is listed once, on a domain of its own
 * account. Limits are not checked: records restored after a limit was lowered stay, and only new
 * ones are refused.
 *
 * <p>Immutable and thread-safe.
 *
 * @param domains the sending domains
 * @param senderAddresses the sender addresses
 */
public record IdentitySnapshot(List<SendingDomain> domains, List<SenderAddress> senderAddresses) {

    /** A snapshot without domains or sender addresses. */
    public static final IdentitySnapshot EMPTY = new IdentitySnapshot(List.of(), List.of());

    /**
     * Copies the records and checks that they are consistent.
     *
     * @throws NullPointerException if a list or a record is null
     * @throws IllegalArgumentException naming the first record that breaks a rule
     */
    public IdentitySnapshot {
        domains = List.copyOf(domains);
        senderAddresses = List.copyOf(senderAddresses);
        IdentityTables.of(domains, senderAddresses);
    }
}
