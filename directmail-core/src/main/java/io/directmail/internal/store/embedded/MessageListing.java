package io.directmail.internal.store.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.directmail.DirectMailException;
import io.directmail.MessageQuery;
import io.directmail.internal.query.PageSelection;
import io.directmail.internal.store.journal.RecordLocation;
import io.directmail.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists an account's messages by acceptance time for the embedded store
 * ({@link io.directmail.store.MailStore#messages}), reading from the journal no more than the page.
 *
 * <p>Each {@link IndexEntry} keeps the facts a listing filters and orders by (acceptance time,
 * account, tag: about 20 bytes, the strings shared between entries). A listing walks the index in
 * the heap, keeps the first {@code limit + 1} matching entries in a bounded heap
 * ({@link PageSelection}), and only then reads those messages' metadata from the journal. A message
 * forgotten or changed in between is checked again on what was read and left out; the walk then
 * goes on after the last entry it kept, so a page is never short while more messages match.
 *
 * <p>Messages added while the store is open get their facts as they are added. Those found at open
 * get them from the first listing, which reads each one's metadata once, in journal order.
 *
 * <p>Thread-safe.
 */
final class MessageListing {

    /** What a listing needs of the store. */
    interface Source {

        /** {@return every entry of the index; a live view} */
        Collection<IndexEntry> entries();

        /** {@return true if the entry is durable, not being forgotten and within its retention at {@code nowMillis}} */
        boolean isListable(IndexEntry entry, long nowMillis);

        /** {@return the current time in epoch milliseconds, by the store's clock} */
        long nowMillis();

        /**
         * Reads an entry's latest metadata.
         *
         * @return the metadata, or empty if the message was forgotten meanwhile
         * @throws DirectMailException if it cannot be read
         */
        Optional<byte[]> meta(IndexEntry entry);

        /**
         * Reads an entry's message.
         *
         * @return the message, or empty if it was forgotten meanwhile
         * @throws DirectMailException if it cannot be read
         */
        Optional<StoredMessage> message(IndexEntry entry);
    }

    /** How many entries found at open are described per sorted batch. */
    private static final int DESCRIBE_BATCH = 4096;
    /** How many distinct accounts and tags are shared between entries. */
    private static final int LABELS_SHARED = 4096;

    private final Source source;
    /** One copy of each account id and tag recently seen, so entries share their strings. */
    private final Cache<String, String> labels = Caffeine.newBuilder().maximumSize(LABELS_SHARED).executor(Runnable::run).build();
    private final Object describing = new Object();
    /** True once every entry found at open has its facts. */
    private volatile boolean openedDescribed;

    MessageListing(Source source) {
        this.source = source;
    }

    /** Gives a new entry the facts of its message; call before the entry is in the index. */
    void describe(IndexEntry entry, StoredMessage message) {
        entry.describe(message.acceptedAt(), label(message.account()), label(message.tag()));
    }

    /**
     * Lists a page; see {@link io.directmail.store.MailStore#messages}.
     *
     * @param query a checked query
     * @return up to {@code query.limit() + 1} messages in the query's order
     * @throws DirectMailException if the journal cannot be read
     */
    List<StoredMessage> list(MessageQuery query) {
        describeOpened();
        int wanted = query.limit() + 1;
        List<StoredMessage> page = new ArrayList<>();
        MessageQuery.Position after = query.startAfter().orElse(null);
        while (page.size() < wanted) {
            int missing = wanted - page.size();
            PageSelection<IndexEntry> selection = select(query, missing, after);
            for (IndexEntry entry : selection.inOrder()) {
                source.message(entry).filter(selection::matches).ifPresent(page::add);
            }
            if (selection.kept() < missing) {
                break;
            }
            after = selection.last();
        }
        return page;
    }

    /** Walks the index for the first {@code size} entries that match, after a place. */
    private PageSelection<IndexEntry> select(MessageQuery query, int size, MessageQuery.Position after) {
        PageSelection<IndexEntry> selection = new PageSelection<>(query, size, after);
        long now = source.nowMillis();
        String wantedAccount = query.account();
        for (IndexEntry entry : source.entries()) {
            String account = entry.account;
            if (account == null || !account.equals(wantedAccount) || !source.isListable(entry, now)) {
                continue;
            }
            Instant acceptedAt = entry.acceptedAt();
            if (selection.matches(account, entry.tag, acceptedAt, entry.messageId)) {
                selection.offer(acceptedAt, entry.messageId, entry);
            }
        }
        return selection;
    }

    /** Gives the entries found at open their facts, once, reading their metadata in journal order. */
    private void describeOpened() {
        if (openedDescribed) {
            return;
        }
        synchronized (describing) {
            if (openedDescribed) {
                return;
            }
            List<Located> batch = new ArrayList<>();
            for (IndexEntry entry : source.entries()) {
                RecordLocation state = entry.state;
                if (entry.account == null && state != null) {
                    batch.add(new Located(state, entry));
                    if (batch.size() == DESCRIBE_BATCH) {
                        describeAll(batch);
                        batch.clear();
                    }
                }
            }
            describeAll(batch);
            openedDescribed = true;
        }
    }

    /** An entry and where its metadata was when the batch was made, to read a batch in file order. */
    private record Located(RecordLocation state, IndexEntry entry) {}

    private void describeAll(List<Located> batch) {
        batch.sort(Comparator.comparingLong((Located l) -> l.state().segment()).thenComparingLong(l -> l.state().offset()));
        for (Located located : batch) {
            IndexEntry entry = located.entry();
            Optional<byte[]> meta = source.meta(entry);
            if (meta.isEmpty()) {
                continue;
            }
            MessageCodec.Listed facts;
            try {
                facts = MessageCodec.listed(meta.get());
            } catch (RuntimeException e) {
                throw new DirectMailException("cannot read message " + entry.messageId + " to list it: its metadata is damaged ("
                        + e + ")", e);
            }
            entry.describe(facts.acceptedAt(), label(facts.account()), label(facts.tag()));
        }
    }

    private String label(String text) {
        return text == null ? null : labels.get(text, k -> k);
    }
}
