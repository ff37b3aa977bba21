package io.directmail.internal.store.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.Suppression;
import io.directmail.internal.store.DueIndex;
import io.directmail.internal.store.StoreArguments;
import io.directmail.internal.store.StoreMaintenance;
import io.directmail.internal.store.SuppressionList;
import io.directmail.internal.store.journal.CompactionResult;
import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalMetrics;
import io.directmail.internal.store.journal.JournalOptions;
import io.directmail.internal.store.journal.RecordLocation;
import io.directmail.internal.store.journal.RecordNotFoundException;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.store.StoredRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded, crash-safe {@link MailStore}: one {@link Journal} in {@code <directory>/queue}
 * and an index in the heap that holds the locations of each message's records and a few facts
 * about it (see {@link IndexEntry}); its metadata and content are read from the journal when asked for.
 * The suppression list and the keyed records live in a second journal, in
 * {@code <directory>/records} (see {@link RecordJournal}); suppressions are records of an internal kind
 * ({@link SuppressionRecords}).
 *
 * <p><b>Writes.</b> {@link #add} appends a MESSAGE record (metadata and content) and
 * {@link #update} a STATE record (metadata); both return once the record is durable, sharing
 * {@code fsync}s with concurrent callers. Updates of one message are serialised. When a message
 * becomes final its content record is no longer needed (it becomes dead for compaction).
 *
 * <p><b>Maintenance</b> runs on the store's own thread, never on a caller's: every minute it
 * forgets messages whose retention passed (a TOMBSTONE record each), and whenever a few
 * segments of a journal were sealed it compacts that journal. {@link #close()} stops it.
 *
 * <p><b>Recovery.</b> Opening replays the journal into the index and the due index, reading each
 * record once (see {@link IndexReplay}).
 *
 * <p><b>Listing</b> by account and acceptance time walks the index and reads only the page's
 * messages from the journal (see {@link MessageListing}).
 *
 * <p>Thread-safe. Not a public API; obtain one with {@link MailStore#embedded(Path)}.
 */
public final class EmbeddedMailStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMailStore.class);
    /** Compact once this many segments were sealed since the last run. */
    private static final int COMPACT_AFTER_SEALED = 2;
    private static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);
    private static final int TOMBSTONES_PER_BATCH = 1024;
    private static final int RETURN_PATHS_CACHED = 4096;
    /** How long {@link #close()} waits for a running compaction. */
    private static final Duration CLOSE_GRACE = Duration.ofMinutes(5);

    private final Journal journal;
    private final Clock clock;
    private final long retentionMillis;
    private final ConcurrentHashMap<String, IndexEntry> messages;
    private final ConcurrentHashMap<String, Tombstone> tombstones;
    private final ConcurrentHashMap<String, IndexEntry> byIdempotencyKey;
    private final AtomicLong ordinals;
    private final DueIndex due;
    private final SegmentLiveBytes liveBytes;
    private final RecordJournal records;
    private final SuppressionRecords suppressions;
    private final AtomicLong highestSegment;
    private final AtomicBoolean compactionQueued = new AtomicBoolean();
    /**
     * Held shared by every add and update from before its append until the index refers to the
     * new record, and exclusively by compaction while it lists the records of a sealed segment:
     * so a durable record is never judged dead in the moment before the index learns of it.
     */
    private final ReentrantReadWriteLock registration = new ReentrantReadWriteLock();
    private final Lock appending = registration.readLock();
    private final ScheduledExecutorService maintenance;
    /** Return paths decoded recently (they repeat): validating an address costs about a microsecond. */
    private final Cache<String, EmailAddress> returnPaths = Caffeine.newBuilder()
            .maximumSize(RETURN_PATHS_CACHED).executor(Runnable::run).build();
    /** Lists messages by account and acceptance time ({@link #messages}). */
    private final MessageListing listing = new MessageListing(new ListingSource());
    /** False only in tests that run maintenance themselves, to know what each run did: no sweep, no compaction by itself. */
    private final boolean automaticMaintenance;
    private volatile long segmentAtLastCompaction;
    private volatile boolean closed;

    private EmbeddedMailStore(Journal journal, StoreOptions options, ConcurrentHashMap<String, IndexEntry> messages,
                              ConcurrentHashMap<String, Tombstone> tombstones,
                              ConcurrentHashMap<String, IndexEntry> byIdempotencyKey, long maxSequence,
                              DueIndex due, RecordJournal records, SuppressionRecords suppressions,
                              boolean automaticMaintenance) {
        this.journal = journal;
        this.liveBytes = new SegmentLiveBytes();
        messages.values().forEach(entry -> liveBytes.replace(null, null, entry.content, entry.state));
        tombstones.values().forEach(tombstone -> liveBytes.add(tombstone.location));
        this.due = due;
        this.records = records;
        this.suppressions = suppressions;
        this.automaticMaintenance = automaticMaintenance;
        this.clock = options.clock();
        this.retentionMillis = saturatedMillis(options.retention());
        this.messages = messages;
        this.tombstones = tombstones;
        this.byIdempotencyKey = byIdempotencyKey;
        this.ordinals = new AtomicLong(maxSequence + 1);
        long last = journal.segments().getLast();
        this.highestSegment = new AtomicLong(last);
        this.segmentAtLastCompaction = journal.segments().getFirst();
        this.maintenance = StoreMaintenance.start("directmail-store-maintenance");
        if (automaticMaintenance) {
            long period = SWEEP_PERIOD.toMillis();
            maintenance.scheduleWithFixedDelay(this::sweepAndCompact, period, period, TimeUnit.MILLISECONDS);
        }
        if (last - segmentAtLastCompaction >= COMPACT_AFTER_SEALED || records.compactionDue()) {
            scheduleCompaction();
        }
    }

    /**
     * Opens the store in a directory with the default journal layout.
     *
     * @param directory the store's directory
     * @param options retention, fsync and clock
     * @return the open store
     * @throws io.directmail.internal.store.journal.JournalCorruptedException if a file is damaged
     * @throws DirectMailException if the directory is in use or unusable
     */
    public static EmbeddedMailStore open(Path directory, StoreOptions options) {
        return open(directory, options, JournalOptions.defaults());
    }

    /**
     * Opens the store with explicit journal options (tests use small segments); the journal's
     * fsync follows {@code options}.
     *
     * @param directory the store's directory
     * @param options retention, fsync and clock
     * @param journalOptions segment size and compaction threshold
     * @return the open store
     * @throws io.directmail.internal.store.journal.JournalCorruptedException if a file is damaged
     * @throws DirectMailException if the directory is in use or unusable
     */
    public static EmbeddedMailStore open(Path directory, StoreOptions options, JournalOptions journalOptions) {
        return open(directory, options, journalOptions, true);
    }

    /** As {@link #open(Path, StoreOptions, JournalOptions)}; without automatic maintenance if asked (tests). */
    static EmbeddedMailStore open(Path directory, StoreOptions options, JournalOptions journalOptions,
                                  boolean automaticMaintenance) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        Path queue = directory.resolve("queue");
        ConcurrentHashMap<String, IndexEntry> messages = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Tombstone> tombstones = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, IndexEntry> byKey = new ConcurrentHashMap<>();
        IndexReplay replay = new IndexReplay(queue, messages, tombstones, byKey);
        long started = System.nanoTime();
        Journal journal = Journal.open(queue, journalOptions.withFsync(options.fsync()), replay);
        RecordJournal records = null;
        try {
            DueIndex due = new DueIndex();
            long maxSequence = replay.finish(due);
            SuppressionList suppressed = new SuppressionList();
            records = RecordJournal.open(directory.resolve("records"), journalOptions.withFsync(options.fsync()),
                    Map.of(SuppressionRecords.KIND, SuppressionRecords.loaderInto(suppressed)));
            SuppressionRecords suppressions = new SuppressionRecords(records, suppressed);
            LOG.info("Opened the mail store in {}: {} messages ({} pending), {} tombstones, {} keyed records"
                    + " ({} suppressed addresses), replayed in {} ms", directory, messages.size(), replay.pending(),
                    tombstones.size(), records.size(), suppressions.all().size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedMailStore(journal, options, messages, tombstones, byKey, maxSequence, due, records,
                    suppressions, automaticMaintenance);
        } catch (RuntimeException e) {
            if (records != null) {
                records.close();
            }
            journal.close();
            throw e;
        }
    }

    @Override
    public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
        StoreArguments.checkNew(message, content);
        checkOpen();
        String id = message.messageId();
        byte[] meta = MessageCodec.encodeMeta(message);
        IndexEntry entry = new IndexEntry(id, message.idempotencyKey(), MessageCodec.finishedAtMillis(meta));
        listing.describe(entry, message);
        if (messages.putIfAbsent(id, entry) != null) {
            throw new IllegalArgumentException("a message with id " + id + " is already stored");
        }
        if (tombstones.containsKey(id)) {
            messages.remove(id, entry);
            throw new IllegalArgumentException("a message with id " + id + " was stored before and is being forgotten");
        }
        RecordLocation location;
        appending.lock();
        try {
            location = journal.append(MessageCodec.MESSAGE, MessageCodec.messageRecord(id, meta, content));
            synchronized (entry) {
                entry.state = location;
                entry.stateIsMessage = true;
                entry.content = message.isPending() ? location : null;
                liveBytes.replace(null, null, entry.content, entry.state);
                entry.firstSegment = location.segment();
                entry.ordinal = ordinals.getAndIncrement();
                entry.durable = true;
                if (message.isPending()) {
                    entry.slot = new DueIndex.Slot(id, message.type(), message.account(), entry.ordinal);
                    due.schedule(entry.slot, StoreArguments.dueOf(message), leaseUntil);
                }
            }
        } catch (RuntimeException e) {
            messages.remove(id, entry);
            throw failure("cannot store message " + id, e);
        } finally {
            appending.unlock();
        }
        if (message.idempotencyKey() != null) {
            byIdempotencyKey.put(message.idempotencyKey(), entry);
        }
        noteSegment(location.segment());
    }

    @Override
    public void update(StoredMessage progress) {
        Objects.requireNonNull(progress, "progress");
        checkOpen();
        String id = progress.messageId();
        IndexEntry entry = messages.get(id);
        if (entry == null) {
            throw unknown(id);
        }
        RecordLocation location;
        synchronized (entry) {
            if (!entry.durable || entry.forgetting || messages.get(id) != entry) {
                throw unknown(id);
            }
            StoreArguments.checkProgress(decode(id, readMeta(entry)), progress);
            byte[] meta = MessageCodec.encodeMeta(progress);
            appending.lock();
            try {
                location = journal.append(MessageCodec.STATE, MessageCodec.stateRecord(id, meta));
                RecordLocation oldContent = entry.content;
                RecordLocation oldState = entry.state;
                entry.finishedAtMillis = MessageCodec.finishedAtMillis(meta);
                entry.state = location;
                entry.stateIsMessage = false;
                if (progress.isPending()) {
                    due.schedule(entry.slot, StoreArguments.dueOf(progress), null);
                } else {
                    entry.content = null;
                    due.remove(entry.slot);
                    entry.slot = null;
                }
                liveBytes.replace(oldContent, oldState, entry.content, entry.state);
            } catch (RuntimeException e) {
                throw failure("cannot store the progress of message " + id, e);
            } finally {
                appending.unlock();
            }
        }
        noteSegment(location.segment());
    }

    @Override
    public byte[] content(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        checkOpen();
        IndexEntry entry = visible(messageId);
        if (entry == null) {
            throw new DirectMailException("no content for message " + messageId + ": it is not in the store");
        }
        RecordLocation tried = null;
        while (true) {
            RecordLocation location = entry.content;
            if (location == null) {
                throw new DirectMailException("no content for message " + messageId
                        + ": every recipient has a final status, so it was released");
            }
            try {
                return MessageCodec.messageContent(journal.read(location));
            } catch (RecordNotFoundException e) {
                if (location.equals(tried)) {
                    throw new DirectMailException("cannot read the content of message " + messageId + ": " + e.getMessage(), e);
                }
                // Compaction moved it meanwhile: look the location up again, once per location.
                tried = location;
            }
        }
    }

    @Override
    public Optional<StoredMessage> find(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        checkOpen();
        IndexEntry entry = visible(messageId);
        return entry == null ? Optional.empty() : readMessage(entry);
    }

    @Override
    public Optional<StoredMessage> findByIdempotencyKey(String idempotencyKey, Instant notBefore) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(notBefore, "notBefore");
        checkOpen();
        IndexEntry entry = byIdempotencyKey.get(idempotencyKey);
        if (entry == null || visible(entry.messageId) != entry) {
            return Optional.empty();
        }
        return readMessage(entry).filter(message -> !message.acceptedAt().isBefore(notBefore));
    }

    @Override
    public void forEachPending(Consumer<StoredMessage> action) {
        Objects.requireNonNull(action, "action");
        checkOpen();
        List<IndexEntry> pending = new ArrayList<>();
        for (IndexEntry entry : messages.values()) {
            if (entry.durable && !entry.forgetting && entry.isPending()) {
                pending.add(entry);
            }
        }
        pending.sort(Comparator.comparingLong(e -> e.ordinal));
        for (IndexEntry entry : pending) {
            readMessage(entry).filter(StoredMessage::isPending).ifPresent(action);
        }
    }

    @Override
    public List<StoredMessage> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil) {
        StoreArguments.checkClaim(lane, now, limit, leaseUntil);
        checkOpen();
        List<StoredMessage> claimed = new ArrayList<>();
        for (String id : due.claimDue(lane, now, limit, leaseUntil)) {
            IndexEntry entry = messages.get(id);
            try {
                Optional<StoredMessage> message = entry == null ? Optional.empty() : readMessage(entry);
                if (message.isPresent()) {
                    claimed.add(message.get());
                    continue;
                }
            } catch (DirectMailException e) {
                LOG.error("Cannot read message {} to deliver it; it waits for its next due time", id, e);
            }
            // Not handed out: do not leave it leased to no one for a whole lease.
            DueIndex.Slot slot = entry == null ? null : entry.slot;
            if (slot != null) {
                due.release(slot);
            }
        }
        return claimed;
    }

    @Override
    public void renewClaims(Collection<String> messageIds, Instant leaseUntil) {
        Objects.requireNonNull(messageIds, "messageIds");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        checkOpen();
        for (String id : messageIds) {
            DueIndex.Slot slot = slotOf(id);
            if (slot != null) {
                due.renew(slot, leaseUntil);
            }
        }
    }

    @Override
    public void releaseClaims(Collection<String> messageIds) {
        Objects.requireNonNull(messageIds, "messageIds");
        checkOpen();
        for (String id : messageIds) {
            DueIndex.Slot slot = slotOf(id);
            if (slot != null) {
                due.release(slot);
            }
        }
    }

    private DueIndex.Slot slotOf(String messageId) {
        IndexEntry entry = messages.get(messageId);
        return entry == null ? null : entry.slot;
    }

    /**
     * Lists messages from the index in the heap, reading from the journal only the messages of the
     * page (see {@link MessageListing}).
     */
    @Override
    public List<StoredMessage> messages(MessageQuery query) {
        StoreArguments.checkQuery(query, Duration.ofMillis(retentionMillis));
        checkOpen();
        return listing.list(query);
    }

    /** What the listing reads of this store. */
    private final class ListingSource implements MessageListing.Source {

        @Override
        public Collection<IndexEntry> entries() {
            return messages.values();
        }

        @Override
        public boolean isListable(IndexEntry entry, long nowMillis) {
            return entry.durable && !entry.forgetting && !expired(entry, nowMillis);
        }

        @Override
        public long nowMillis() {
            return clock.millis();
        }

        @Override
        public Optional<byte[]> meta(IndexEntry entry) {
            try {
                return Optional.of(readMeta(entry));
            } catch (DirectMailException e) {
                if (entry.forgetting || messages.get(entry.messageId) != entry) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public Optional<StoredMessage> message(IndexEntry entry) {
            return readMessage(entry);
        }
    }

    @Override
    public Optional<Suppression> findSuppression(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        checkOpen();
        return suppressions.find(address);
    }

    @Override
    public Suppression addSuppression(Suppression entry) {
        Objects.requireNonNull(entry, "entry");
        checkOpen();
        Suppression inForce = suppressions.add(entry);
        noteRecordWritten();
        return inForce;
    }

    @Override
    public boolean removeSuppression(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        checkOpen();
        boolean removed = suppressions.remove(address);
        noteRecordWritten();
        return removed;
    }

    @Override
    public List<Suppression> suppressions() {
        checkOpen();
        return suppressions.all();
    }

    @Override
    public void putRecord(String kind, String key, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        checkOpen();
        records.put(kind, key, value);
        noteRecordWritten();
    }

    @Override
    public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        checkOpen();
        boolean stored = records.putIfAbsent(kind, key, value);
        noteRecordWritten();
        return stored;
    }

    @Override
    public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        StoreArguments.checkValue("expected", expected);
        checkOpen();
        boolean replaced = records.replace(kind, key, expected, value);
        noteRecordWritten();
        return replaced;
    }

    @Override
    public Optional<byte[]> findRecord(String kind, String key) {
        StoreArguments.checkKey(kind, key);
        checkOpen();
        return records.find(kind, key);
    }

    @Override
    public boolean removeRecord(String kind, String key) {
        StoreArguments.checkKey(kind, key);
        checkOpen();
        boolean removed = records.remove(kind, key);
        noteRecordWritten();
        return removed;
    }

    @Override
    public int removeRecords(String kind, Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        keys.forEach(key -> StoreArguments.checkKey(kind, key));
        checkOpen();
        int removed = records.removeAll(kind, keys);
        noteRecordWritten();
        return removed;
    }

    @Override
    public List<StoredRecord> records(String kind, String keyPrefix) {
        StoreArguments.checkListing(kind, keyPrefix);
        checkOpen();
        return records.list(kind, keyPrefix);
    }

    /**
     * Stops maintenance (waiting for a running compaction to finish), closes the journal and
     * drops the index. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        StoreMaintenance.stop(maintenance, CLOSE_GRACE, LOG, "The mail store's maintenance");
        try {
            records.close();
        } finally {
            journal.close();
        }
        messages.clear();
        tombstones.clear();
        byIdempotencyKey.clear();
    }

    /**
     * Runs maintenance now on the maintenance thread and waits for it: forgets the messages whose
     * retention passed, then compacts the queue's journal and the records' journal. For tests and
     * tools.
     *
     * @return what the compaction of the queue's journal did
     * @throws DirectMailException if maintenance failed
     */
    public CompactionResult maintainNow() {
        checkOpen();
        CompletableFuture<CompactionResult> done = new CompletableFuture<>();
        maintenance.execute(() -> {
            try {
                forgetExpired();
                CompactionResult queue = compact();
                compactRecords();
                done.complete(queue);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectMailException("interrupted while waiting for the mail store's maintenance", e);
        } catch (ExecutionException e) {
            throw failure("the mail store's maintenance failed", e.getCause());
        }
    }

    /** Waits until the maintenance thread has run everything queued before this call (tests). */
    void awaitMaintenance() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        maintenance.execute(() -> done.complete(null));
        done.join();
    }

    /** {@return the bytes the store's files use on disk, both journals together} */
    public long diskUsage() {
        return journal.diskUsage() + records.diskUsage();
    }

    /** {@return the journal's counters: records, bytes, group commits, fsyncs} */
    public JournalMetrics journalMetrics() {
        return journal.metrics();
    }

    /** {@return the keyed records' journal's counters: records, bytes, group commits, fsyncs} */
    public JournalMetrics recordMetrics() {
        return records.metrics();
    }

    /** {@return the bytes of each segment the index refers to, as counted along the way} */
    SortedMap<Long, Long> liveBytesBySegment() {
        return liveBytes.all();
    }

    /** {@return how many messages the index knows, pending or final} */
    public int size() {
        return messages.size();
    }

    /**
     * Reads a message's latest metadata from the journal, following a compaction that moves the
     * record meanwhile.
     *
     * @throws DirectMailException if the record cannot be read
     */
    private byte[] readMeta(IndexEntry entry) {
        RecordLocation tried = null;
        while (true) {
            RecordLocation location;
            boolean isMessage;
            synchronized (entry) {
                location = entry.state;
                isMessage = entry.stateIsMessage;
            }
            if (location == null) {
                throw new DirectMailException("message " + entry.messageId + " is being forgotten");
            }
            try {
                return MessageCodec.metaOf(journal.read(location), isMessage);
            } catch (RecordNotFoundException e) {
                if (location.equals(tried)) {
                    throw new DirectMailException("cannot read message " + entry.messageId + ": " + e.getMessage(), e);
                }
                tried = location;
            }
        }
    }

    /** Reads a message, or nothing if it was forgotten meanwhile. */
    private Optional<StoredMessage> readMessage(IndexEntry entry) {
        try {
            return Optional.of(decode(entry.messageId, readMeta(entry)));
        } catch (DirectMailException e) {
            if (entry.forgetting || messages.get(entry.messageId) != entry) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private StoredMessage decode(String messageId, byte[] meta) {
        return MessageCodec.decodeMeta(messageId, meta, this::returnPath);
    }

    private EmailAddress returnPath(String localPart, String domain) {
        return returnPaths.get(localPart + "@" + domain, k -> new EmailAddress(localPart, domain));
    }

    /** Returns the entry if the message is durable, not forgotten and within its retention. */
    private IndexEntry visible(String messageId) {
        IndexEntry entry = messages.get(messageId);
        if (entry == null || !entry.durable || entry.forgetting || expired(entry, clock.millis())) {
            return null;
        }
        return entry;
    }

    private boolean expired(IndexEntry entry, long now) {
        long finished = entry.finishedAtMillis;
        return finished != Long.MAX_VALUE && now - retentionMillis >= finished;
    }

    private void noteSegment(long segment) {
        long before = highestSegment.getAndAccumulate(segment, Math::max);
        if (segment > before && segment - segmentAtLastCompaction >= COMPACT_AFTER_SEALED) {
            scheduleCompaction();
        }
    }

    /** Queues a compaction of the records' journal once enough of its segments were sealed since its last one. */
    private void noteRecordWritten() {
        if (records.compactionDue()) {
            scheduleCompaction();
        }
    }

    /** Queues a compaction of each journal that is due for one, on the maintenance thread. */
    private void scheduleCompaction() {
        if (automaticMaintenance && !closed && compactionQueued.compareAndSet(false, true)) {
            try {
                maintenance.execute(() -> {
                    compactionQueued.set(false);
                    runQuietly(this::compactWhatIsDue);
                });
            } catch (RejectedExecutionException e) {
                compactionQueued.set(false);
            }
        }
    }

    private void sweepAndCompact() {
        runQuietly(() -> {
            if (forgetExpired() > 0) {
                compact();
            }
        });
    }

    private void runQuietly(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("The mail store's maintenance failed in {}; it will try again later", journal.directory(), e);
            }
        }
    }

    /** Compacts each journal enough segments of which were sealed since its last compaction. Maintenance thread only. */
    private void compactWhatIsDue() {
        if (highestSegment.get() - segmentAtLastCompaction >= COMPACT_AFTER_SEALED) {
            compact();
        }
        if (records.compactionDue()) {
            compactRecords();
        }
    }

    /** Compacts the records' journal. Maintenance thread only. */
    private void compactRecords() {
        CompactionResult result = records.compact();
        LOG.debug("Compacted the mail store's records: {}", result);
    }

    /** Compacts the queue's journal. Maintenance thread only. */
    private CompactionResult compact() {
        segmentAtLastCompaction = highestSegment.get();
        CompactionResult result = journal.compact(new LiveRecords(journal, messages, tombstones, registration.writeLock(),
                liveBytes));
        LOG.debug("Compacted the mail store: {}", result);
        return result;
    }

    /**
     * Writes a tombstone for every message whose retention passed and drops it from the index.
     * Maintenance thread only, so that no compaction copy is in flight while a tombstone is
     * appended (see {@link Tombstone}).
     *
     * @return how many messages were forgotten
     */
    private int forgetExpired() {
        long now = clock.millis();
        int forgotten = 0;
        List<IndexEntry> batch = new ArrayList<>();
        for (IndexEntry entry : messages.values()) {
            if (!entry.durable || !expired(entry, now)) {
                continue;
            }
            synchronized (entry) {
                // An update may have changed it since the check above.
                if (entry.forgetting || messages.get(entry.messageId) != entry || !expired(entry, now)) {
                    continue;
                }
                entry.forgetting = true;
            }
            batch.add(entry);
            if (batch.size() == TOMBSTONES_PER_BATCH) {
                forgotten += writeTombstones(batch);
                batch.clear();
            }
        }
        return forgotten + writeTombstones(batch);
    }

    private int writeTombstones(List<IndexEntry> batch) {
        List<CompletableFuture<RecordLocation>> appends = new ArrayList<>(batch.size());
        for (IndexEntry entry : batch) {
            appends.add(journal.appendAsync(MessageCodec.TOMBSTONE, MessageCodec.tombstoneRecord(entry.messageId)));
        }
        for (int i = 0; i < batch.size(); i++) {
            IndexEntry entry = batch.get(i);
            RecordLocation location = appends.get(i).join();
            tombstones.put(entry.messageId, new Tombstone(entry.messageId, location, Long.MAX_VALUE, entry.firstSegment));
            liveBytes.add(location);
            synchronized (entry) {
                messages.remove(entry.messageId, entry);
                liveBytes.replace(entry.content, entry.state, null, null);
                entry.content = null;
                entry.state = null;
            }
            if (entry.idempotencyKey != null) {
                byIdempotencyKey.remove(entry.idempotencyKey, entry);
            }
            noteSegment(location.segment());
        }
        return batch.size();
    }

    private static DirectMailException unknown(String id) {
        return new DirectMailException("cannot update message " + id + ": it is not in the store");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the mail store in " + journal.directory().getParent() + " is closed");
        }
    }

    private static DirectMailException failure(String what, Throwable cause) {
        if (cause instanceof DirectMailException d && !(cause instanceof io.directmail.internal.store.journal.JournalWriteException)) {
            return d;
        }
        return new DirectMailException(what + ": " + cause.getMessage(), cause);
    }

    private static long saturatedMillis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
