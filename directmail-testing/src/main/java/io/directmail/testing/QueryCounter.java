package io.directmail.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Name;

/** Counts the queries a {@link LoopbackDnsServer} received, by name, type and transport. Thread-safe. */
final class QueryCounter {

    private record Key(Name name, int type, boolean tcp) {}

    private final Map<Key, AtomicInteger> counts = new ConcurrentHashMap<>();

    void record(Name name, int type, boolean tcp) {
        counts.computeIfAbsent(new Key(name, type, tcp), key -> new AtomicInteger()).incrementAndGet();
    }

    int count(Name name, int type, boolean tcp) {
        AtomicInteger count = counts.get(new Key(name, type, tcp));
        return count == null ? 0 : count.get();
    }
}
