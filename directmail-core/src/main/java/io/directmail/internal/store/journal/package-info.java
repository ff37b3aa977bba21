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
 * <h2>What the store above must do</h2>
 * <ul>
 *   <li><b>Make records self-describing.</b> The journal knows types and bytes, not keys. Each
 *       record names what it is about (a message id, a registry key) so replay can rebuild the
 *       index; a change of state is a new record, never an update in place.
 *   <li><b>Order by sequence, not by position.</b> Compaction copies live records to the end of
 *       the journal with their original sequence number, so a copied "message queued" record
 *       can appear after a later "message deferred" record. When records about one key
 *       disagree, the higher sequence wins; the same sequence seen twice is one record (a copy
 *       whose original had not been deleted yet when the process stopped).
 *   <li><b>Delete with tombstones.</b> A delete is an appended record. The tombstone must stay
 *       live while any older record of its key may still be on disk (including a copy made by a
 *       compaction that raced with the delete, reported through
 *       {@link io.directmail.internal.store.journal.LivenessOracle#relocated}); otherwise replay
 *       would resurrect the key.
 *   <li><b>Follow relocations.</b> After {@code relocated(from, to)} the record is read at
 *       {@code to}; a read that races with compaction gets a
 *       {@link io.directmail.internal.store.journal.RecordNotFoundException} and looks the
 *       location up again.
 *   <li><b>Run compaction.</b> The journal never compacts by itself; the store calls
 *       {@code compact} on its own executor, for example whenever a few segments were sealed.
 * </ul>
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.store.journal;
