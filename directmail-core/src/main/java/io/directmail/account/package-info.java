/**
 * Who may send: the sending domains of each account, with the DNS records their owners publish
 * and the check that they did ({@link io.directmail.account.SendingDomain},
 * {@link io.directmail.account.DnsRecord}, {@link io.directmail.account.DomainVerification}), and
 * the sender addresses on them ({@link io.directmail.account.SenderAddress}). The registry
 * {@link io.directmail.account.SendingIdentities} keeps them and enforces the rules of an
 * {@link io.directmail.account.IdentityPolicy}.
 *
 * <p>All values in this package are immutable and thread-safe records, so that they can be stored
 * as they are. Every refusal is a {@link io.directmail.DirectMailException} subclass named after
 * what went wrong; those that refuse a message ({@link io.directmail.account.UnknownSenderAddressException},
 * {@link io.directmail.account.SenderTypeMismatchException},
 * {@link io.directmail.account.DomainNotVerifiedException}) are
 * {@link io.directmail.InvalidMailException}s, and a limit reached is a
 * {@link io.directmail.LimitExceededException} naming it.
 */
package io.directmail.account;
