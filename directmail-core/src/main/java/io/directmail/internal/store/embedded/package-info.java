/**
 * The embedded, crash-safe {@link io.directmail.store.MailStore}: one journal
 * ({@link io.directmail.internal.store.journal}) in the store's directory and an index in the
 * heap holding each message's compact metadata and record locations, never its content.
 *
 * <p>Record formats are described in {@code MessageCodec}; how the index is rebuilt in
 * {@code IndexReplay}; which records compaction keeps in {@code LiveRecords}; why tombstones are
 * safe to drop in {@code Tombstone}.
 *
 * <p>The keyed records and the suppression list live in a second journal, {@code RecordJournal}
 * (formats in {@code RecordCodec}, replay in {@code RecordReplay}, compaction in
 * {@code RecordLiveness}); the suppression list is one kind of record there
 * ({@code SuppressionRecords}).
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.store.embedded;
