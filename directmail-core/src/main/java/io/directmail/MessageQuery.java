package io.directmail;

import io.directmail.internal.query.MessageCursor;
import io.directmail.internal.text.AccountIdRule;
import io.directmail.internal.text.TagRule;
import io.directmail.internal.text.VisibleText;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which messages {@link DirectMail#messages(MessageQuery)} lists: those of one account accepted in
 * a time range, optionally only those with one tag, in order of acceptance, one page at a time.
 *
 * <pre>{@code
 * MessageQuery query = MessageQuery.newBuilder()
 *         .account("shop")
 *         .from(Instant.parse("2026-03-10T00:00:00Z"))   // included
 *         .to(Instant.parse("2026-03-11T00:00:00Z"))     // excluded
 *         .tag("receipt")
 *         .order(MessageQuery.Order.NEWEST_FIRST)
 *         .build();
 * MessagePage page = directMail.messages(query);
 * }</pre>
 *
 * <p><b>What is listed.</b> Every message the store still keeps whose {@linkplain Mail#account()
 * account} is the query's, whose {@linkplain MessageStatus#acceptedAt() acceptance time} is at or
 * after {@link #from()} and before {@link #to()}, and, if the query has a {@link #tag()}, whose tag
 * is that one: messages still being delivered, and final ones for the store's retention (7 days by
 * default, counted from their last recipient's final status); never one the store has forgotten.
 *
 * <p><b>Order and pages.</b> Messages are ordered by acceptance time, then by message id (by
 * Unicode code point), oldest first unless the {@link #order()} says otherwise. A page holds at
 * most {@link #limit()} messages; {@link MessagePage#nextCursor()} continues after its last one,
 * with {@link #after(String)}. A cursor marks a place in that order, not an offset, so messages
 * accepted while the pages are read never make a message appear twice or be skipped.
 *
 * <p>Immutable and thread-safe. The builder checks each value at once and
 * {@link Builder#build()} checks them together, each refusal an
 * {@link InvalidMessageQueryException} naming the argument.
 */
public final class MessageQuery {

    /** The page size unless {@link Builder#limit(int)} sets another. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page size. */
    public static final int MAX_LIMIT = 1_000;

    /** In which order a query lists messages. */
    public enum Order {
        /** Earliest accepted first; among messages accepted at the same instant, by message id. */
        OLDEST_FIRST,
        /** Latest accepted first: the exact reverse of {@link #OLDEST_FIRST}. */
        NEWEST_FIRST
    }

    /**
     * A place in the order of messages: a page starts just after it. Stores use it to continue a
     * listing; applications pass around the cursor strings of {@link MessagePage#nextCursor()}.
     *
     * @param acceptedAt the acceptance time of the message the previous page ended with
     * @param messageId that message's id
     */
    public record Position(Instant acceptedAt, String messageId) {

        /**
         * Checks that both parts are present.
         *
         * @throws NullPointerException naming the part that is null
         */
        public Position {
            Objects.requireNonNull(acceptedAt, "acceptedAt");
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    private final String account;
    private final Instant from;
    private final Instant to;
    private final String tag;
    private final Order order;
    private final int limit;
    private final Position startAfter;

    private MessageQuery(Builder builder) {
        this.account = builder.account;
        this.from = builder.from;
        this.to = builder.to;
        this.tag = builder.tag;
        this.order = builder.order;
        this.limit = builder.limit;
        this.startAfter = builder.startAfter;
    }

    /** {@return a builder: oldest first, {@value #DEFAULT_LIMIT} messages a page, any tag} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@return the account whose messages are listed} */
    public String account() {
        return account;
    }

    /** {@return the start of the range of acceptance times, included} */
    public Instant from() {
        return from;
    }

    /** {@return the end of the range of acceptance times, excluded} */
    public Instant to() {
        return to;
    }

    /** {@return the tag the messages must have, or empty to list them whatever their tag} */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** {@return the order of the listing} */
    public Order order() {
        return order;
    }

    /** {@return the most messages a page holds, 1 to {@value #MAX_LIMIT}} */
    public int limit() {
        return limit;
    }

    /**
     * {@return the place the page starts after, or empty for the first page} Only messages that
     * come after it in the query's {@linkplain #order() order} are listed.
     */
    public Optional<Position> startAfter() {
        return Optional.ofNullable(startAfter);
    }

    /**
     * Returns a copy of this query that lists the page after a cursor: usually the
     * {@link MessagePage#nextCursor()} of the page this query gave.
     *
     * @param cursor the cursor
     * @return the query for the next page
     * @throws InvalidMessageQueryException if the cursor is null or not one a page gave
     */
    public MessageQuery after(String cursor) {
        if (cursor == null) {
            throw new InvalidMessageQueryException("cursor must not be null: pass the nextCursor() of a page");
        }
        return toBuilder().after(cursor).build();
    }

    private Builder toBuilder() {
        Builder builder = new Builder();
        builder.account = account;
        builder.from = from;
        builder.to = to;
        builder.tag = tag;
        builder.order = order;
        builder.limit = limit;
        builder.startAfter = startAfter;
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageQuery that && account.equals(that.account) && from.equals(that.from) && to.equals(that.to)
                && Objects.equals(tag, that.tag) && order == that.order && limit == that.limit
                && Objects.equals(startAfter, that.startAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, from, to, tag, order, limit, startAfter);
    }

    @Override
    public String toString() {
        return "MessageQuery[account=" + account + ", from=" + from + ", to=" + to + (tag == null ? "" : ", tag=" + tag)
                + ", order=" + order + ", limit=" + limit + (startAfter == null ? "" : ", startAfter=" + startAfter) + "]";
    }

    /**
     * Builds a {@link MessageQuery}. The account and both ends of the range are required. Not
     * thread-safe.
     */
    public static final class Builder {

        private String account;
        private Instant from;
        private Instant to;
        private String tag;
        private Order order = Order.OLDEST_FIRST;
        private int limit = DEFAULT_LIMIT;
        private Position startAfter;

        private Builder() {
        }

        /**
         * Sets the account whose messages are listed, as in {@link Mail.Builder#account(String)}.
         *
         * @param id the account id
         * @return this builder
         * @throws InvalidMessageQueryException if the id is null, blank or not 1 to 64 ASCII
         *     letters, digits, {@code .}, {@code _} or {@code -} starting with a letter or digit
         */
        public Builder account(String id) {
            if (!AccountIdRule.isValid(id)) {
                throw new InvalidMessageQueryException("account must be " + AccountIdRule.DESCRIPTION + ": "
                        + VisibleText.quote(id));
            }
            this.account = id;
            return this;
        }

        /**
         * Sets the start of the range: messages accepted at this instant or later are listed.
         *
         * @param start the first acceptance time listed
         * @return this builder
         * @throws InvalidMessageQueryException if it is null
         */
        public Builder from(Instant start) {
            this.from = required("from", start);
            return this;
        }

        /**
         * Sets the end of the range: messages accepted before this instant are listed, those
         * accepted at it are not.
         *
         * @param end the first acceptance time no longer listed
         * @return this builder
         * @throws InvalidMessageQueryException if it is null
         */
        public Builder to(Instant end) {
            this.to = required("to", end);
            return this;
        }

        /**
         * Lists only the messages with this tag ({@link Mail.Builder#tag(String)}), or, with
         * {@code null}, the messages whatever their tag (the default).
         *
         * @param tag the tag, or {@code null} for any
         * @return this builder
         * @throws InvalidMessageQueryException if the tag is blank, longer than
         *     128 characters or has a line break or control character: no mail
         *     can have it
         */
        public Builder tag(String tag) {
            if (tag != null) {
                String problem = TagRule.problem(tag, "(pass null to list messages whatever their tag)");
                if (problem != null) {
                    throw new InvalidMessageQueryException("tag " + problem + ": " + VisibleText.quote(tag));
                }
            }
            this.tag = tag;
            return this;
        }

        /**
         * Sets the order of the listing; {@link Order#OLDEST_FIRST} unless changed.
         *
         * @param order the order
         * @return this builder
         * @throws InvalidMessageQueryException if it is null
         */
        public Builder order(Order order) {
            this.order = required("order", order);
            return this;
        }

        /**
         * Sets the most messages a page holds; {@value #DEFAULT_LIMIT} unless changed.
         *
         * @param messages 1 to {@value #MAX_LIMIT}
         * @return this builder
         * @throws InvalidMessageQueryException if it is out of range
         */
        public Builder limit(int messages) {
            if (messages < 1 || messages > MAX_LIMIT) {
                throw new InvalidMessageQueryException("limit must be 1 to " + MAX_LIMIT + ", was " + messages);
            }
            this.limit = messages;
            return this;
        }

        /**
         * Starts the page after a cursor that {@link MessagePage#nextCursor()} gave, or, with
         * {@code null}, at the beginning (the default). A cursor may come back from a client: it
         * only marks a place in the order, and the query's account, range and tag still decide
         * what is listed.
         *
         * @param cursor the cursor, or {@code null} for the first page
         * @return this builder
         * @throws InvalidMessageQueryException if the cursor is not one a page gave
         */
        public Builder after(String cursor) {
            this.startAfter = cursor == null ? null : MessageCursor.decode(cursor);
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws InvalidMessageQueryException if the account, {@code from} or {@code to} is
         *     missing, or {@code to} comes before {@code from}
         */
        public MessageQuery build() {
            if (account == null) {
                throw new InvalidMessageQueryException("account is required: the messages of which account?");
            }
            if (from == null || to == null) {
                throw new InvalidMessageQueryException((from == null ? "from" : "to")
                        + " is required: a query lists the messages accepted from one instant to another");
            }
            if (to.isBefore(from)) {
                throw new InvalidMessageQueryException("to " + to + " is before from " + from);
            }
            return new MessageQuery(this);
        }

        private static <T> T required(String name, T value) {
            if (value == null) {
                throw new InvalidMessageQueryException(name + " must not be null");
            }
            return value;
        }
    }
}
