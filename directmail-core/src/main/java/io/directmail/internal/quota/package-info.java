/**
 * Internal: the state behind {@code io.directmail.quota.QuotaLedger} — per-day totals, package
 * balances, open reservations and the charges still inside the idempotency window — and how ledger
 * entries change it. Not API; may change without notice.
 */
package io.directmail.internal.quota;
