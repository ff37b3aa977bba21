package io.directmail.internal.store.embedded;

import io.directmail.internal.store.DueIndex;
import io.directmail.internal.store.journal.JournalCorruptedException;
import io.directmail.internal.store.journal.RecordLocation;
import io.directmail.internal.store.journal.RecordVisitor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the embedded store's index from the journal at open. Records arrive in file order,
 * which is not append order once compaction has copied records forward, so every decision
 * compares sequence numbers: the highest sequence wins, the same sequence twice is one record
 * (a copy whose original was not deleted yet), and a tombstone hides every record of its message
 * with a lower sequence. Single-threaded, used once.
 *
 * <p>Each record is read once: what the due index needs of a pending message (its lane, account
 * and due time) is taken from the record that holds its latest metadata as it goes by, so that
 * {@link #finish} puts the pending messages in line without reading the journal again.
 */
final class IndexReplay implements RecordVisitor {

    private static final Logger LOG = LoggerFactory.getLogger(IndexReplay.class);

    private final Path journalDirectory;
    private final Map<String, IndexEntry> messages;
    private final Map<String, Tombstone> tombstones;
    private final Map<String, IndexEntry> byIdempotencyKey;
    /** One copy of each account's name, while the replay runs. */
    private final Map<String, String> accounts = new HashMap<>();
    private long maxSequence = -1;
    private int pending;

    IndexReplay(Path journalDirectory, Map<String, IndexEntry> messages, Map<String, Tombstone> tombstones,
                Map<String, IndexEntry> byIdempotencyKey) {
        this.journalDirectory = journalDirectory;
        this.messages = messages;
        this.tombstones = tombstones;
        this.byIdempotencyKey = byIdempotencyKey;
    }

    @Override
    public void visit(RecordLocation location, long sequence, byte type, ByteBuffer payload) {
        maxSequence = Math.max(maxSequence, sequence);
        try {
            if (type != MessageCodec.MESSAGE && type != MessageCodec.STATE && type != MessageCodec.TOMBSTONE) {
                throw new IllegalArgumentException("unknown record type " + type);
            }
            MessageCodec.Head head = MessageCodec.head(payload);
            switch (type) {
                case MessageCodec.MESSAGE -> snapshot(head.messageId(), location, sequence,
                        MessageCodec.messageMeta(payload, head.restOffset()), true);
                case MessageCodec.STATE -> snapshot(head.messageId(), location, sequence,
                        MessageCodec.stateMeta(payload, head.restOffset()), false);
                case MessageCodec.TOMBSTONE -> tombstone(head.messageId(), location, sequence);
                default -> throw new AssertionError(type);
            }
        } catch (RuntimeException e) {
            if (e instanceof JournalCorruptedException) {
                throw e;
            }
            throw new JournalCorruptedException(segmentFile(location), location.offset(),
                    "the record (sequence " + sequence + ") is intact but not a mail store record: " + e.getMessage());
        }
    }

    private void snapshot(String id, RecordLocation location, long sequence, byte[] meta, boolean isMessage) {
        Tombstone tombstone = tombstones.get(id);
        if (tombstone != null) {
            if (sequence < tombstone.sequence) {
                tombstone.firstSegment = Math.min(tombstone.firstSegment, location.segment());
                return;
            }
            // Stored again after the message had been forgotten and its old records were gone.
            tombstones.remove(id);
        }
        IndexEntry entry = messages.get(id);
        if (entry == null) {
            entry = new IndexEntry(id, MessageCodec.idempotencyKey(meta), MessageCodec.finishedAtMillis(meta));
            entry.firstSegment = location.segment();
            entry.durable = true;
            messages.put(id, entry);
        }
        entry.firstSegment = Math.min(entry.firstSegment, location.segment());
        if (sequence >= entry.stateSequence) {
            entry.finishedAtMillis = MessageCodec.finishedAtMillis(meta);
            entry.replayedSchedule = entry.isPending() ? MessageCodec.scheduleOf(meta, this::account) : null;
            entry.state = location;
            entry.stateIsMessage = isMessage;
            entry.stateSequence = sequence;
        }
        if (isMessage && sequence >= entry.contentSequence) {
            entry.content = location;
            entry.contentSequence = sequence;
            entry.ordinal = sequence;
        }
    }

    private void tombstone(String id, RecordLocation location, long sequence) {
        Tombstone earlier = tombstones.get(id);
        if (earlier != null && earlier.sequence >= sequence) {
            if (earlier.sequence == sequence) {
                earlier.location = location;
            }
            return;
        }
        long first = location.segment();
        IndexEntry entry = messages.get(id);
        if (entry != null) {
            if (entry.stateSequence > sequence) {
                return;
            }
            first = Math.min(first, entry.firstSegment);
            messages.remove(id);
        }
        if (earlier != null) {
            first = Math.min(first, earlier.firstSegment);
        }
        tombstones.put(id, new Tombstone(id, location, sequence, first));
    }

    private String account(String name) {
        return accounts.computeIfAbsent(name, n -> n);
    }

    /**
     * Completes the index after the last record: releases the content of final messages, puts
     * the pending ones in line in {@code due}, unclaimed at their due times, and fills the
     * idempotency index.
     *
     * @param due the empty due index to fill
     * @return the highest sequence seen, -1 for an empty journal
     */
    long finish(DueIndex due) {
        for (IndexEntry entry : messages.values()) {
            if (!entry.isPending()) {
                entry.content = null;
            } else if (entry.content == null) {
                LOG.error("Message {} has a pending recipient but its content record is missing from {}; "
                        + "delivery attempts will fail to read it", entry.messageId, journalDirectory);
            }
            if (entry.contentSequence < 0) {
                entry.ordinal = entry.stateSequence;
            }
            MessageCodec.Schedule schedule = entry.replayedSchedule;
            if (schedule != null) {
                entry.replayedSchedule = null;
                entry.slot = new DueIndex.Slot(entry.messageId, schedule.lane(), schedule.account(), entry.ordinal);
                due.schedule(entry.slot, schedule.due(), null);
                pending++;
            }
            if (entry.idempotencyKey != null) {
                byIdempotencyKey.merge(entry.idempotencyKey, entry, (a, b) -> a.ordinal >= b.ordinal ? a : b);
            }
        }
        accounts.clear();
        return maxSequence;
    }

    /** {@return how many pending messages {@link #finish} put in line} */
    int pending() {
        return pending;
    }

    private Path segmentFile(RecordLocation location) {
        return journalDirectory.resolve(String.format("%020d.log", location.segment()));
    }
}
