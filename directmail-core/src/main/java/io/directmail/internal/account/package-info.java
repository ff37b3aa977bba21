/**
 * How {@link io.directmail.account.SendingIdentities} and the managed accounts work: the tables the
 * identities keep, the DKIM keys made for new domains, the verifier that looks a domain's records
 * up in DNS and judges them, the accounts' records in the store, and how the nodes sharing a store
 * order their changes of the accounts and take in each other's ({@link
 * io.directmail.internal.account.ModelSync}). Not API: may change without notice.
 */
package io.directmail.internal.account;
