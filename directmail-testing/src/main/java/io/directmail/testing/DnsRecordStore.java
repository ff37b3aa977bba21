package io.directmail.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The records a {@link LoopbackDnsServer} answers from, by owner name. Thread-safe: set-up calls
 * from a test thread and lookups from the server's threads may run at once; every read sees either
 * all or none of one change.
 */
final class DnsRecordStore {

    private final Map<Name, List<Record>> byOwner = new HashMap<>();

    /** Adds a record unless an equal one (same owner, type, class and data) is present. */
    synchronized void add(Record record) {
        List<Record> records = byOwner.computeIfAbsent(record.getName(), name -> new ArrayList<>());
        if (!records.contains(record)) {
            records.add(record);
        }
    }

    /** Replaces every record of the record's owner and type by this one record. */
    synchronized void replace(Record record) {
        List<Record> records = byOwner.computeIfAbsent(record.getName(), name -> new ArrayList<>());
        records.removeIf(existing -> existing.getType() == record.getType());
        records.add(record);
    }

    /** Forgets every record of a name. */
    synchronized void remove(Name owner) {
        byOwner.remove(owner);
    }

    /** Returns a copy of the records of a name, of every type; empty when there are none. */
    synchronized List<Record> recordsOf(Name owner) {
        return List.copyOf(byOwner.getOrDefault(owner, List.of()));
    }

    /**
     * Returns true when the name owns records or is an ancestor of a name that does (an "empty
     * non-terminal", which exists in DNS and answers NODATA rather than NXDOMAIN).
     */
    synchronized boolean exists(Name name) {
        for (Map.Entry<Name, List<Record>> entry : byOwner.entrySet()) {
            if (!entry.getValue().isEmpty() && entry.getKey().subdomain(name)) {
                return true;
            }
        }
        return false;
    }
}
