package io.directmail.internal.query;

import io.directmail.InvalidMessageQueryException;
import io.directmail.MessageQuery;
import io.directmail.internal.store.KeyOrder;
import io.directmail.internal.text.VisibleText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * The text of a listing cursor: a {@link MessageQuery.Position} as URL-safe base64 without padding,
 * so it can travel in a query string untouched. The octets are
 * {@code u8 format=1, i64 epoch seconds, i32 nanoseconds, UTF-8 message id} (big-endian).
 * Stateless.
 */
public final class MessageCursor {

    private static final byte FORMAT = 1;
    private static final int HEAD = 1 + Long.BYTES + Integer.BYTES;
    /** The longest cursor accepted: room for a message id of about 3,000 octets. */
    private static final int MAX_CHARS = 4096;

    private MessageCursor() {
    }

    /**
     * Writes the cursor that continues after a message.
     *
     * @param position the acceptance time and id of the last message of a page
     * @return the cursor
     */
    public static String encode(MessageQuery.Position position) {
        byte[] id = position.messageId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(HEAD + id.length).put(FORMAT)
                .putLong(position.acceptedAt().getEpochSecond()).putInt(position.acceptedAt().getNano()).put(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /**
     * Reads a cursor made by {@link #encode}.
     *
     * @param cursor the cursor
     * @return the position it marks
     * @throws InvalidMessageQueryException naming the cursor if it is not one {@link #encode} made
     */
    public static MessageQuery.Position decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_CHARS) {
            throw malformed(cursor, cursor.isEmpty() ? "it is empty" : "it is " + cursor.length() + " characters long");
        }
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException e) {
            throw malformed(cursor, "it is not URL-safe base64");
        }
        if (in.remaining() <= HEAD || in.get() != FORMAT) {
            throw malformed(cursor, "its content is not a place in a listing");
        }
        long seconds = in.getLong();
        int nanos = in.getInt();
        Instant acceptedAt;
        try {
            acceptedAt = nanos < 0 || nanos > 999_999_999 ? null : Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            acceptedAt = null;
        }
        if (acceptedAt == null) {
            throw malformed(cursor, "its time is out of range");
        }
        String messageId;
        try {
            CharBuffer id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in);
            messageId = id.toString();
        } catch (CharacterCodingException e) {
            throw malformed(cursor, "its message id is not UTF-8");
        }
        if (messageId.chars().anyMatch(Character::isISOControl)) {
            throw malformed(cursor, "its message id has a control character");
        }
        return new MessageQuery.Position(acceptedAt, messageId);
    }

    /**
     * Compares two message ids in listing order: by code point, the order of their UTF-8 octets.
     *
     * @param a an id
     * @param b another
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int compareIds(String a, String b) {
        return KeyOrder.compare(a, b);
    }

    private static InvalidMessageQueryException malformed(String cursor, String why) {
        return new InvalidMessageQueryException("cursor is not one a page of messages gave (" + why + "): "
                + VisibleText.quote(cursor));
    }
}
