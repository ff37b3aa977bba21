/**
 * How {@link io.directmail.account.SendingIdentities} works: the tables it keeps, the DKIM keys it
 * makes for new domains, and the verifier that looks a domain's records up in DNS and judges
 * them. Not API: may change without notice.
 */
package io.directmail.internal.account;
