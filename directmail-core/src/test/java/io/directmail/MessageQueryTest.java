package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.internal.query.MessageCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a {@link MessageQuery} accepts, refuses and carries, and the cursors that page through a listing. */
class MessageQueryTest {

    private static final Instant FROM = Instant.parse("2026-05-04T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-05-05T00:00:00Z");

    private static MessageQuery.Builder valid() {
        return MessageQuery.newBuilder().account("shop").from(FROM).to(TO);
    }

    private static String base64(ByteBuffer octets) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(octets.array());
    }

    @Test
    void aQuery_hasTheDefaults_andCarriesWhatWasSet() {
        MessageQuery query = valid().build();

        assertThat(query.account()).isEqualTo("shop");
        assertThat(query.from()).isEqualTo(FROM);
        assertThat(query.to()).isEqualTo(TO);
        assertThat(query.tag()).isEmpty();
        assertThat(query.order()).isEqualTo(MessageQuery.Order.OLDEST_FIRST);
        assertThat(query.limit()).isEqualTo(MessageQuery.DEFAULT_LIMIT).isEqualTo(100);
        assertThat(query.startAfter()).isEmpty();

        MessageQuery full = valid().tag("receipt").order(MessageQuery.Order.NEWEST_FIRST).limit(1000).build();
        assertThat(full.tag()).contains("receipt");
        assertThat(full.order()).isEqualTo(MessageQuery.Order.NEWEST_FIRST);
        assertThat(full.limit()).isEqualTo(MessageQuery.MAX_LIMIT);
        assertThat(valid().tag("receipt").tag(null).after(null).build()).isEqualTo(query);
        assertThat(valid().from(TO).build().from()).as("an empty range is allowed").isEqualTo(TO);
    }

    @Test
    void after_continuesAtTheCursorsPlace_andKeepsTheRestOfTheQuery() {
        MessageQuery query = valid().tag("receipt").limit(5).build();
        MessageQuery.Position place = new MessageQuery.Position(FROM.plusNanos(123_456_789), "0lq3k2ab.x7d@shop.example");

        MessageQuery next = query.after(MessageCursor.encode(place));

        assertThat(next.startAfter()).contains(place);
        assertThat(next.tag()).contains("receipt");
        assertThat(next.limit()).isEqualTo(5);
        assertThat(next).isEqualTo(valid().tag("receipt").limit(5).after(MessageCursor.encode(place)).build());
        assertThat(query.startAfter()).as("the original is unchanged").isEmpty();
    }

    @Test
    void cursors_areUrlSafe_andGiveBackTheirPlaceExactly() {
        for (MessageQuery.Position place : new MessageQuery.Position[] {
                new MessageQuery.Position(FROM, "a@b.example"),
                new MessageQuery.Position(Instant.MIN, "x"),
                new MessageQuery.Position(Instant.MAX, "anna.müller+\uD83D\uDE00@bücher.example"),
                new MessageQuery.Position(Instant.EPOCH.minusNanos(1), "-_?&=/ #%")}) {
            String cursor = MessageCursor.encode(place);

            assertThat(cursor).matches("[A-Za-z0-9_-]+");
            assertThat(MessageCursor.decode(cursor)).isEqualTo(place);
        }
    }

    @Test
    void badValues_areRefused_namingTheArgument() {
        assertThatThrownBy(() -> MessageQuery.newBuilder().account("")).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageStartingWith("account must be 1 to 64 ASCII letters");
        assertThatThrownBy(() -> MessageQuery.newBuilder().account("shop\r\nX-Evil: 1"))
                .isInstanceOf(InvalidMessageQueryException.class).hasMessageContaining("\"shop\\r\\nX-Evil: 1\"");
        assertThatThrownBy(() -> MessageQuery.newBuilder().account("x".repeat(65))).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageStartingWith("account");
        assertThatThrownBy(() -> valid().from(null)).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessage("from must not be null");
        assertThatThrownBy(() -> valid().to(null)).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessage("to must not be null");
        assertThatThrownBy(() -> valid().order(null)).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessage("order must not be null");
        assertThatThrownBy(() -> valid().limit(0)).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessage("limit must be 1 to 1000, was 0");
        assertThatThrownBy(() -> valid().limit(-5)).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessage("limit must be 1 to 1000, was -5");
        assertThatThrownBy(() -> valid().tag(" ")).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageStartingWith("tag is blank");
        assertThatThrownBy(() -> valid().tag("a\nb")).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageStartingWith("tag contains a line feed");
        assertThatThrownBy(() -> valid().tag("t".repeat(129))).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageStartingWith("tag is 129 characters long; a tag has at most 128");
        assertThat(valid().tag("t".repeat(128)).build().tag()).hasValue("t".repeat(128));
    }

    @Test
    void aQueryWithoutAccountOrRange_orWithItsEndBeforeItsStart_isRefused() {
        assertThatThrownBy(() -> MessageQuery.newBuilder().from(FROM).to(TO).build())
                .isInstanceOf(InvalidMessageQueryException.class).hasMessageStartingWith("account is required");
        assertThatThrownBy(() -> MessageQuery.newBuilder().account("shop").to(TO).build())
                .isInstanceOf(InvalidMessageQueryException.class).hasMessageStartingWith("from is required");
        assertThatThrownBy(() -> MessageQuery.newBuilder().account("shop").from(FROM).build())
                .isInstanceOf(InvalidMessageQueryException.class).hasMessageStartingWith("to is required");
        assertThatThrownBy(() -> valid().from(TO).to(FROM).build()).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessage("to " + FROM + " is before from " + TO);
    }

    @Test
    void malformedCursors_areRefused_sayingWhy() {
        byte[] id = "a@b.example".getBytes(StandardCharsets.UTF_8);
        String wrongFormat = base64(ByteBuffer.allocate(13 + id.length).put((byte) 2).putLong(0).putInt(0).put(id));
        String badNanos = base64(ByteBuffer.allocate(13 + id.length).put((byte) 1).putLong(0).putInt(1_000_000_000).put(id));
        String badSeconds = base64(ByteBuffer.allocate(13 + id.length).put((byte) 1).putLong(Long.MAX_VALUE).putInt(0).put(id));
        String noId = base64(ByteBuffer.allocate(13).put((byte) 1).putLong(0).putInt(0));
        String notUtf8 = base64(ByteBuffer.allocate(15).put((byte) 1).putLong(0).putInt(0).put((byte) 0xC3).put((byte) 0x28));
        String nul = base64(ByteBuffer.allocate(14).put((byte) 1).putLong(0).putInt(0).put((byte) 0));
        String valid = MessageCursor.encode(new MessageQuery.Position(FROM, "a@b.example"));

        assertMalformed("", "it is empty");
        assertMalformed("A".repeat(4097), "4097 characters long");
        assertMalformed("abc+/def", "not URL-safe base64");
        assertMalformed(wrongFormat, "not a place in a listing");
        assertMalformed(valid.substring(0, 10), "not a place in a listing");
        assertMalformed(noId, "not a place in a listing");
        assertMalformed(badNanos, "time is out of range");
        assertMalformed(badSeconds, "time is out of range");
        assertMalformed(notUtf8, "not UTF-8");
        assertMalformed(nul, "control character");
        assertThatThrownBy(() -> valid().build().after(null)).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageContaining("cursor");
    }

    private static void assertMalformed(String cursor, String why) {
        assertThatThrownBy(() -> valid().after(cursor)).as(cursor).isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageStartingWith("cursor is not one a page of messages gave (").hasMessageContaining(why);
    }
}
