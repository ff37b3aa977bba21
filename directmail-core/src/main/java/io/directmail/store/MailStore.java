package io.directmail.store;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.InvalidMessageQueryException;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.Suppression;
import io.directmail.internal.store.StoreArguments;
import io.directmail.internal.store.embedded.EmbeddedMailStore;
import io.directmail.internal.store.memory.InMemoryMailStore;
import io.directmail.internal.store.postgres.PostgresMailStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Keeps accepted messages, their content and each recipient's status until every recipient has
 * a final outcome, and the final status for a while after. {@code DirectMail} returns from
 * {@code send} only after {@link #add} has returned, so a store that says it is durable must have
 * the message on stable storage by then.
 *
 * <p>Implementations are thread-safe. They report storage failures as
 * {@link DirectMailException}s; {@code send} passes such a failure to its caller, who then knows
 * the message was not accepted.
 *
 * <p><b>Life of a message.</b> {@link #add} stores it with its content. Each delivery attempt
 * ends with an {@link #update}. Once no recipient is pending the message is <em>final</em>: its
 * content is released at once ({@link #content} fails from then on) and its statuses stay
 * findable for the retention of {@link StoreOptions#retention()}, counted from the latest
 * {@link io.directmail.RecipientStatus#updatedAt()}; after that the store forgets it.
 *
 * <p><b>Listing.</b> {@link #messages} lists the messages of one account by acceptance time,
 * optionally of one tag, a page at a time: the messages it keeps, pending or final, in the same
 * order in every store, continued after the last message of the previous page.
 *
 * <p><b>Claims.</b> Several nodes may share one store's storage. A node delivers only the
 * messages it has claimed ({@link #add} with a lease, or {@link #claimDue}); a claim lasts until
 * its lease ends, so the messages of a node that died are taken over by another once their leases
 * end. A store instance is one node. Times are the callers' clock: nodes sharing storage need
 * clocks that agree to well within a lease.
 *
 * <p><b>Suppression list.</b> The store also keeps the addresses not to send to. Addresses compare
 * with the case of the local part ignored.
 *
 * <p><b>Keyed records.</b> The store also keeps the sending model (accounts, sending domains,
 * sender addresses, templates, recipient lists, quota ledgers, batches) as {@linkplain StoredRecord
 * records}: opaque values filed under a kind and a key, as durable as the queue and shared by
 * the nodes that share its storage. {@link #putRecord} stores or replaces one,
 * {@link #putRecordIfAbsent} and {@link #replaceRecord} change one only if it is as the caller
 * expects (atomically, across nodes too), {@link #findRecord}, {@link #records(String)} and
 * {@link #records(String, String)} read them back, {@link #removeRecord} drops one. Kinds, keys
 * and values follow the rules of {@link StoredRecord}; a call that breaks them fails before
 * anything changes. Listings are in key order: by Unicode code point, the order of the keys'
 * UTF-8 octets. Records never expire; retention applies to messages only.
 *
 * <p>The built-ins are {@link #inMemory()}, {@link #embedded(Path)} and, for several nodes
 * sharing one queue, {@link #postgres(DataSource)}.
 */
public interface MailStore extends AutoCloseable {

    /**
     * Returns a store that keeps everything in the heap: for tests and fire-and-forget use.
     * Nothing survives the process.
     *
     * @return a new, empty store
     */
    static MailStore inMemory() {
        return inMemory(StoreOptions.defaults());
    }

    /**
     * Returns a store that keeps everything in the heap, with a given retention and clock.
     *
     * @param options the retention and the clock ({@code fsync} is ignored)
     * @return a new, empty store
     */
    static MailStore inMemory(StoreOptions options) {
        return new InMemoryMailStore(options);
    }

    /**
     * Opens the crash-safe store kept in a directory, creating it if needed, with the
     * {@linkplain StoreOptions#defaults() default options}. See {@link #embedded(Path, StoreOptions)}.
     *
     * @param directory the store's directory, used by this store alone
     * @return the open store, with every message found in the directory
     * @throws DirectMailException if the directory is in use, unreadable or damaged
     */
    static MailStore embedded(Path directory) {
        return embedded(directory, StoreOptions.defaults());
    }

    /**
     * Opens the crash-safe store kept in a directory, creating it if needed. {@link #add} and
     * {@link #update} return only once the change is on stable storage; concurrent callers
     * share {@code fsync}s. Only small metadata is kept in the heap; content is read from disk
     * when a delivery needs it. Space of released messages is reclaimed in the background.
     *
     * @param directory the store's directory, used by this store alone (a lock file keeps a
     *     second store out)
     * @param options retention, fsync and clock
     * @return the open store, with every message found in the directory
     * @throws io.directmail.internal.store.journal.JournalCorruptedException (a
     *     {@link DirectMailException}) naming the file and offset if a file is damaged in a way a
     *     crash cannot explain
     * @throws DirectMailException if the directory is in use or cannot be read or written
     */
    static MailStore embedded(Path directory, StoreOptions options) {
        return EmbeddedMailStore.open(directory, options);
    }

    /**
     * Opens the store in a PostgreSQL database for several nodes sharing one queue, with the
     * {@linkplain PostgresStoreOptions#defaults() default options}: schema {@code directmail}, a
     * random node id, 7 days of retention, the system clock. See
     * {@link #postgres(DataSource, PostgresStoreOptions)}.
     *
     * @param dataSource where the connections come from; see {@link #postgres(DataSource, PostgresStoreOptions)}
     * @return the open store
     * @throws DirectMailException if the database cannot be used
     */
    static MailStore postgres(DataSource dataSource) {
        return postgres(dataSource, PostgresStoreOptions.defaults());
    }

    /**
     * Opens the store in a PostgreSQL database (10 or newer), for several nodes sharing one queue:
     * each node opens a store of its own, with its own {@linkplain PostgresStoreOptions#nodeId()
     * node id}, on the same database and schema. Opening creates the schema and its tables, or
     * brings them up to this version (nodes starting together do this one after the other), and
     * releases the claims an earlier run of this node id left.
     *
     * <p>Each node delivers only the messages it has claimed; the claim of a node that dies ends
     * with its lease, and another node then takes the message over. {@link #add} and
     * {@link #update} return once the change is committed. Content stays in the database until a
     * delivery reads it. Times come from the callers and the options' clock, never from the
     * database, so the nodes' clocks must agree to well within a lease.
     *
     * <p>The application supplies the {@code DataSource} and closes it after the store: use a
     * connection pool (such as HikariCP) with at least as many connections as the node runs
     * delivery workers plus a few for sending threads, with auto-commit on and the default
     * READ COMMITTED isolation. The PostgreSQL JDBC driver ({@code org.postgresql:postgresql}) is
     * the application's dependency, not DirectMail's.
     *
     * @param dataSource where the connections come from
     * @param options schema, node id, retention and clock ({@code fsync} does not apply: PostgreSQL's
     *     {@code synchronous_commit} decides when a commit is durable)
     * @return the open store
     * @throws NullPointerException if an argument is null
     * @throws DirectMailException if the database cannot be reached, is not PostgreSQL 10 or newer,
     *     hands out connections with another isolation than READ COMMITTED, or holds a schema
     *     migrated by a newer DirectMail
     */
    static MailStore postgres(DataSource dataSource, PostgresStoreOptions options) {
        return PostgresMailStore.open(dataSource, options);
    }

    /**
     * Stores a newly accepted message and its content.
     *
     * @param message the message's envelope, recipients and due time
     * @param content the message in wire form (CRLF line endings), exactly {@code message.size()}
     *     octets; owned by the store afterwards
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if the content's length is not {@code message.size()} or
     *     a message with this id is already stored
     * @throws DirectMailException if the message could not be stored; it is then not accepted
     */
    default void add(StoredMessage message, byte[] content) {
        add(message, content, null);
    }

    /**
     * Stores a newly accepted message and its content, and optionally claims it for this store's
     * node at once (the node that accepted a message usually delivers it straight away).
     *
     * @param message the message's envelope, recipients and due time
     * @param content the message in wire form (CRLF line endings), exactly {@code message.size()}
     *     octets; owned by the store afterwards
     * @param leaseUntil the end of this node's claim on it, or {@code null} to leave it unclaimed
     *     for {@link #claimDue} to hand out when it is due
     * @throws NullPointerException if the message or the content is null
     * @throws IllegalArgumentException if the content's length is not {@code message.size()} or
     *     a message with this id is already stored
     * @throws DirectMailException if the message could not be stored; it is then not accepted
     */
    void add(StoredMessage message, byte[] content, Instant leaseUntil);

    /**
     * Claims pending messages of one lane whose next attempt is due, for this store's node. A
     * claimed message is handed to no other claim (of this or another node sharing the storage)
     * until its lease ends, it is {@linkplain #update updated} or its claim is
     * {@linkplain #releaseClaims released}. The lane is shared fairly between accounts
     * ({@link StoredMessage#account()}): the claim takes one due message of each account in turn,
     * each account's in due order, oldest first, so one account's large batch does not hold back
     * another's mail.
     *
     * @param lane which messages
     * @param now the current time: messages due at or before it are claimable, and so are
     *     messages whose earlier lease ended at or before it
     * @param limit at most this many messages (at least 1)
     * @param leaseUntil the end of the new claims; after it another node may take the messages over
     * @return the claimed messages, possibly none
     * @throws IllegalArgumentException if {@code limit} is less than 1 or the lease ends before {@code now}
     * @throws DirectMailException if the storage cannot be read or written
     */
    List<StoredMessage> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil);

    /**
     * Extends this node's claims on messages it is still working on. Ids that are unknown, final
     * or no longer claimed by this node are skipped.
     *
     * @param messageIds the messages
     * @param leaseUntil the new end of their leases
     * @throws DirectMailException if the storage cannot be written
     */
    void renewClaims(Collection<String> messageIds, Instant leaseUntil);

    /**
     * Gives up this node's claims on messages it will not work on (for instance when it closes),
     * so that any node may claim them when they are due, without waiting for their leases to end.
     *
     * @param messageIds the messages; ids not claimed by this node are skipped
     * @throws DirectMailException if the storage cannot be written
     */
    void releaseClaims(Collection<String> messageIds);

    /**
     * Records what a delivery attempt changed: the recipients' new statuses and when the next
     * attempt is due ({@code null} when no recipient is pending). Ends this node's claim on the
     * message, if it had one.
     *
     * @param progress the message with its new recipient statuses and due time, as made by
     *     {@link StoredMessage#withProgress}: id, acceptance time, recipients' addresses, size
     *     and idempotency key as stored
     * @throws NullPointerException if {@code progress} is null
     * @throws IllegalArgumentException if it changes more than statuses and due time
     * @throws IllegalStateException if it makes a final message pending again (its content is gone)
     * @throws DirectMailException if the message is unknown or the change could not be stored
     */
    void update(StoredMessage progress);

    /**
     * Reads a message's content.
     *
     * @param messageId the message's id
     * @return the content in wire form
     * @throws DirectMailException if the message is unknown, its content was already released,
     *     or it cannot be read
     */
    byte[] content(String messageId);

    /**
     * Returns what the store knows of a message.
     *
     * @param messageId the message's id
     * @return the message, or empty if unknown (never stored, or past the retention of final statuses)
     */
    Optional<StoredMessage> find(String messageId);

    /**
     * Adds a message unless an earlier {@code send} with its idempotency key stored one at or after
     * {@code keyNotBefore}: the check and the add are one step, even across the nodes sharing the
     * storage, so two nodes given the same key at the same moment store one message between them.
     * The default checks with {@link #findByIdempotencyKey} and then adds, which is one step only
     * for a store that one process uses (DirectMail admits one mail per key at a time).
     *
     * @param message the message; one without an idempotency key is simply added
     * @param content its content, as {@link #add(StoredMessage, byte[], Instant)} takes it
     * @param leaseUntil as {@link #add(StoredMessage, byte[], Instant)} takes it
     * @param keyNotBefore the start of the idempotency window
     * @return empty if the message was added; else the message stored earlier with the key, and
     *     nothing was added
     * @throws NullPointerException naming the argument that is null (except {@code leaseUntil})
     * @throws IllegalArgumentException as {@link #add(StoredMessage, byte[], Instant)} does
     * @throws DirectMailException if the storage cannot be read or written
     */
    default Optional<StoredMessage> addUnlessKeyed(StoredMessage message, byte[] content, Instant leaseUntil, Instant keyNotBefore) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(keyNotBefore, "keyNotBefore");
        if (message.idempotencyKey() != null) {
            Optional<StoredMessage> earlier = findByIdempotencyKey(message.idempotencyKey(), keyNotBefore);
            if (earlier.isPresent()) {
                return earlier;
            }
        }
        add(message, content, leaseUntil);
        return Optional.empty();
    }

    /**
     * Finds the message an earlier {@code send} with this idempotency key stored at or after a time.
     *
     * @param idempotencyKey the key as stored with the message ({@link StoredMessage#idempotencyKey()})
     * @param notBefore the start of the idempotency window
     * @return the message stored with that key inside the window, if any; when several were
     *     (a caller that reused a key after its window), the latest accepted
     */
    Optional<StoredMessage> findByIdempotencyKey(String idempotencyKey, Instant notBefore);

    /**
     * Calls the action once for every message that still has a pending recipient, in the order
     * they were accepted. Used at start-up to rebuild the delivery queue.
     *
     * @param action receives each pending message
     */
    void forEachPending(Consumer<StoredMessage> action);

    /**
     * Lists messages of one account by acceptance time, for a page of
     * {@link io.directmail.DirectMail#messages(MessageQuery)}: every message the store keeps
     * (pending, or final within the retention; never one it has forgotten) whose
     * {@link StoredMessage#account()} is the query's, whose {@link StoredMessage#acceptedAt()} is at
     * or after {@link MessageQuery#from()} and before {@link MessageQuery#to()}, whose tag is the
     * query's if it has one, and which comes after {@link MessageQuery#startAfter()} in the
     * query's order. That order is by acceptance time, then by message id compared by code point
     * (the order of the ids' UTF-8 octets); {@link MessageQuery.Order#NEWEST_FIRST} reverses both.
     *
     * <p>A listing continued from the last message it returned gives every message that was stored
     * throughout exactly once, whatever was added or updated between the calls. A message added
     * meanwhile shows if its place is still ahead.
     *
     * @param query what to list; its limit is the size of a page
     * @return at most {@code query.limit() + 1} messages in the query's order: the page, then the
     *     first message of the next page if there is one (so the caller knows whether to go on)
     * @throws NullPointerException if {@code query} is null
     * @throws InvalidMessageQueryException if the query's range spans more than the store's
     *     retention of final statuses; nothing is read then
     * @throws DirectMailException if the storage cannot be read
     * @throws UnsupportedOperationException if the store cannot list messages: the default, so
     *     that stores written before this method still compile; the built-in stores all list them
     */
    default List<StoredMessage> messages(MessageQuery query) {
        throw new UnsupportedOperationException(getClass().getName() + " does not list messages by time and tag");
    }

    /**
     * Returns the suppression entry of an address.
     *
     * @param address the address
     * @return its entry, or empty if it is not suppressed
     * @throws DirectMailException if the storage cannot be read
     */
    Optional<Suppression> findSuppression(EmailAddress address);

    /**
     * Puts an address on the suppression list unless it is already there.
     *
     * @param entry the new entry
     * @return the entry in force afterwards: the earlier one if the address was already listed,
     *     else {@code entry}
     * @throws DirectMailException if the entry could not be stored
     */
    Suppression addSuppression(Suppression entry);

    /**
     * Takes an address off the suppression list.
     *
     * @param address the address
     * @return true if it was on the list
     * @throws DirectMailException if the change could not be stored
     */
    boolean removeSuppression(EmailAddress address);

    /**
     * Returns the whole suppression list, oldest entry first.
     *
     * @return every entry
     * @throws DirectMailException if the storage cannot be read
     */
    List<Suppression> suppressions();

    /**
     * Stores a record, replacing the record of that kind and key if there is one. Returns once
     * the record is as durable as an {@linkplain #add accepted message}.
     *
     * @param kind what the record is; see {@link StoredRecord#kind()}
     * @param key which one; see {@link StoredRecord#key()}
     * @param value the contents, copied before this returns (changing the array afterwards
     *     changes nothing stored)
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of
     *     {@link StoredRecord}; nothing is stored then
     * @throws DirectMailException if the record could not be stored
     */
    void putRecord(String kind, String key, byte[] value);

    /**
     * Stores a record unless one of that kind and key is already there: of any number of callers
     * racing with the same kind and key, on this node or on others sharing the storage, exactly
     * one succeeds. For uniqueness rules, such as a sending domain belonging to one account only.
     * Durable as {@link #putRecord} when it stores.
     *
     * @param kind what the record is; see {@link StoredRecord#kind()}
     * @param key which one; see {@link StoredRecord#key()}
     * @param value the contents, copied before this returns
     * @return true if this call stored the record; false if one was there, which is left as it is
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     * @throws DirectMailException if the storage cannot be read or written
     */
    boolean putRecordIfAbsent(String kind, String key, byte[] value);

    /**
     * Replaces a record only if its whole value is still {@code expected}: a compare-and-set, atomic
     * across the nodes sharing the storage, for counters and registries that several nodes update.
     * A caller that gets false reads the record again and retries with the value it finds, so no
     * update is lost. Durable as {@link #putRecord} when it replaces.
     *
     * @param kind what the record is; see {@link StoredRecord#kind()}
     * @param key which one; see {@link StoredRecord#key()}
     * @param expected the value the caller last read; compared octet by octet
     * @param value the new contents, copied before this returns
     * @return true if the record had the expected value and now has the new one; false if the
     *     record is missing or has another value, and nothing changed
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     * @throws DirectMailException if the storage cannot be read or written
     */
    boolean replaceRecord(String kind, String key, byte[] expected, byte[] value);

    /**
     * Reads a record's value.
     *
     * @param kind what the record is; see {@link StoredRecord#kind()}
     * @param key which one; see {@link StoredRecord#key()}
     * @return a fresh copy of the value, or empty if there is no record of that kind and key
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     * @throws DirectMailException if the storage cannot be read
     */
    Optional<byte[]> findRecord(String kind, String key);

    /**
     * Removes a record. Durable as {@link #putRecord} when it removes.
     *
     * @param kind what the record is; see {@link StoredRecord#kind()}
     * @param key which one; see {@link StoredRecord#key()}
     * @return true if there was a record of that kind and key
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     * @throws DirectMailException if the change could not be stored
     */
    boolean removeRecord(String kind, String key);

    /**
     * Removes several records of one kind, as {@link #removeRecord} does each, durable when this
     * returns; the store may make them durable together, in one write. Keys not stored are skipped.
     *
     * @param kind what the records are; see {@link StoredRecord#kind()}
     * @param keys which ones; each follows the rules of {@link StoredRecord#key()}
     * @return how many of them were stored
     * @throws NullPointerException naming the argument that is null, or a null key
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     * @throws DirectMailException if the removal could not be made durable
     */
    default int removeRecords(String kind, Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        keys.forEach(key -> StoreArguments.checkKey(kind, key));
        int removed = 0;
        for (String key : keys) {
            if (removeRecord(kind, key)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Lists every record of a kind, in key order (by code point). Equivalent to
     * {@code records(kind, "")}.
     *
     * @param kind what the records are; see {@link StoredRecord#kind()}
     * @return the records, possibly none; values are read now, so a kind of large values costs
     *     their size in the heap
     * @throws NullPointerException if {@code kind} is null
     * @throws IllegalArgumentException if {@code kind} breaks the rules of {@link StoredRecord}
     * @throws DirectMailException if the storage cannot be read
     */
    default List<StoredRecord> records(String kind) {
        return records(kind, "");
    }

    /**
     * Lists the records of a kind whose keys start with a prefix, in key order (by code point):
     * for scoped listings, such as all the templates of one account when template keys start
     * with {@code "<account>/"}. The prefix is matched literally, character for character: no
     * character in it is special. Changes made while the listing runs may or may not show in it;
     * each record listed is one that was stored.
     *
     * @param kind what the records are; see {@link StoredRecord#kind()}
     * @param keyPrefix what their keys start with: empty for the whole kind, else following the
     *     rules of a {@linkplain StoredRecord#key() key}
     * @return the records, possibly none
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules
     * @throws DirectMailException if the storage cannot be read
     */
    List<StoredRecord> records(String kind, String keyPrefix);

    /** Flushes and releases files, connections and threads. */
    @Override
    void close();
}
