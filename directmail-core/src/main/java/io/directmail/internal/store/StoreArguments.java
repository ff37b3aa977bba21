package io.directmail.internal.store;

import io.directmail.InvalidMessageQueryException;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.RecipientStatus;
import io.directmail.store.StoredMessage;
import io.directmail.store.StoredRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The checks and the retention arithmetic every built-in {@link io.directmail.store.MailStore}
 * applies in the same way, so that all of them pass the same contract. Stateless.
 */
public final class StoreArguments {

    /** How much of a refused key or kind an error message quotes. */
    private static final int QUOTED_CHARS = 80;

    private StoreArguments() {}

    /**
     * Checks the arguments of {@code add}.
     *
     * @param message the new message
     * @param content its content
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if the content's length differs from the message's size
     */
    public static void checkNew(StoredMessage message, byte[] content) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(content, "content");
        if (content.length != message.size()) {
            throw new IllegalArgumentException("the content of " + message.messageId() + " has " + content.length
                    + " octets but the message says size " + message.size());
        }
    }

    /**
     * Checks that an update changes only statuses and the due time.
     *
     * @param stored the message as stored
     * @param progress the update
     * @throws IllegalArgumentException naming the part that changed
     * @throws IllegalStateException if a final message would become pending again
     */
    public static void checkProgress(StoredMessage stored, StoredMessage progress) {
        String id = stored.messageId();
        if (!stored.acceptedAt().equals(progress.acceptedAt())) {
            throw new IllegalArgumentException("an update of " + id + " cannot change acceptedAt from "
                    + stored.acceptedAt() + " to " + progress.acceptedAt());
        }
        if (stored.size() != progress.size()) {
            throw new IllegalArgumentException("an update of " + id + " cannot change the size from " + stored.size()
                    + " to " + progress.size());
        }
        if (!stored.account().equals(progress.account())) {
            throw new IllegalArgumentException("an update of " + id + " cannot change the account from " + stored.account()
                    + " to " + progress.account());
        }
        if (!Objects.equals(stored.idempotencyKey(), progress.idempotencyKey())) {
            throw new IllegalArgumentException("an update of " + id + " cannot change the idempotency key");
        }
        if (!addresses(stored.recipients()).equals(addresses(progress.recipients()))) {
            throw new IllegalArgumentException("an update of " + id + " must keep the recipients " + addresses(stored.recipients())
                    + ", was " + addresses(progress.recipients()));
        }
        if (!stored.isPending()) {
            // Another node may have finished it after this node's claim lapsed: its outcome stands.
            throw new IllegalStateException(id + " is final (its content was released); it takes no further update");
        }
    }

    /**
     * Checks the arguments of {@code claimDue}.
     *
     * @param lane the lane
     * @param now the current time
     * @param limit how many at most
     * @param leaseUntil the end of the claims
     * @throws NullPointerException if a time or the lane is null
     * @throws IllegalArgumentException if the limit is below 1 or the lease ends before {@code now}
     */
    public static void checkClaim(MailType lane, Instant now, int limit, Instant leaseUntil) {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (leaseUntil.isBefore(now)) {
            throw new IllegalArgumentException("leaseUntil " + leaseUntil + " is before now " + now);
        }
    }

    /**
     * Returns when a pending message is next due: its next attempt, or its acceptance if it has none.
     *
     * @param message a pending message
     * @return its due time
     */
    public static Instant dueOf(StoredMessage message) {
        return message.nextAttemptAt() != null ? message.nextAttemptAt() : message.deliverableFrom();
    }

    private static List<String> addresses(List<RecipientStatus> recipients) {
        return recipients.stream().map(r -> r.recipient().address()).toList();
    }

    /**
     * Returns when a message stops being findable.
     *
     * @param message the message
     * @param retention the retention of final statuses
     * @return the latest recipient status time plus the retention, or {@link Instant#MAX} while a
     *     recipient is pending
     */
    public static Instant forgetAt(StoredMessage message, Duration retention) {
        if (message.isPending()) {
            return Instant.MAX;
        }
        Instant last = Instant.MIN;
        for (RecipientStatus r : message.recipients()) {
            if (r.updatedAt().isAfter(last)) {
                last = r.updatedAt();
            }
        }
        try {
            return last.plus(retention);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.MAX;
        }
    }

    /**
     * Checks the arguments of {@code messages}: a query whose range spans no more than the retention.
     *
     * @param query the query
     * @param retention the store's retention of final statuses
     * @throws NullPointerException if the query is null
     * @throws InvalidMessageQueryException naming the range if it spans more than the retention
     */
    public static void checkQuery(MessageQuery query, Duration retention) {
        Objects.requireNonNull(query, "query");
        Duration span = Duration.between(query.from(), query.to());
        if (span.compareTo(retention) > 0) {
            throw new InvalidMessageQueryException("the range from " + query.from() + " to " + query.to() + " spans " + span
                    + "; at most the store's retention of final statuses (" + retention + ") can be asked for at once");
        }
    }

    /**
     * Checks a record as {@code putRecord} receives it: kind, key and value.
     *
     * @param kind the record's kind
     * @param key its key
     * @param value its value
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     */
    public static void checkRecord(String kind, String key, byte[] value) {
        checkKey(kind, key);
        checkValue("value", value);
    }

    /**
     * Checks a record's kind and key.
     *
     * @param kind the record's kind
     * @param key its key
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules of {@link StoredRecord}
     */
    public static void checkKey(String kind, String key) {
        checkKind(kind);
        checkKeyText("key", key, false);
    }

    /**
     * Checks the arguments of a scoped listing: a kind, and a prefix that follows the rules of a
     * key except that it may be empty (listing the whole kind).
     *
     * @param kind the records' kind
     * @param keyPrefix what their keys start with
     * @throws NullPointerException naming the argument that is null
     * @throws IllegalArgumentException naming the argument that breaks the rules
     */
    public static void checkListing(String kind, String keyPrefix) {
        checkKind(kind);
        checkKeyText("keyPrefix", keyPrefix, true);
    }

    /**
     * Checks a record's value, or the value a compare-and-set expects.
     *
     * @param argument the argument's name, for the messages
     * @param value the value
     * @throws NullPointerException naming the argument if it is null
     * @throws IllegalArgumentException if it is larger than {@link StoredRecord#MAX_VALUE_OCTETS}
     */
    public static void checkValue(String argument, byte[] value) {
        Objects.requireNonNull(value, argument);
        if (value.length > StoredRecord.MAX_VALUE_OCTETS) {
            throw new IllegalArgumentException(argument + " must be at most " + StoredRecord.MAX_VALUE_OCTETS
                    + " octets, was " + value.length);
        }
    }

    private static void checkKind(String kind) {
        Objects.requireNonNull(kind, "kind");
        boolean valid = !kind.isEmpty() && kind.length() <= StoredRecord.MAX_KIND_LENGTH;
        for (int i = 0; valid && i < kind.length(); i++) {
            char c = kind.charAt(i);
            valid = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
        }
        if (!valid) {
            throw new IllegalArgumentException("kind must be 1 to " + StoredRecord.MAX_KIND_LENGTH
                    + " characters of a-z, 0-9, '.', '_' and '-', was " + quote(kind));
        }
    }

    private static void checkKeyText(String argument, String text, boolean mayBeEmpty) {
        Objects.requireNonNull(text, argument);
        if (text.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException(argument + " must not be empty");
        }
        long octets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(argument + " must not contain control characters; it has "
                        + codePoint(c) + " at index " + i + ": " + quote(text));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                octets += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(argument + " must not contain an unpaired surrogate; it has "
                        + codePoint(c) + " at index " + i);
            } else {
                octets += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (octets > StoredRecord.MAX_KEY_OCTETS) {
            throw new IllegalArgumentException(argument + " must be at most " + StoredRecord.MAX_KEY_OCTETS
                    + " octets in UTF-8, was " + octets + ": " + quote(text));
        }
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /** Quotes a refused text for a message, cut short if long and with control characters escaped. */
    private static String quote(String text) {
        String shown = text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "..." : text;
        StringBuilder quoted = new StringBuilder("\"");
        shown.chars().forEach(c -> {
            if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.append((char) c);
            }
        });
        return quoted.append('"').toString();
    }
}
