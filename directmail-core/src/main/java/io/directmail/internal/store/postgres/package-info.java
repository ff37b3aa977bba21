/**
 * The PostgreSQL {@link io.directmail.store.MailStore}, for several nodes sharing one queue:
 * tables and versioned schema scripts ({@code V<n>__*.sql} next to these classes, applied by
 * {@code SchemaMigrations}), claims with leases taken with {@code FOR UPDATE SKIP LOCKED}, and
 * times kept exactly (see {@code Timestamps}).
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.store.postgres;
