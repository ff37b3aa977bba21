package io.directmail.internal.store.memory;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.Suppression;
import io.directmail.internal.query.PageSelection;
import io.directmail.internal.store.DueIndex;
import io.directmail.internal.store.KeyOrder;
import io.directmail.internal.store.StoreArguments;
import io.directmail.internal.store.SuppressionList;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.store.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The in-memory {@link MailStore}: messages and their content in the heap, nothing durable.
 * Forgotten messages are dropped on lookup and by a sweep every few thousand adds. Keyed records
 * are kept per kind in a sorted map of their own; their values are private copies, replaced
 * whole, so a compare-and-set is a replacement of the very array that was compared.
 * Thread-safe. Not a public API; obtain one with {@link MailStore#inMemory()}.
 */
public final class InMemoryMailStore implements MailStore {

    private static final int SWEEP_EVERY_ADDS = 4096;

    /**
     * A message, its content (null once released), its acceptance order, when it is forgotten, and
     * its place in the due index.
     */
    private record Held(StoredMessage message, byte[] content, long ordinal, Instant forgetAt, DueIndex.Slot slot) {}

    private final ConcurrentHashMap<String, Held> messages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> idsByKey = new ConcurrentHashMap<>();
    private final AtomicLong ordinals = new AtomicLong();
    private final DueIndex due = new DueIndex();
    private final SuppressionList suppressions = new SuppressionList();
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, byte[]>> records = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;
    private volatile boolean closed;

    /**
     * Creates an empty store.
     *
     * @param options the retention and the clock
     */
    public InMemoryMailStore(StoreOptions options) {
        this.clock = options.clock();
        this.retention = options.retention();
    }

    @Override
    public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
        StoreArguments.checkNew(message, content);
        checkOpen();
        long ordinal = ordinals.incrementAndGet();
        DueIndex.Slot slot = new DueIndex.Slot(message.messageId(), message.type(), message.account(), ordinal);
        Held held = new Held(message, message.isPending() ? content : null, ordinal,
                StoreArguments.forgetAt(message, retention), slot);
        Held earlier = messages.putIfAbsent(message.messageId(), held);
        if (earlier != null) {
            throw new IllegalArgumentException("a message with id " + message.messageId() + " is already stored");
        }
        if (message.isPending()) {
            due.schedule(slot, StoreArguments.dueOf(message), leaseUntil);
        }
        if (message.idempotencyKey() != null) {
            idsByKey.put(message.idempotencyKey(), message.messageId());
        }
        if (ordinal % SWEEP_EVERY_ADDS == 0) {
            forgetExpired();
        }
    }

    @Override
    public void update(StoredMessage progress) {
        Objects.requireNonNull(progress, "progress");
        checkOpen();
        Held updated = messages.computeIfPresent(progress.messageId(), (id, held) -> {
            StoreArguments.checkProgress(held.message(), progress);
            boolean pending = progress.isPending();
            if (pending) {
                due.schedule(held.slot(), StoreArguments.dueOf(progress), null);
            } else {
                due.remove(held.slot());
            }
            return new Held(progress, pending ? held.content() : null, held.ordinal(),
                    StoreArguments.forgetAt(progress, retention), held.slot());
        });
        if (updated == null) {
            throw new DirectMailException("cannot update message " + progress.messageId() + ": it is not in the store");
        }
    }

    @Override
    public byte[] content(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        checkOpen();
        Held held = live(messageId);
        if (held == null) {
            throw new DirectMailException("no content for message " + messageId + ": it is not in the store");
        }
        if (held.content() == null) {
            throw new DirectMailException("no content for message " + messageId
                    + ": every recipient has a final status, so it was released");
        }
        return held.content().clone();
    }

    @Override
    public Optional<StoredMessage> find(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        checkOpen();
        return Optional.ofNullable(live(messageId)).map(Held::message);
    }

    @Override
    public Optional<StoredMessage> findByIdempotencyKey(String idempotencyKey, Instant notBefore) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(notBefore, "notBefore");
        checkOpen();
        String id = idsByKey.get(idempotencyKey);
        Held held = id == null ? null : live(id);
        if (held == null || held.message().acceptedAt().isBefore(notBefore)) {
            return Optional.empty();
        }
        return Optional.of(held.message());
    }

    @Override
    public void forEachPending(Consumer<StoredMessage> action) {
        Objects.requireNonNull(action, "action");
        checkOpen();
        List<Held> pending = messages.values().stream()
                .filter(h -> h.message().isPending())
                .sorted(Comparator.comparingLong(Held::ordinal))
                .toList();
        pending.forEach(h -> action.accept(h.message()));
    }

    @Override
    public List<StoredMessage> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil) {
        StoreArguments.checkClaim(lane, now, limit, leaseUntil);
        checkOpen();
        List<StoredMessage> claimed = new ArrayList<>();
        for (String id : due.claimDue(lane, now, limit, leaseUntil)) {
            Held held = messages.get(id);
            if (held != null) {
                claimed.add(held.message());
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
            Held held = messages.get(id);
            if (held != null) {
                due.renew(held.slot(), leaseUntil);
            }
        }
    }

    @Override
    public void releaseClaims(Collection<String> messageIds) {
        Objects.requireNonNull(messageIds, "messageIds");
        checkOpen();
        for (String id : messageIds) {
            Held held = messages.get(id);
            if (held != null) {
                due.release(held.slot());
            }
        }
    }

    @Override
    public List<StoredMessage> messages(MessageQuery query) {
        StoreArguments.checkQuery(query, retention);
        checkOpen();
        Instant now = clock.instant();
        PageSelection<StoredMessage> page = new PageSelection<>(query, query.limit() + 1, query.startAfter().orElse(null));
        for (Held held : messages.values()) {
            StoredMessage message = held.message();
            if (now.isBefore(held.forgetAt()) && page.matches(message)) {
                page.offer(message.acceptedAt(), message.messageId(), message);
            }
        }
        return page.inOrder();
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
        return suppressions.add(entry);
    }

    @Override
    public boolean removeSuppression(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        checkOpen();
        return suppressions.remove(address);
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
        recordsOf(kind).put(key, value.clone());
    }

    @Override
    public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        checkOpen();
        return recordsOf(kind).putIfAbsent(key, value.clone()) == null;
    }

    @Override
    public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
        StoreArguments.checkRecord(kind, key, value);
        StoreArguments.checkValue("expected", expected);
        checkOpen();
        ConcurrentSkipListMap<String, byte[]> ofKind = records.get(kind);
        if (ofKind == null) {
            return false;
        }
        byte[] replacement = value.clone();
        while (true) {
            byte[] current = ofKind.get(key);
            if (current == null || !Arrays.equals(current, expected)) {
                return false;
            }
            // Arrays compare by identity here: this replaces exactly the value just compared.
            if (ofKind.replace(key, current, replacement)) {
                return true;
            }
        }
    }

    @Override
    public Optional<byte[]> findRecord(String kind, String key) {
        StoreArguments.checkKey(kind, key);
        checkOpen();
        ConcurrentSkipListMap<String, byte[]> ofKind = records.get(kind);
        return Optional.ofNullable(ofKind == null ? null : ofKind.get(key)).map(byte[]::clone);
    }

    @Override
    public boolean removeRecord(String kind, String key) {
        StoreArguments.checkKey(kind, key);
        checkOpen();
        ConcurrentSkipListMap<String, byte[]> ofKind = records.get(kind);
        return ofKind != null && ofKind.remove(key) != null;
    }

    @Override
    public List<StoredRecord> records(String kind, String keyPrefix) {
        StoreArguments.checkListing(kind, keyPrefix);
        checkOpen();
        List<StoredRecord> listed = new ArrayList<>();
        ConcurrentSkipListMap<String, byte[]> ofKind = records.get(kind);
        if (ofKind == null) {
            return listed;
        }
        for (var record : ofKind.tailMap(keyPrefix).entrySet()) {
            if (!record.getKey().startsWith(keyPrefix)) {
                break;
            }
            listed.add(new StoredRecord(kind, record.getKey(), record.getValue()));
        }
        return listed;
    }

    private ConcurrentSkipListMap<String, byte[]> recordsOf(String kind) {
        return records.computeIfAbsent(kind, k -> new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS));
    }

    @Override
    public void close() {
        closed = true;
        messages.clear();
        idsByKey.clear();
        records.clear();
    }

    /** Returns the message unless it is unknown or past its retention (then it is dropped). */
    private Held live(String messageId) {
        Held held = messages.get(messageId);
        if (held != null && !clock.instant().isBefore(held.forgetAt())) {
            forget(held);
            return null;
        }
        return held;
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        messages.values().stream().filter(h -> !now.isBefore(h.forgetAt())).toList().forEach(this::forget);
    }

    private void forget(Held held) {
        String id = held.message().messageId();
        if (messages.remove(id, held) && held.message().idempotencyKey() != null) {
            idsByKey.remove(held.message().idempotencyKey(), id);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the in-memory mail store is closed");
        }
    }
}
