package io.directmail.internal.stats;

import io.directmail.DirectMailException;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.stats.DailyCounts;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the statistics in the store's records, one record per day, account and tag or recipient
 * domain, holding the totals. Increments are added with a compare-and-set, so several nodes
 * sharing a store add up; an increment the store refused is kept and added at the next flush, so
 * none is lost or added twice. Thread-safe.
 */
public final class StoredStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(StoredStatistics.class);
    /** The records' kind. */
    static final String KIND = "dm.stats";
    private static final byte FORMAT = 1;
    private static final int FIGURES = 7;
    /** How often an increment is tried before it waits for the next flush, while other nodes keep changing its record. */
    private static final int MAX_ADD_ATTEMPTS = 16;

    /** How often the counts of a running instance reach the store. */
    private static final int FLUSH_PERIOD_SECONDS = 5;
    private static final Duration FLUSH_PERIOD = Duration.ofSeconds(FLUSH_PERIOD_SECONDS);

    private final MailStore store;
    private final List<DailyCounts> backlog = new ArrayList<>();
    private Instant lastFlush;

    /** @param store where the totals are kept */
    public StoredStatistics(MailStore store) {
        this.store = store;
    }

    /** Fills a recorder with the totals the store holds; a store that cannot be read is logged and skipped. */
    public void restoreInto(StatisticsRecorder recorder) {
        try {
            recorder.restore(load());
        } catch (RuntimeException e) {
            LOG.error("Could not read the stored statistics; counting from zero", e);
        }
    }

    /** Hands the recorder's new counts to the store when {@value #FLUSH_PERIOD_SECONDS} seconds have passed since the last time. */
    public synchronized void flushIfDue(StatisticsRecorder recorder, Instant now) {
        if (lastFlush == null || !now.isBefore(lastFlush.plus(FLUSH_PERIOD))) {
            lastFlush = now;
            flush(recorder);
        }
    }

    /** Hands the recorder's new counts to the store now. */
    public synchronized void flush(StatisticsRecorder recorder) {
        recorder.flush(this::add);
        if (!backlog.isEmpty()) {
            add(List.of());
        }
    }

    /** {@return every row the store holds} */
    public List<DailyCounts> load() {
        List<DailyCounts> rows = new ArrayList<>();
        for (StoredRecord record : store.records(KIND)) {
            try {
                rows.add(decode(record.key(), record.value()));
            } catch (IllegalArgumentException e) {
                LOG.error("Skipping statistics record {}: {}", record.key(), e.getMessage());
            }
        }
        return rows;
    }

    /**
     * Adds increments to the stored totals. Never throws for a store failure: the increments it
     * could not add wait for the next call.
     *
     * @param increments rows of figures to add, each naming a tag or a recipient domain
     */
    public synchronized void add(List<DailyCounts> increments) {
        List<DailyCounts> pending = new ArrayList<>(backlog);
        pending.addAll(increments);
        backlog.clear();
        for (DailyCounts row : pending) {
            try {
                addOne(row);
            } catch (RuntimeException e) {
                backlog.add(row);
                LOG.warn("Could not store statistics for {} on {}; trying again at the next flush", row.account(), row.day(), e);
            }
        }
    }

    private void addOne(DailyCounts row) {
        String key = keyOf(row);
        for (int attempt = 0; attempt < MAX_ADD_ATTEMPTS; attempt++) {
            Optional<byte[]> stored = store.findRecord(KIND, key);
            boolean added = stored.isEmpty()
                    ? store.putRecordIfAbsent(KIND, key, encode(row))
                    : store.replaceRecord(KIND, key, stored.get(), encode(plus(decode(key, stored.get()), row)));
            if (added) {
                return;
            }
        }
        throw new DirectMailException("statistics record " + key + " changed under each of " + MAX_ADD_ATTEMPTS
                + " attempts to add to it");
    }

    private static DailyCounts plus(DailyCounts a, DailyCounts b) {
        Counts sum = Counts.of(a);
        sum.add(Counts.of(b));
        return sum.toRow(a.day(), a.account(), a.tag(), a.recipientDomain());
    }

    /** {@code account/day/t/tag} or {@code account/day/d/domain}: an account id and a day hold no slash. */
    static String keyOf(DailyCounts row) {
        return row.account() + "/" + row.day() + (row.tag() != null ? "/t/" + row.tag() : "/d/" + row.recipientDomain());
    }

    static byte[] encode(DailyCounts row) {
        return ByteBuffer.allocate(1 + FIGURES * Long.BYTES).put(FORMAT)
                .putLong(row.requests()).putLong(row.delivered()).putLong(row.failed()).putLong(row.invalidAddresses())
                .putLong(row.suppressed()).putLong(row.deferred()).putLong(row.unsubscribed()).array();
    }

    static DailyCounts decode(String key, byte[] value) {
        String[] parts = key.split("/", 4);
        if (parts.length != 4 || !(parts[2].equals("t") || parts[2].equals("d"))) {
            throw new IllegalArgumentException("not a statistics key");
        }
        if (value.length != 1 + FIGURES * Long.BYTES || value[0] != FORMAT) {
            throw new IllegalArgumentException("not a statistics value of format " + FORMAT);
        }
        ByteBuffer in = ByteBuffer.wrap(value, 1, FIGURES * Long.BYTES);
        boolean tag = parts[2].equals("t");
        return new DailyCounts(LocalDate.parse(parts[1]), parts[0], tag ? parts[3] : null, tag ? null : parts[3],
                in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
    }
}
