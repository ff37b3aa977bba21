package io.directmail.testsupport;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.Suppression;
import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.store.StoredRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that passes every call to another; tests override the calls they want to break or watch.
 * {@code addUnlessKeyed} keeps the interface's default, which looks the key up and calls
 * {@link #add}, so a test that overrides {@code add} sees every message stored.
 */
public abstract class ForwardingMailStore implements MailStore {

    /** The store every call goes to. */
    protected final MailStore delegate;

    /** @param delegate the store every call goes to */
    protected ForwardingMailStore(MailStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
        delegate.add(message, content, leaseUntil);
    }

    @Override
    public List<StoredMessage> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil) {
        return delegate.claimDue(lane, now, limit, leaseUntil);
    }

    @Override
    public void renewClaims(Collection<String> messageIds, Instant leaseUntil) {
        delegate.renewClaims(messageIds, leaseUntil);
    }

    @Override
    public void releaseClaims(Collection<String> messageIds) {
        delegate.releaseClaims(messageIds);
    }

    @Override
    public void update(StoredMessage progress) {
        delegate.update(progress);
    }

    @Override
    public byte[] content(String messageId) {
        return delegate.content(messageId);
    }

    @Override
    public Optional<StoredMessage> find(String messageId) {
        return delegate.find(messageId);
    }

    @Override
    public Optional<StoredMessage> findByIdempotencyKey(String idempotencyKey, Instant notBefore) {
        return delegate.findByIdempotencyKey(idempotencyKey, notBefore);
    }

    @Override
    public void forEachPending(Consumer<StoredMessage> action) {
        delegate.forEachPending(action);
    }

    @Override
    public List<StoredMessage> messages(MessageQuery query) {
        return delegate.messages(query);
    }

    @Override
    public Optional<Suppression> findSuppression(EmailAddress address) {
        return delegate.findSuppression(address);
    }

    @Override
    public Suppression addSuppression(Suppression entry) {
        return delegate.addSuppression(entry);
    }

    @Override
    public boolean removeSuppression(EmailAddress address) {
        return delegate.removeSuppression(address);
    }

    @Override
    public List<Suppression> suppressions() {
        return delegate.suppressions();
    }

    @Override
    public void putRecord(String kind, String key, byte[] value) {
        delegate.putRecord(kind, key, value);
    }

    @Override
    public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
        return delegate.putRecordIfAbsent(kind, key, value);
    }

    @Override
    public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
        return delegate.replaceRecord(kind, key, expected, value);
    }

    @Override
    public Optional<byte[]> findRecord(String kind, String key) {
        return delegate.findRecord(kind, key);
    }

    @Override
    public boolean removeRecord(String kind, String key) {
        return delegate.removeRecord(kind, key);
    }

    @Override
    public int removeRecords(String kind, java.util.Collection<String> keys) {
        return delegate.removeRecords(kind, keys);
    }

    @Override
    public List<StoredRecord> records(String kind, String keyPrefix) {
        return delegate.records(kind, keyPrefix);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
