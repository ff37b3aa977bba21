package io.directmail.internal.store.embedded;

import io.directmail.internal.store.KeyOrder;
import io.directmail.internal.store.journal.JournalCorruptedException;
import io.directmail.internal.store.journal.RecordLocation;
import io.directmail.internal.store.journal.RecordVisitor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * Rebuilds the index of the keyed-records journal at open. Records arrive in file order, which
 * is not append order once compaction has copied records forward, so the record of a kind and key
 * with the highest sequence wins, whatever its place; the same sequence twice is one record (a
 * copy whose original was not deleted yet), and the later copy is kept. For the kinds that have a
 * loader, the winning value is kept too and handed to the loader at the end. Single-threaded,
 * used once.
 */
final class RecordReplay implements RecordVisitor {

    /** The record of a kind and key with the highest sequence so far, and its value if it is loaded. */
    private static final class Replayed {
        long sequence;
        RecordLocation location;
        boolean removed;
        byte[] loaded;
    }

    private final Path directory;
    private final Map<String, BiConsumer<String, byte[]>> loaders;
    private final Map<String, Map<String, Replayed>> latest = new HashMap<>();

    /**
     * @param directory the journal's directory, for naming a damaged file
     * @param loaders for some kinds, what receives each live value once the replay is complete
     */
    RecordReplay(Path directory, Map<String, BiConsumer<String, byte[]>> loaders) {
        this.directory = directory;
        this.loaders = loaders;
    }

    @Override
    public void visit(RecordLocation location, long sequence, byte type, ByteBuffer payload) {
        RecordCodec.Head head;
        try {
            if (type != RecordCodec.PUT && type != RecordCodec.REMOVE) {
                throw new IllegalArgumentException("unknown record type " + type);
            }
            head = RecordCodec.head(payload);
        } catch (RuntimeException e) {
            throw damaged(location, sequence, "is intact but not a keyed record: " + e.getMessage());
        }
        Map<String, Replayed> ofKind = latest.computeIfAbsent(head.kind(), k -> new HashMap<>());
        Replayed replayed = ofKind.get(head.key());
        if (replayed != null && replayed.sequence > sequence) {
            return;
        }
        if (replayed == null) {
            replayed = new Replayed();
            ofKind.put(head.key(), replayed);
        }
        replayed.sequence = sequence;
        replayed.location = location;
        replayed.removed = type == RecordCodec.REMOVE;
        replayed.loaded = null;
        if (!replayed.removed && loaders.containsKey(head.kind())) {
            ByteBuffer value = payload.duplicate();
            value.position(value.position() + head.valueOffset());
            replayed.loaded = new byte[value.remaining()];
            value.get(replayed.loaded);
        }
    }

    /**
     * Builds the index from the latest record of each kind and key (removals included: they
     * stay live) and hands the loaded values to their loaders.
     *
     * @return the index
     * @throws JournalCorruptedException naming the record if a loader refuses its value
     */
    ConcurrentHashMap<String, ConcurrentSkipListMap<String, RecordJournal.Latest>> finish() {
        ConcurrentHashMap<String, ConcurrentSkipListMap<String, RecordJournal.Latest>> index = new ConcurrentHashMap<>();
        latest.forEach((kind, records) -> {
            ConcurrentSkipListMap<String, RecordJournal.Latest> ofKind = new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS);
            BiConsumer<String, byte[]> loader = loaders.get(kind);
            records.forEach((key, replayed) -> {
                ofKind.put(key, new RecordJournal.Latest(replayed.location, replayed.removed));
                if (replayed.loaded != null) {
                    try {
                        loader.accept(key, replayed.loaded);
                    } catch (RuntimeException e) {
                        throw damaged(replayed.location, replayed.sequence, "is not a valid " + kind + " record: "
                                + e.getMessage());
                    }
                }
            });
            index.put(kind, ofKind);
        });
        latest.clear();
        return index;
    }

    private JournalCorruptedException damaged(RecordLocation location, long sequence, String problem) {
        return new JournalCorruptedException(directory.resolve(String.format("%020d.log", location.segment())),
                location.offset(), "the record (sequence " + sequence + ") " + problem);
    }
}
