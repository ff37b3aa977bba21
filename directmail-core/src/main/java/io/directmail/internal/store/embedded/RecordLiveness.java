package io.directmail.internal.store.embedded;

import io.directmail.internal.store.journal.LivenessOracle;
import io.directmail.internal.store.journal.RecordLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;

/**
 * Answers the compaction of the keyed-records journal for one run. Live: the latest record of
 * each kind and key, a removal included (it must outlive the older records it overrides); every
 * other record is dead.
 *
 * <p>As in {@link LiveRecords}, the index has no map from location to key: when the compactor
 * first asks about a sealed segment, this oracle finds the keys whose latest record is in it, in
 * one pass over the index, after taking and releasing the journal's registration lock
 * exclusively, so that no write whose record is durable in that segment is still on its way into
 * the index. Called on one thread.
 */
final class RecordLiveness implements LivenessOracle {

    /** A key whose latest record is in the segment at hand. */
    private record Owner(ConcurrentSkipListMap<String, RecordJournal.Latest> ofKind, String key) {}

    private final Map<String, ConcurrentSkipListMap<String, RecordJournal.Latest>> index;
    private final Lock registration;
    private long segment = -1;
    private Map<Long, Owner> owners = Map.of();

    RecordLiveness(Map<String, ConcurrentSkipListMap<String, RecordJournal.Latest>> index, Lock registration) {
        this.index = index;
        this.registration = registration;
    }

    @Override
    public boolean isLive(RecordLocation location, long sequence, byte type) {
        Owner owner = ownersOf(location.segment()).get(location.offset());
        if (owner == null) {
            return false;
        }
        RecordJournal.Latest latest = owner.ofKind().get(owner.key());
        return latest != null && latest.location().equals(location);
    }

    /** Points the key at the copy, unless a newer record of it was written meanwhile (then the copy is dead). */
    @Override
    public void relocated(RecordLocation from, RecordLocation to) {
        Owner owner = ownersOf(from.segment()).get(from.offset());
        if (owner == null) {
            return;
        }
        RecordJournal.Latest latest = owner.ofKind().get(owner.key());
        if (latest != null && latest.location().equals(from)) {
            owner.ofKind().replace(owner.key(), latest, new RecordJournal.Latest(to, latest.removed()));
        }
    }

    private Map<Long, Owner> ownersOf(long number) {
        if (number == segment) {
            return owners;
        }
        // A barrier, not a critical section: once every writer in flight has registered its
        // record, nothing more can land in this sealed segment.
        registration.lock();
        registration.unlock();
        Map<Long, Owner> found = new HashMap<>();
        index.values().forEach(ofKind -> ofKind.forEach((key, latest) -> {
            if (latest.location().segment() == number) {
                found.put(latest.location().offset(), new Owner(ofKind, key));
            }
        }));
        segment = number;
        owners = found;
        return owners;
    }
}
