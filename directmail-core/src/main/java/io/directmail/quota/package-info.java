/**
 * Quota and billing: the {@link io.directmail.quota.QuotaPolicy} of an account (daily free
 * allowance, pay-as-you-go price, package validity, optional daily cap, the account's time zone),
 * its {@link io.directmail.quota.ResourcePackage resource packages}, and the
 * {@link io.directmail.quota.QuotaLedger} that charges each accepted message exactly once, reserves
 * a batch's messages up front and reports what a day or a month used and cost.
 *
 * <p>Money is {@link java.math.BigDecimal}, never floating point. A request beyond a limit is
 * refused with a {@link io.directmail.quota.QuotaExceededException} naming the limit and the values;
 * unusable input with an {@link io.directmail.quota.InvalidQuotaInputException}. The ledger's state
 * is a list of immutable {@link io.directmail.quota.LedgerEntry entries}, so a store can persist it
 * and rebuild it.
 */
package io.directmail.quota;
