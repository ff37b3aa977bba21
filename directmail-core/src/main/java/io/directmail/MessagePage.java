package io.directmail;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a {@link DirectMail#messages(MessageQuery) message listing}: the messages, in the
 * query's order, and the cursor that continues after the last of them when more follow.
 *
 * <pre>{@code
 * MessagePage page = directMail.messages(query);
 * while (true) {
 *     page.messages().forEach(this::show);
 *     if (page.nextCursor().isEmpty()) {
 *         break;
 *     }
 *     page = directMail.messages(query.after(page.nextCursor().get()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MessagePage {

    private final List<MessageStatus> messages;
    private final String nextCursor;

    /**
     * Creates a page.
     *
     * @param messages the messages, in the query's order
     * @param nextCursor the cursor of the next page, or {@code null} when this is the last
     * @throws NullPointerException if {@code messages} is null or holds null
     */
    public MessagePage(List<MessageStatus> messages, String nextCursor) {
        this.messages = List.copyOf(messages);
        this.nextCursor = nextCursor;
    }

    /** {@return the messages of this page, in the query's order; empty when none matched} */
    public List<MessageStatus> messages() {
        return messages;
    }

    /**
     * {@return the cursor that lists the next page, with {@link MessageQuery#after(String)} or
     * {@link MessageQuery.Builder#after(String)}, or empty when this page is the last} A cursor is a
     * short URL-safe string; it marks the last message of this page and stays valid however long
     * it is kept.
     */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(nextCursor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessagePage that && messages.equals(that.messages) && Objects.equals(nextCursor, that.nextCursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, nextCursor);
    }

    @Override
    public String toString() {
        return "MessagePage[" + messages.size() + " message(s)" + (nextCursor == null ? ", last" : ", next=" + nextCursor) + "]";
    }
}
