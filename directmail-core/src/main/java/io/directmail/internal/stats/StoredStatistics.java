package io.directmail.internal.stats;

import io.directmail.DirectMailException;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.stats.DailyCounts;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the statistics in the store's records, one record per day, account and tag or recipient
 * domain, holding the totals of every node that shares the store; and reads them back, with what
 * this node counted that the store does not hold yet.
 *
 * <p><b>Writing.</b> {@link #flush()} adds the recorder's {@linkplain StatisticsRecorder#unstored()
 * counts the store lacks} to the records, each with a compare-and-set, so several nodes sharing a
 * store add up. A row is taken off the recorder only once it is written; one the store refused
 * stays there and is added at a later flush, with what was counted meanwhile, so none is lost or
 * added twice.
 *
 * <p><b>Reading.</b> {@link #read} returns the store's rows of an account's days together with the
 * recorder's counts for them that the store lacks. One lock is held while a row is written and
 * taken off the recorder, and while a read runs: a read finds each count either in the store or
 * with the recorder, never in both and never in neither. So a read waits for at most one row
 * being written, and a flush waits for a read between two rows.
 *
 * <p>Thread-safe.
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
    private final StatisticsRecorder recorder;
    /** One flush at a time; guards {@link #lastFlush}. */
    private final ReentrantLock flushing = new ReentrantLock();
    /** Held while one row is written and taken off the recorder, and while a read runs. */
    private final ReentrantLock rowMove = new ReentrantLock();
    private Instant lastFlush;

    /**
     * @param store where the totals are kept
     * @param recorder what this node counts
     * @param start when counting starts: the first flush is due one period later
     */
    public StoredStatistics(MailStore store, StatisticsRecorder recorder, Instant start) {
        this.store = Objects.requireNonNull(store, "store");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.lastFlush = Objects.requireNonNull(start, "start");
    }

    /**
     * Tells the recorder which tags and domains the store counts for the days kept, so that the
     * caps go on counting the same names. A store that cannot be read is logged and skipped: the
     * counts are still stored and read back, only the caps may then name other tags and domains.
     */
    public void noteStoredNames() {
        try {
            recorder.noteStored(load());
        } catch (RuntimeException e) {
            LOG.error("Could not read the tags and domains the stored statistics count; each day's caps start from what"
                    + " this node counts", e);
        }
    }

    /**
     * Adds the recorder's new counts to the store when {@value #FLUSH_PERIOD_SECONDS} seconds have
     * passed since the last time. Never throws for a store failure (see {@link #flush()}).
     *
     * @param now the time by the instance's clock
     */
    public void flushIfDue(Instant now) {
        flushing.lock();
        try {
            if (now.isBefore(lastFlush.plus(FLUSH_PERIOD))) {
                return;
            }
            lastFlush = now;
            flush();
        } finally {
            flushing.unlock();
        }
    }

    /**
     * Adds the recorder's new counts to the store now, row by row. Never throws for a store
     * failure: at the first one the flush stops (a store that is down would fail the rest too),
     * and the rows not written stay with the recorder for the next flush. A row whose record other
     * nodes keep changing waits for the next flush while the others are written.
     *
     * @return how many rows are left unwritten; 0 when the store holds everything counted
     */
    public int flush() {
        flushing.lock();
        try {
            List<DailyCounts> rows = recorder.unstored();
            int left = rows.size();
            for (DailyCounts row : rows) {
                rowMove.lock();
                try {
                    if (addOne(row)) {
                        recorder.stored(row);
                        left--;
                    } else {
                        LOG.warn("Statistics record {} changed under each of {} attempts to add to it; trying again at"
                                + " the next flush", keyOf(row), MAX_ADD_ATTEMPTS);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not store the statistics; {} rows wait for the next flush", left, e);
                    return left;
                } finally {
                    rowMove.unlock();
                }
            }
            return left;
        } finally {
            flushing.unlock();
        }
    }

    /**
     * Reads what is counted for an account's days: the store's rows, and the recorder's rows of
     * counts the store does not hold yet. Rows with the same key add up.
     *
     * @param account the account
     * @param keyPrefixes the listings that cover the days, each starting with {@code account/}
     * @param from the first day wanted
     * @param to the last day wanted, not before {@code from}
     * @return the rows of those days, in no particular order
     * @throws DirectMailException if the store cannot be read
     */
    List<DailyCounts> read(String account, List<String> keyPrefixes, LocalDate from, LocalDate to) {
        List<DailyCounts> rows = new ArrayList<>();
        rowMove.lock();
        try {
            for (String prefix : keyPrefixes) {
                List<StoredRecord> records;
                try {
                    records = store.records(KIND, prefix);
                } catch (RuntimeException e) {
                    throw new DirectMailException("cannot read the statistics of account " + account + " from the store: "
                            + e.getMessage(), e);
                }
                for (StoredRecord record : records) {
                    DailyCounts row = decodeOrSkip(record);
                    if (row != null && row.account().equals(account) && !row.day().isBefore(from) && !row.day().isAfter(to)) {
                        rows.add(row);
                    }
                }
            }
            rows.addAll(recorder.unstored(account, from, to));
        } finally {
            rowMove.unlock();
        }
        return rows;
    }

    /** {@return every row the store holds} */
    List<DailyCounts> load() {
        List<DailyCounts> rows = new ArrayList<>();
        for (StoredRecord record : store.records(KIND)) {
            DailyCounts row = decodeOrSkip(record);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Adds a row to its record; false when other nodes changed the record under every attempt. */
    private boolean addOne(DailyCounts row) {
        String key = keyOf(row);
        for (int attempt = 0; attempt < MAX_ADD_ATTEMPTS; attempt++) {
            Optional<byte[]> stored = store.findRecord(KIND, key);
            boolean added = stored.isEmpty()
                    ? store.putRecordIfAbsent(KIND, key, encode(row))
                    : store.replaceRecord(KIND, key, stored.get(), encode(plus(decode(key, stored.get()), row)));
            if (added) {
                return true;
            }
        }
        return false;
    }

    private static DailyCounts decodeOrSkip(StoredRecord record) {
        try {
            return decode(record.key(), record.value());
        } catch (IllegalArgumentException | DateTimeException e) {
            LOG.error("Skipping statistics record {}: {}", record.key(), e.getMessage());
            return null;
        }
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
