package io.directmail.internal.query;

import io.directmail.MessageQuery;
import io.directmail.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Picks the first messages of a listing page from candidates offered in any order, for the stores
 * that look at every message they hold: it keeps only the best {@code size} seen so far (a bounded
 * heap), so the memory it takes does not grow with the number of candidates. Not thread-safe; one
 * per listing.
 *
 * @param <T> what the store keeps of a candidate until the page is read
 */
public final class PageSelection<T> {

    /** A candidate and its place in the order. */
    private record Candidate<T>(Instant acceptedAt, String messageId, T item) {}

    private final MessageQuery query;
    private final int size;
    private final MessageQuery.Position after;
    private final Comparator<Candidate<T>> order;
    /** The best candidates so far, the one that sorts last at the head, to be dropped first. */
    private final PriorityQueue<Candidate<T>> best;

    /**
     * Starts a selection for the query's page, after its {@linkplain MessageQuery#startAfter() start}.
     *
     * @param query the query
     * @param size how many candidates to keep, at least 1
     * @param after the place to start after (the query's own, or one further on), or null for the beginning
     */
    public PageSelection(MessageQuery query, int size, MessageQuery.Position after) {
        this.query = Objects.requireNonNull(query, "query");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        this.size = size;
        this.after = after;
        Comparator<Candidate<T>> oldestFirst = Comparator.<Candidate<T>, Instant>comparing(Candidate::acceptedAt)
                .thenComparing(Candidate::messageId, MessageCursor::compareIds);
        this.order = query.order() == MessageQuery.Order.OLDEST_FIRST ? oldestFirst : oldestFirst.reversed();
        this.best = new PriorityQueue<>(Math.min(size, 1024) + 1, order.reversed());
    }

    /**
     * Tells whether a message belongs on the page: of the query's account, with its tag if it has
     * one, accepted in its range, and after the place the selection starts from.
     *
     * @param account the message's account
     * @param tag its tag, or null
     * @param acceptedAt its acceptance time
     * @param messageId its id
     * @return true if it matches
     */
    public boolean matches(String account, String tag, Instant acceptedAt, String messageId) {
        if (!query.account().equals(account) || (query.tag().isPresent() && !query.tag().get().equals(tag))) {
            return false;
        }
        if (acceptedAt.isBefore(query.from()) || !acceptedAt.isBefore(query.to())) {
            return false;
        }
        return after == null || comesAfter(acceptedAt, messageId, after);
    }

    /**
     * Tells whether a message read back in full belongs on the page; see {@link #matches}.
     *
     * @param message the message
     * @return true if it matches
     */
    public boolean matches(StoredMessage message) {
        return matches(message.account(), message.tag(), message.acceptedAt(), message.messageId());
    }

    /**
     * Offers a candidate that {@link #matches}; it is kept if it is among the first {@code size} so far.
     *
     * @param acceptedAt its acceptance time
     * @param messageId its id
     * @param item what the store keeps of it
     */
    public void offer(Instant acceptedAt, String messageId, T item) {
        Candidate<T> candidate = new Candidate<>(acceptedAt, messageId, item);
        if (best.size() < size) {
            best.add(candidate);
        } else if (order.compare(candidate, best.peek()) < 0) {
            best.poll();
            best.add(candidate);
        }
    }

    /** {@return how many candidates are kept: {@code size} unless fewer matched} */
    public int kept() {
        return best.size();
    }

    /** {@return the kept candidates' items in the query's order} */
    public List<T> inOrder() {
        List<Candidate<T>> sorted = new ArrayList<>(best);
        sorted.sort(order);
        List<T> items = new ArrayList<>(sorted.size());
        sorted.forEach(c -> items.add(c.item()));
        return items;
    }

    /** {@return the place of the last kept candidate in the query's order, or null if none was kept} */
    public MessageQuery.Position last() {
        Candidate<T> last = best.peek();
        return last == null ? null : new MessageQuery.Position(last.acceptedAt(), last.messageId());
    }

    /**
     * Tells whether a message comes after a place in the query's order.
     *
     * @param acceptedAt the message's acceptance time
     * @param messageId its id
     * @param position the place
     * @return true if it comes after
     */
    private boolean comesAfter(Instant acceptedAt, String messageId, MessageQuery.Position position) {
        int c = acceptedAt.compareTo(position.acceptedAt());
        if (c == 0) {
            c = MessageCursor.compareIds(messageId, position.messageId());
        }
        return query.order() == MessageQuery.Order.OLDEST_FIRST ? c > 0 : c < 0;
    }
}
