package io.directmail.internal.store.postgres;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.Suppression;
import io.directmail.internal.store.KeyOrder;
import io.directmail.internal.store.StoreArguments;
import io.directmail.internal.store.StoreMaintenance;
import io.directmail.internal.store.SuppressionList;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.store.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MailStore} in PostgreSQL, for several nodes sharing one queue: each node opens its
 * own store (its own node id) on the same database and schema.
 *
 * <p><b>Tables</b> ({@code V1__queue.sql}, {@code V2__accounts.sql}, {@code V3__records.sql},
 * {@code V4__message_listing.sql}): {@code dm_message}
 * (envelope, account, due time, claim, content), {@code dm_recipient} (each recipient's status),
 * {@code dm_suppression} and {@code dm_record} (the keyed records, one row each). Opening
 * the store applies the schema scripts it lacks (see {@link SchemaMigrations}) and releases every
 * claim still held under this node's id by an earlier run.
 *
 * <p><b>Claims.</b> {@link #claimDue} is one statement: it walks the lane's accounts, ranks each
 * account's due, unclaimed messages (first, second, ...) so every account gets a turn before any
 * gets a second, locks the rows it picked with {@code FOR UPDATE SKIP LOCKED}, so concurrent claims of several nodes never wait for each
 * other and never take the same row, writes this node and the lease end into them, and returns
 * them with their recipients. A claim ends when its lease passes, when this node
 * {@linkplain #update updates} the message, or when it {@linkplain #releaseClaims releases} it.
 *
 * <p><b>Durability.</b> Every change is committed before its method returns; {@link #add},
 * {@link #claimDue} and (unless it is refused) {@link #update} are each a single statement, and
 * so is every change of a keyed record: {@link #putRecordIfAbsent} an insert that does nothing on
 * a conflict, {@link #replaceRecord} an update conditional on the old value (PostgreSQL re-checks
 * it on the latest row version when another node's update of the row commits first).
 * Content stays in the database until a delivery reads it: no body is held in the heap.
 *
 * <p><b>Time</b> comes from the callers ({@code now}, {@code leaseUntil}) and the store's clock,
 * never from the database's {@code now()}, so all nodes must have clocks that agree to well within
 * a lease. Times are kept to the nanosecond, in the years 1 to 9999.
 *
 * <p><b>Retention.</b> Final messages are hidden from the moment their retention passes and
 * deleted by a sweep on the store's own thread every minute (nodes sweep side by side without
 * waiting for each other).
 *
 * <p>Text from remote servers (reply texts, host names, details) has any NUL character replaced
 * by U+FFFD, since PostgreSQL's text cannot hold it. Thread-safe. Not a public API; obtain one
 * with {@link MailStore#postgres(DataSource, PostgresStoreOptions)}.
 */
public final class PostgresMailStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMailStore.class);
    private static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);
    /** How long {@link #close()} waits for a running sweep. */
    private static final Duration CLOSE_GRACE = Duration.ofMinutes(1);
    private static final int FORGET_BATCH = 1000;
    private static final int PENDING_PAGE = 256;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int OLDEST_SERVER = 10;
    private static final int SUPPRESSION_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final String schema;
    private final String nodeId;
    private final Clock clock;
    private final Duration retention;
    private final StoreSql sql;
    private final ScheduledExecutorService maintenance;
    private volatile boolean closed;

    private PostgresMailStore(DataSource dataSource, PostgresStoreOptions options, boolean automaticMaintenance) {
        this.dataSource = dataSource;
        this.schema = options.schema();
        this.nodeId = options.nodeId();
        this.clock = options.storeOptions().clock();
        this.retention = options.storeOptions().retention();
        this.sql = new StoreSql(schema);
        this.maintenance = StoreMaintenance.start("directmail-postgres-maintenance");
        if (automaticMaintenance) {
            long period = SWEEP_PERIOD.toMillis();
            maintenance.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens the store: checks the database, brings the schema up to date, releases the claims an
     * earlier run of this node left, and starts the retention sweep.
     *
     * @param dataSource the application's data source, ideally a pool; it stays the application's
     *     to close, after this store
     * @param options schema, node id, retention and clock
     * @return the open store
     * @throws NullPointerException if an argument is null
     * @throws DirectMailException if the database cannot be reached, is not PostgreSQL 10 or newer,
     *     hands out connections with an isolation other than READ COMMITTED, or has a schema newer
     *     than this code knows
     */
    public static PostgresMailStore open(DataSource dataSource, PostgresStoreOptions options) {
        return open(dataSource, options, true);
    }

    /** As {@link #open(DataSource, PostgresStoreOptions)}; without the sweep if asked (tests run it themselves). */
    static PostgresMailStore open(DataSource dataSource, PostgresStoreOptions options, boolean automaticMaintenance) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        String schema = options.schema();
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            checkServer(connection);
            int before = SchemaMigrations.apply(connection, schema, options.nodeId(), options.storeOptions().clock().instant());
            int released;
            try (PreparedStatement release = connection.prepareStatement(new StoreSql(schema).releaseNode)) {
                release.setString(1, options.nodeId());
                released = release.executeUpdate();
            }
            LOG.info("Opened the PostgreSQL mail store in schema {} as node {} (schema version {}{}); released {} claim(s)"
                    + " this node held before", schema, options.nodeId(), SchemaMigrations.latest(),
                    before < SchemaMigrations.latest() ? ", migrated from " + before : "", released);
        } catch (SQLException e) {
            throw failure("cannot open the PostgreSQL mail store in schema " + schema, e);
        }
        return new PostgresMailStore(dataSource, options, automaticMaintenance);
    }

    private static void checkServer(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        if (!"PostgreSQL".equals(meta.getDatabaseProductName())) {
            throw new DirectMailException("the PostgreSQL mail store needs a PostgreSQL database; the DataSource connects to "
                    + meta.getDatabaseProductName());
        }
        if (meta.getDatabaseMajorVersion() < OLDEST_SERVER) {
            throw new DirectMailException("the PostgreSQL mail store needs PostgreSQL " + OLDEST_SERVER + " or newer; the server is "
                    + meta.getDatabaseProductVersion());
        }
        int isolation = connection.getTransactionIsolation();
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
            throw new DirectMailException("the DataSource's connections use transaction isolation " + isolationName(isolation)
                    + "; the PostgreSQL mail store needs READ COMMITTED, PostgreSQL's default: give the store a pool of its own");
        }
    }

    private static String isolationName(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
            default -> "level " + level;
        };
    }

    /** {@return the id this store's node claims messages under} */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
        StoreArguments.checkNew(message, content);
        checkOpen();
        MessageRows.checkTimes(message);
        Timestamps.check("leaseUntil", leaseUntil);
        withConnection("cannot store message " + message.messageId(), connection -> {
            insert(connection, message, content, leaseUntil);
            return null;
        });
    }

    /** Inserts a new message; refuses one whose id is taken. */
    private void insert(Connection connection, StoredMessage message, byte[] content, Instant leaseUntil) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql.insert)) {
            MessageRows.bindInsert(connection, insert, message, content, nodeId, leaseUntil, retention);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalArgumentException("a message with id " + message.messageId() + " is already stored", e);
            }
            throw e;
        }
    }

    @Override
    public List<StoredMessage> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil) {
        StoreArguments.checkClaim(lane, now, limit, leaseUntil);
        checkOpen();
        Timestamps.check("now", now);
        Timestamps.check("leaseUntil", leaseUntil);
        return withConnection("cannot claim due " + lane + " messages", connection -> {
            try (PreparedStatement claim = connection.prepareStatement(sql.claim)) {
                int i = 1;
                short code = MessageRows.laneCode(lane);
                claim.setShort(i++, code);
                claim.setShort(i++, code);
                claim.setShort(i++, code);
                claim.setObject(i++, Timestamps.micros(now), Types.TIMESTAMP_WITH_TIMEZONE);
                Timestamps.bind(claim, i, now);
                i += 2;
                Timestamps.bind(claim, i, now);
                i += 2;
                int candidates = (int) Math.min(Integer.MAX_VALUE, 4L * limit);
                claim.setInt(i++, candidates);
                claim.setInt(i++, candidates);
                Timestamps.bind(claim, i, now);
                i += 2;
                Timestamps.bind(claim, i, now);
                i += 2;
                claim.setInt(i++, limit);
                claim.setString(i++, nodeId);
                Timestamps.bind(claim, i, leaseUntil);
                return messages(claim);
            }
        });
    }

    @Override
    public void renewClaims(Collection<String> messageIds, Instant leaseUntil) {
        Objects.requireNonNull(messageIds, "messageIds");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        checkOpen();
        Timestamps.check("leaseUntil", leaseUntil);
        if (messageIds.isEmpty()) {
            return;
        }
        withConnection("cannot renew the claims on " + messageIds.size() + " message(s)", connection -> {
            try (PreparedStatement renew = connection.prepareStatement(sql.renew)) {
                Timestamps.bind(renew, 1, leaseUntil);
                renew.setArray(3, connection.createArrayOf("text", messageIds.toArray(String[]::new)));
                renew.setString(4, nodeId);
                return renew.executeUpdate();
            }
        });
    }

    @Override
    public void releaseClaims(Collection<String> messageIds) {
        Objects.requireNonNull(messageIds, "messageIds");
        checkOpen();
        if (messageIds.isEmpty()) {
            return;
        }
        withConnection("cannot release the claims on " + messageIds.size() + " message(s)", connection -> {
            try (PreparedStatement release = connection.prepareStatement(sql.release)) {
                release.setArray(1, connection.createArrayOf("text", messageIds.toArray(String[]::new)));
                release.setString(2, nodeId);
                return release.executeUpdate();
            }
        });
    }

    @Override
    public void update(StoredMessage progress) {
        Objects.requireNonNull(progress, "progress");
        checkOpen();
        MessageRows.checkTimes(progress);
        String id = progress.messageId();
        String what = "cannot store the progress of message " + id;
        // One statement when the update is allowed, as it nearly always is; else the checks run on the
        // locked row, for the error that says what is wrong (or for a write after all, if the row changed).
        boolean written = withConnection(what, connection -> {
            try (PreparedStatement write = connection.prepareStatement(sql.updateIfAllowed)) {
                MessageRows.bindUpdateIfAllowed(connection, write, progress, nodeId, retention);
                return write.executeUpdate() > 0;
            }
        });
        if (written) {
            return;
        }
        inTransaction(what, connection -> {
            List<StoredMessage> stored;
            try (PreparedStatement lock = connection.prepareStatement(sql.lockForUpdate)) {
                lock.setString(1, id);
                stored = messages(lock);
            }
            if (stored.isEmpty()) {
                throw new DirectMailException("cannot update message " + id + ": it is not in the store");
            }
            StoreArguments.checkProgress(stored.getFirst(), progress);
            try (PreparedStatement write = connection.prepareStatement(sql.update)) {
                MessageRows.bindUpdate(connection, write, progress, nodeId, retention);
                write.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public byte[] content(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        checkOpen();
        Instant now = clock.instant();
        return withConnection("cannot read the content of message " + messageId, connection -> {
            try (PreparedStatement read = connection.prepareStatement(sql.content)) {
                read.setString(1, messageId);
                Timestamps.bind(read, 2, now);
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        throw new DirectMailException("no content for message " + messageId + ": it is not in the store");
                    }
                    byte[] content = row.getBytes(1);
                    if (content == null) {
                        throw new DirectMailException("no content for message " + messageId
                                + ": every recipient has a final status, so it was released");
                    }
                    return content;
                }
            }
        });
    }

    @Override
    public Optional<StoredMessage> find(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        checkOpen();
        Instant now = clock.instant();
        return withConnection("cannot read message " + messageId, connection -> {
            try (PreparedStatement find = connection.prepareStatement(sql.find)) {
                find.setString(1, messageId);
                Timestamps.bind(find, 2, now);
                return messages(find).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<StoredMessage> findByIdempotencyKey(String idempotencyKey, Instant notBefore) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(notBefore, "notBefore");
        checkOpen();
        return withConnection("cannot look up idempotency key " + idempotencyKey,
                connection -> findByKey(connection, idempotencyKey, notBefore));
    }

    private Optional<StoredMessage> findByKey(Connection connection, String idempotencyKey, Instant notBefore) throws SQLException {
        Instant windowStart = notBefore.isBefore(Timestamps.EARLIEST) ? Timestamps.EARLIEST : notBefore;
        if (windowStart.isAfter(Timestamps.LATEST)) {
            return Optional.empty();
        }
        try (PreparedStatement find = connection.prepareStatement(sql.findByKey)) {
            find.setString(1, idempotencyKey);
            Timestamps.bind(find, 2, windowStart);
            Timestamps.bind(find, 4, clock.instant());
            return messages(find).stream().findFirst();
        }
    }

    /**
     * The advisory lock of an idempotency key in this schema: the first eight octets of the SHA-256
     * of the schema, a NUL and the key (computed here, so any PostgreSQL release takes it). Two keys
     * that share a lock only wait for each other.
     */
    private long keyLock(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(schema.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha256.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Looks for an earlier message with the key and stores this one in one transaction that holds
     * an advisory lock on the key, so that nodes given the same key at once store one message.
     */
    @Override
    public Optional<StoredMessage> addUnlessKeyed(StoredMessage message, byte[] content, Instant leaseUntil, Instant keyNotBefore) {
        Objects.requireNonNull(keyNotBefore, "keyNotBefore");
        String key = message == null ? null : message.idempotencyKey();
        if (key == null) {
            add(message, content, leaseUntil);
            return Optional.empty();
        }
        StoreArguments.checkNew(message, content);
        checkOpen();
        MessageRows.checkTimes(message);
        Timestamps.check("leaseUntil", leaseUntil);
        String id = message.messageId();
        return inTransaction("cannot store message " + id, connection -> {
            try (PreparedStatement lock = connection.prepareStatement(sql.lockKey)) {
                lock.setLong(1, keyLock(key));
                lock.execute();
            }
            Optional<StoredMessage> earlier = findByKey(connection, key, keyNotBefore);
            if (earlier.isPresent()) {
                return earlier;
            }
            insert(connection, message, content, leaseUntil);
            return Optional.empty();
        });
    }

    @Override
    public void forEachPending(Consumer<StoredMessage> action) {
        Objects.requireNonNull(action, "action");
        checkOpen();
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            List<MessageRows.Loaded> page = withConnection("cannot list the pending messages", connection -> {
                try (PreparedStatement list = connection.prepareStatement(sql.pendingPage)) {
                    list.setLong(1, from);
                    list.setInt(2, PENDING_PAGE);
                    try (ResultSet rows = list.executeQuery()) {
                        return MessageRows.read(rows);
                    }
                }
            });
            // The action runs with no connection held: it may take its time, or use this store.
            for (MessageRows.Loaded loaded : page) {
                action.accept(loaded.message());
            }
            if (page.size() < PENDING_PAGE) {
                return;
            }
            after = page.getLast().seq();
        }
    }

    /**
     * Lists a page with one statement, a range scan of the listing indexes of {@code V4__message_listing.sql}
     * that starts after the given place (keyset paging), so deep pages cost what the first does.
     */
    @Override
    public List<StoredMessage> messages(MessageQuery query) {
        StoreArguments.checkQuery(query, retention);
        checkOpen();
        // Only the years 1 to 9999 are stored: narrow the range to them, or find nothing outside.
        Instant from = query.from().isBefore(Timestamps.EARLIEST) ? Timestamps.EARLIEST : query.from();
        Instant to = query.to().isAfter(Timestamps.LATEST) ? Timestamps.LATEST : query.to();
        MessageQuery.Position after = query.startAfter().orElse(null);
        boolean newestFirst = query.order() == MessageQuery.Order.NEWEST_FIRST;
        if (after != null && !Timestamps.fits(after.acceptedAt())) {
            // A place before every storable time (oldest first) or after it (newest first) excludes nothing.
            boolean excludesNothing = after.acceptedAt().isBefore(Timestamps.EARLIEST) != newestFirst;
            if (!excludesNothing) {
                return List.of();
            }
            after = null;
        }
        if (!from.isBefore(to)) {
            return List.of();
        }
        Instant now = clock.instant();
        MessageQuery.Position start = after;
        return withConnection("cannot list the messages of account " + query.account(), connection -> {
            try (PreparedStatement list = connection.prepareStatement(sql.listing(query.tag().isPresent(), newestFirst,
                    start != null))) {
                int i = 1;
                list.setString(i++, query.account());
                if (query.tag().isPresent()) {
                    list.setString(i++, query.tag().get());
                }
                list.setObject(i++, Timestamps.micros(from), Types.TIMESTAMP_WITH_TIMEZONE);
                list.setObject(i++, Timestamps.micros(to), Types.TIMESTAMP_WITH_TIMEZONE);
                Timestamps.bind(list, i, from);
                i += 2;
                Timestamps.bind(list, i, to);
                i += 2;
                if (start != null) {
                    Timestamps.bind(list, i, start.acceptedAt());
                    i += 2;
                    list.setString(i++, start.messageId());
                }
                Timestamps.bind(list, i, now);
                i += 2;
                list.setInt(i, query.limit() + 1);
                return messages(list);
            }
        });
    }

    @Override
    public Optional<Suppression> findSuppression(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        checkOpen();
        return withConnection("cannot look up the suppression of " + address, connection -> findSuppression(connection, address));
    }

    @Override
    public Suppression addSuppression(Suppression entry) {
        Objects.requireNonNull(entry, "entry");
        checkOpen();
        Timestamps.check("since", entry.since());
        EmailAddress address = entry.address();
        return withConnection("cannot suppress " + address, connection -> {
            // An entry removed between a refused insert and the lookup is inserted again.
            for (int attempt = 0; attempt < SUPPRESSION_ATTEMPTS; attempt++) {
                try (PreparedStatement insert = connection.prepareStatement(sql.insertSuppression)) {
                    insert.setString(1, SuppressionList.key(address));
                    insert.setString(2, address.address());
                    insert.setString(3, entry.reason().name());
                    Timestamps.bind(insert, 4, entry.since());
                    insert.setString(6, MessageRows.storable(entry.detail()));
                    if (insert.executeUpdate() == 1) {
                        return entry;
                    }
                }
                Optional<Suppression> existing = findSuppression(connection, address);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            throw new DirectMailException("cannot suppress " + address + ": its entry was added and removed concurrently "
                    + SUPPRESSION_ATTEMPTS + " times");
        });
    }

    private Optional<Suppression> findSuppression(Connection connection, EmailAddress address) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(sql.findSuppression)) {
            find.setString(1, SuppressionList.key(address));
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(suppression(row)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean removeSuppression(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        checkOpen();
        return withConnection("cannot remove the suppression of " + address, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql.deleteSuppression)) {
                delete.setString(1, SuppressionList.key(address));
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Suppression> suppressions() {
        checkOpen();
        return withConnection("cannot list the suppressed addresses", connection -> {
            try (PreparedStatement list = connection.prepareStatement(sql.allSuppressions);
                 ResultSet rows = list.executeQuery()) {
                List<Suppression> all = new ArrayList<>();
                while (rows.next()) {
                    all.add(suppression(rows));
                }
                return all;
            }
        });
    }

    private static Suppression suppression(ResultSet row) throws SQLException {
        String address = row.getString("address");
        String reason = row.getString("reason");
        Suppression.Reason known;
        try {
            known = Suppression.Reason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            throw new DirectMailException("the suppression of " + address + " has the reason " + reason
                    + ", which this version of DirectMail does not know", e);
        }
        return new Suppression(MessageRows.address(address), known, Timestamps.read(row, "since"), row.getString("detail"));
    }

    @Override
    public void putRecord(String kind, String key, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        checkOpen();
        withConnection("cannot store the " + kind + " record " + key, connection -> writeRecord(connection, sql.upsertRecord,
                kind, key, value));
    }

    @Override
    public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        checkOpen();
        return withConnection("cannot store the " + kind + " record " + key, connection -> writeRecord(connection,
                sql.insertRecord, kind, key, value)) > 0;
    }

    private static int writeRecord(Connection connection, String statement, String kind, String key, byte[] value)
            throws SQLException {
        try (PreparedStatement write = connection.prepareStatement(statement)) {
            write.setString(1, kind);
            write.setString(2, key);
            write.setBytes(3, value);
            return write.executeUpdate();
        }
    }

    @Override
    public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        StoreArguments.checkValue("expected", expected);
        checkOpen();
        return withConnection("cannot replace the " + kind + " record " + key, connection -> {
            try (PreparedStatement replace = connection.prepareStatement(sql.replaceRecord)) {
                replace.setBytes(1, value);
                replace.setString(2, kind);
                replace.setString(3, key);
                replace.setBytes(4, expected);
                return replace.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<byte[]> findRecord(String kind, String key) {
        StoreArguments.checkKey(kind, key);
        checkOpen();
        return withConnection("cannot read the " + kind + " record " + key, connection -> {
            try (PreparedStatement find = connection.prepareStatement(sql.findRecord)) {
                find.setString(1, kind);
                find.setString(2, key);
                try (ResultSet row = find.executeQuery()) {
                    return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean removeRecord(String kind, String key) {
        StoreArguments.checkKey(kind, key);
        checkOpen();
        return withConnection("cannot remove the " + kind + " record " + key, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql.deleteRecord)) {
                delete.setString(1, kind);
                delete.setString(2, key);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int removeRecords(String kind, Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        keys.forEach(key -> StoreArguments.checkKey(kind, key));
        checkOpen();
        if (keys.isEmpty()) {
            return 0;
        }
        return withConnection("cannot remove " + keys.size() + " " + kind + " records", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql.deleteRecords)) {
                delete.setString(1, kind);
                delete.setArray(2, connection.createArrayOf("text", keys.toArray()));
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<StoredRecord> records(String kind, String keyPrefix) {
        StoreArguments.checkListing(kind, keyPrefix);
        checkOpen();
        String end = KeyOrder.prefixEnd(keyPrefix);
        return withConnection("cannot list the " + kind + " records", connection -> {
            try (PreparedStatement list = connection.prepareStatement(end == null ? sql.recordsFrom : sql.recordsBetween)) {
                list.setString(1, kind);
                list.setString(2, keyPrefix);
                if (end != null) {
                    list.setString(3, end);
                }
                try (ResultSet rows = list.executeQuery()) {
                    List<StoredRecord> listed = new ArrayList<>();
                    while (rows.next()) {
                        listed.add(new StoredRecord(kind, rows.getString(1), rows.getBytes(2)));
                    }
                    return listed;
                }
            }
        });
    }

    /**
     * Deletes the final messages whose retention has passed, in batches; rows another node is
     * deleting at the same time are left to it.
     *
     * @return how many messages were deleted
     * @throws DirectMailException if the database refuses
     */
    public int forgetExpired() {
        checkOpen();
        Instant now = clock.instant();
        if (!Timestamps.fits(now)) {
            return 0;
        }
        int total = 0;
        while (true) {
            int deleted = withConnection("cannot forget the messages past their retention", connection -> {
                try (PreparedStatement forget = connection.prepareStatement(sql.forget)) {
                    forget.setObject(1, Timestamps.micros(now), Types.TIMESTAMP_WITH_TIMEZONE);
                    Timestamps.bind(forget, 2, now);
                    forget.setInt(4, FORGET_BATCH);
                    return forget.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < FORGET_BATCH || closed) {
                return total;
            }
        }
    }

    private void sweep() {
        if (closed) {
            return;
        }
        try {
            int forgotten = forgetExpired();
            if (forgotten > 0) {
                LOG.debug("Forgot {} message(s) past their retention in schema {}", forgotten, schema);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("Could not forget the messages past their retention in schema {}; trying again in {}", schema,
                        SWEEP_PERIOD, e);
            }
        }
    }

    /**
     * Stops the retention sweep (waiting for a running one to finish). Leaves the claims of this
     * node as they are (the engine releases those it will not work on before it closes its store)
     * and the data source open. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        StoreMaintenance.stop(maintenance, CLOSE_GRACE, LOG, "The PostgreSQL mail store's retention sweep");
    }

    @Override
    public String toString() {
        return "PostgresMailStore[schema=" + schema + ", node=" + nodeId + "]";
    }

    private static List<StoredMessage> messages(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return MessageRows.read(rows).stream().map(MessageRows.Loaded::message).toList();
        }
    }

    /** What one call does with a connection. */
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs work on a connection in auto-commit mode; a database failure becomes a {@link DirectMailException}. */
    private <T> T withConnection(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs work in one transaction, rolled back if it throws. */
    private <T> T inTransaction(String what, Work<T> work) {
        return withConnection(what, connection -> {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            connection.setAutoCommit(true);
            return result;
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL mail store in schema " + schema + " (node " + nodeId + ") is closed");
        }
    }

    private static DirectMailException failure(String what, SQLException e) {
        return new DirectMailException(what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }
}
