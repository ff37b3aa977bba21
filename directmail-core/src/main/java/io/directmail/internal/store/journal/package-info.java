/**
 * The append-only, checksummed, group-committed journal under the embedded mail store.
 *
 * <p>{@link io.directmail.internal.store.journal.Journal} is the entry point. A journal is a
 * directory of segment files; each record is framed with its length, a CRC32C and an
 * application-defined type byte, and an append returns only once the record is on stable
 * storage. Concurrent appends share one write and one {@code fsync} (group commit). The store
 * above rebuilds its in-memory index by replaying the journal at open, keeps only record
 * locations in memory (never message bodies), and reclaims disk space with
 * {@link io.directmail.internal.store.journal.Journal#compact(LivenessOracle)}.
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.store.journal;
