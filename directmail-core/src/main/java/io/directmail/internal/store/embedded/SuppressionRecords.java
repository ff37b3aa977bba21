package io.directmail.internal.store.embedded;

import io.directmail.EmailAddress;
import io.directmail.Suppression;
import io.directmail.internal.store.SuppressionList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The embedded store's suppression list: the entries in the heap (a {@link SuppressionList}),
 * each kept as a record of the store's {@link RecordJournal} under the kind {@value #KIND} and the
 * address's suppression key, written before the change takes effect. Changes are rare (a hard
 * bounce, an unsubscribe, the application's decision), so they are serialized on this object's
 * monitor, which keeps the list and the journal in step. Thread-safe.
 */
final class SuppressionRecords {

    /** The records' kind; the colon keeps it apart from every kind an application may use. */
    static final String KIND = "dm:suppression";

    private final RecordJournal records;
    private final SuppressionList entries;

    /**
     * @param records the journal the entries are kept in
     * @param entries the list as {@link #loaderInto} rebuilt it when the journal was opened
     */
    SuppressionRecords(RecordJournal records, SuppressionList entries) {
        this.records = records;
        this.entries = entries;
    }

    /**
     * Returns what rebuilds a list from the records the journal replays at open.
     *
     * @param entries the list to fill
     * @return a loader for {@link RecordJournal#open}; it refuses a value whose address does not
     *     have the record's key
     */
    static BiConsumer<String, byte[]> loaderInto(SuppressionList entries) {
        return (key, value) -> {
            Suppression entry = SuppressionCodec.decode(value);
            String expected = SuppressionList.key(entry.address());
            if (!expected.equals(key)) {
                throw new IllegalArgumentException("the entry of " + expected + " is filed under " + key);
            }
            entries.add(entry);
        };
    }

    Optional<Suppression> find(EmailAddress address) {
        return entries.find(address);
    }

    List<Suppression> all() {
        return entries.all();
    }

    /** Lists an address unless it is listed already; returns the entry in force. */
    synchronized Suppression add(Suppression entry) {
        Optional<Suppression> existing = entries.find(entry.address());
        if (existing.isPresent()) {
            return existing.get();
        }
        records.put(KIND, SuppressionList.key(entry.address()), SuppressionCodec.encode(entry));
        return entries.add(entry);
    }

    /** Takes an address off the list; returns true if it was listed. */
    synchronized boolean remove(EmailAddress address) {
        if (entries.find(address).isEmpty()) {
            return false;
        }
        records.remove(KIND, SuppressionList.key(address));
        return entries.remove(address);
    }
}
