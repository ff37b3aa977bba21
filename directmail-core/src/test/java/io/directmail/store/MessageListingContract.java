package io.directmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.InvalidMessageQueryException;
import io.directmail.MailType;
import io.directmail.MessageQuery;
import io.directmail.RecipientStatus;
import io.directmail.internal.query.MessageCursor;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MailStore} promises of {@link MailStore#messages}: part of the store contract
 * ({@link MailStoreContract} implements it), kept in a file of its own.
 */
public interface MessageListingContract {

    /** Where the listing tests' day starts. */
    Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    /** The end of that day, excluded from a listing of it. */
    Instant DAY_END = DAY.plus(Duration.ofDays(1));

    /** {@return the store under test, open} */
    MailStore store();

    /** {@return the clock of the store under test} */
    SettableClock clock();

    /** {@return the retention the store was opened with} */
    Duration retention();

    // ---- fixtures ----

    /**
     * Adds a pending message of an account, accepted at a given time.
     *
     * @param id the id
     * @param account the account
     * @param tag the tag, or null
     * @param acceptedAt when it was accepted
     * @return the message as added
     */
    default StoredMessage addAt(String id, String account, String tag, Instant acceptedAt) {
        RecipientStatus queued = new RecipientStatus(EmailAddress.of("rcpt@recipient.example"), DeliveryStatus.QUEUED, 0, null,
                null, null, acceptedAt);
        byte[] content = ("Subject: " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        StoredMessage message = new StoredMessage(id, acceptedAt, EmailAddress.of("bounces@sender.example"), List.of(queued),
                acceptedAt, tag, null, content.length, false, false, MailType.TRIGGER, null, account);
        store().add(message, content);
        return message;
    }

    /**
     * The message with every recipient's attempt recorded now, as a delivery attempt stores it.
     *
     * @param message the message
     * @param status the recipients' new status
     * @param next the next attempt, or null for a final status
     * @return the updated message, stored
     */
    default StoredMessage attempted(StoredMessage message, DeliveryStatus status, Instant next) {
        SmtpReply reply = status == DeliveryStatus.DELIVERED ? new SmtpReply(250, "2.0.0", "queued as 7")
                : status == DeliveryStatus.BOUNCED ? new SmtpReply(550, "5.1.1", "no such user")
                : new SmtpReply(451, "4.7.1", "greylisted");
        List<RecipientStatus> recipients = message.recipients().stream()
                .map(r -> new RecipientStatus(r.recipient(), status, r.attempts() + 1, reply, "mx.recipient.example", "tried",
                        clock().instant()))
                .toList();
        StoredMessage progress = message.withProgress(recipients, next);
        store().update(progress);
        return progress;
    }

    /** {@return a query of an account's messages of the test day, oldest first} */
    default MessageQuery.Builder day(String account) {
        return MessageQuery.newBuilder().account(account).from(DAY).to(DAY_END);
    }

    /** {@return the ids a single call lists} */
    default List<String> ids(MessageQuery query) {
        return store().messages(query).stream().map(StoredMessage::messageId).toList();
    }

    /**
     * Lists every page of a query, as {@code DirectMail} does: each call asks for one more message
     * than the page, and the next page starts after the page's last message.
     *
     * @param query the first page's query
     * @param between runs after each page, before the next is asked for
     * @return the ids of all pages, in order
     */
    default List<String> allPages(MessageQuery query, Runnable between) {
        List<String> listed = new ArrayList<>();
        MessageQuery page = query;
        for (int pages = 0; pages < 10_000; pages++) {
            List<StoredMessage> found = store().messages(page);
            assertThat(found).hasSizeLessThanOrEqualTo(query.limit() + 1);
            List<StoredMessage> shown = found.subList(0, Math.min(found.size(), query.limit()));
            shown.forEach(m -> listed.add(m.messageId()));
            if (found.size() <= query.limit()) {
                return listed;
            }
            StoredMessage last = shown.getLast();
            page = page.after(MessageCursor.encode(new MessageQuery.Position(last.acceptedAt(), last.messageId())));
            between.run();
        }
        throw new AssertionError("the listing did not end");
    }

    // ---- what is listed ----

    @Test
    default void messages_listTheAccountsMessagesAcceptedInTheRange_fromIncluded_toExcluded() {
        addAt("before@sender.example", "shop", null, DAY.minusNanos(1));
        addAt("first@sender.example", "shop", null, DAY);
        addAt("noon@sender.example", "shop", null, DAY.plus(Duration.ofHours(4)));
        addAt("last@sender.example", "shop", null, DAY_END.minusNanos(1));
        addAt("after@sender.example", "shop", null, DAY_END);
        addAt("other@sender.example", "blog", null, DAY.plus(Duration.ofHours(4)));

        assertThat(ids(day("shop").build()))
                .containsExactly("first@sender.example", "noon@sender.example", "last@sender.example");
        assertThat(ids(day("blog").build())).containsExactly("other@sender.example");
        assertThat(ids(day("nobody").build())).isEmpty();
        assertThat(ids(day("shop").to(DAY).build())).as("an empty range").isEmpty();
    }

    @Test
    default void messages_areOrderedByAcceptance_thenByIdByCodePoint_andNewestFirstIsTheExactReverse() {
        Instant t = DAY.plusSeconds(60);
        addAt("late@sender.example", "shop", null, t.plusNanos(1));
        addAt("b@sender.example", "shop", null, t);
        // By code point U+E000 sorts before U+1F600, though String.compareTo says otherwise.
        addAt("x\uD83D\uDE00@sender.example", "shop", null, t);
        addAt("x\uE000@sender.example", "shop", null, t);
        addAt("a@sender.example", "shop", null, t);
        addAt("early@sender.example", "shop", null, t.minusNanos(1));
        List<String> oldestFirst = List.of("early@sender.example", "a@sender.example", "b@sender.example",
                "x\uE000@sender.example", "x\uD83D\uDE00@sender.example", "late@sender.example");

        assertThat(ids(day("shop").build())).containsExactlyElementsOf(oldestFirst);
        assertThat(ids(day("shop").order(MessageQuery.Order.NEWEST_FIRST).build()))
                .containsExactlyElementsOf(oldestFirst.reversed());
    }

    @Test
    default void messages_withATag_listOnlyThatTag_andWithoutOne_everyTag() {
        addAt("r1@sender.example", "shop", "receipt", DAY.plusSeconds(1));
        addAt("w1@sender.example", "shop", "welcome", DAY.plusSeconds(2));
        addAt("n1@sender.example", "shop", null, DAY.plusSeconds(3));
        addAt("r2@sender.example", "shop", "receipt", DAY.plusSeconds(4));
        addAt("r3@sender.example", "blog", "receipt", DAY.plusSeconds(5));

        assertThat(ids(day("shop").tag("receipt").build())).containsExactly("r1@sender.example", "r2@sender.example");
        assertThat(ids(day("shop").tag("receipt").order(MessageQuery.Order.NEWEST_FIRST).build()))
                .containsExactly("r2@sender.example", "r1@sender.example");
        assertThat(ids(day("shop").tag("Receipt").build())).as("tags match exactly").isEmpty();
        assertThat(ids(day("shop").build()))
                .containsExactly("r1@sender.example", "w1@sender.example", "n1@sender.example", "r2@sender.example");
    }

    @Test
    default void messages_giveFinalAndPendingMessages_eachAsItWasLastStored() {
        StoredMessage delivered = addAt("delivered@sender.example", "shop", "receipt", DAY.plusSeconds(1));
        StoredMessage deferred = addAt("deferred@sender.example", "shop", "receipt", DAY.plusSeconds(2));
        StoredMessage bounced = addAt("bounced@sender.example", "shop", "receipt", DAY.plusSeconds(3));
        StoredMessage queued = addAt("queued@sender.example", "shop", "receipt", DAY.plusSeconds(4));
        clock().advance(Duration.ofMinutes(1));
        delivered = attempted(delivered, DeliveryStatus.DELIVERED, null);
        deferred = attempted(deferred, DeliveryStatus.DEFERRED, clock().instant().plus(Duration.ofMinutes(5)));
        bounced = attempted(bounced, DeliveryStatus.BOUNCED, null);

        List<StoredMessage> listed = store().messages(day("shop").tag("receipt").build());

        assertThat(listed).containsExactly(delivered, deferred, bounced, queued);
        assertThat(listed.get(1).recipients().getFirst().lastReply()).isEqualTo(new SmtpReply(451, "4.7.1", "greylisted"));
        assertThat(listed.get(1).recipients().getFirst().attempts()).isEqualTo(1);
    }

    @Test
    default void messages_forgottenAfterTheRetention_areNotListed_butPendingOnesStay() {
        StoredMessage done = addAt("done@sender.example", "shop", null, DAY.plusSeconds(1));
        StoredMessage waiting = addAt("waiting@sender.example", "shop", null, DAY.plusSeconds(2));
        clock().advance(Duration.ofMinutes(3));
        StoredMessage delivered = attempted(done, DeliveryStatus.DELIVERED, null);

        clock().advance(retention().minusMillis(1));
        assertThat(store().messages(day("shop").build())).containsExactly(delivered, waiting);

        clock().advance(Duration.ofMillis(1));
        assertThat(store().messages(day("shop").build())).containsExactly(waiting);
    }

    // ---- pages ----

    @Test
    default void messages_giveOneMoreThanTheLimit_whenMoreMatch() {
        for (int i = 0; i < 4; i++) {
            addAt("m" + i + "@sender.example", "shop", null, DAY.plusSeconds(i));
        }

        assertThat(ids(day("shop").limit(3).build()))
                .containsExactly("m0@sender.example", "m1@sender.example", "m2@sender.example", "m3@sender.example");
        assertThat(ids(day("shop").limit(4).build())).hasSize(4);
        assertThat(ids(day("shop").limit(1).order(MessageQuery.Order.NEWEST_FIRST).build()))
                .containsExactly("m3@sender.example", "m2@sender.example");
    }

    @Test
    default void pagesOfAListing_giveEveryMessageOnce_inOrder_evenWhereManyShareAnInstant() {
        List<StoredMessage> added = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Groups of five accepted at the same instant, ids added out of order.
            Instant at = DAY.plusSeconds(i / 5);
            added.add(addAt("m" + ((i * 7) % 40) + "@sender.example", "shop", i % 3 == 0 ? "odd" : null, at));
        }
        addAt("other@sender.example", "blog", null, DAY.plusSeconds(1));
        Comparator<StoredMessage> byAcceptance = Comparator.comparing(StoredMessage::acceptedAt)
                .thenComparing(StoredMessage::messageId);
        List<String> oldestFirst = added.stream().sorted(byAcceptance).map(StoredMessage::messageId).toList();

        for (int limit : new int[] {1, 3, 5, 7, 40, 1000}) {
            assertThat(allPages(day("shop").limit(limit).build(), () -> { })).as("limit " + limit)
                    .containsExactlyElementsOf(oldestFirst);
            assertThat(allPages(day("shop").limit(limit).order(MessageQuery.Order.NEWEST_FIRST).build(), () -> { }))
                    .as("limit " + limit + ", newest first").containsExactlyElementsOf(oldestFirst.reversed());
        }
        List<String> odd = added.stream().filter(m -> "odd".equals(m.tag())).sorted(byAcceptance)
                .map(StoredMessage::messageId).toList();
        assertThat(allPages(day("shop").tag("odd").limit(2).build(), () -> { })).containsExactlyElementsOf(odd);
    }

    @Test
    default void messagesAddedBetweenPages_showWhenAhead_andNeverRepeatOrHideAnother() {
        for (int i = 0; i < 10; i++) {
            addAt("m" + i + "@sender.example", "shop", null, DAY.plusSeconds(10 * i));
        }
        int[] page = {0};

        List<String> listed = allPages(day("shop").limit(3).build(), () -> {
            // After the first page (m0..m2): one message behind the place reached, one at its very
            // instant but ahead by id, one far ahead.
            if (page[0]++ == 0) {
                addAt("behind@sender.example", "shop", null, DAY.plusSeconds(5));
                addAt("m2a@sender.example", "shop", null, DAY.plusSeconds(20));
                addAt("ahead@sender.example", "shop", null, DAY.plusSeconds(95));
            }
        });

        assertThat(listed).containsExactly("m0@sender.example", "m1@sender.example", "m2@sender.example", "m2a@sender.example",
                "m3@sender.example", "m4@sender.example", "m5@sender.example", "m6@sender.example", "m7@sender.example",
                "m8@sender.example", "m9@sender.example", "ahead@sender.example");
    }

    @Test
    default void aListingWhileOtherThreadsAddAndUpdate_givesEveryEarlierMessageOnce() throws Exception {
        List<String> earlier = new ArrayList<>();
        List<StoredMessage> toUpdate = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            StoredMessage m = addAt(String.format("m%02d@sender.example", i), "shop", null, DAY.plusSeconds(i));
            earlier.add(m.messageId());
            if (i % 2 == 0) {
                toUpdate.add(m);
            }
        }
        CountDownLatch firstPage = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                firstPage.await();
                for (int i = 0; i < toUpdate.size(); i++) {
                    attempted(toUpdate.get(i), DeliveryStatus.DELIVERED, null);
                    addAt("new" + i + "@sender.example", "shop", null, DAY.plusSeconds(100 + i));
                    addAt("elsewhere" + i + "@sender.example", "blog", null, DAY.plusSeconds(i));
                }
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                stop.set(true);
            }
        });

        List<String> listed;
        try {
            listed = allPages(day("shop").limit(4).build(), firstPage::countDown);
        } finally {
            firstPage.countDown();
            writer.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(failures).isEmpty();
        assertThat(stop).isTrue();
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed.stream().filter(id -> id.startsWith("m")).toList()).containsExactlyElementsOf(earlier);
        assertThat(listed).noneMatch(id -> id.startsWith("elsewhere"));
    }

    // ---- bad input ----

    @Test
    default void messages_overARangeLongerThanTheRetention_isRefused_andTheRetentionItselfIsAllowed() {
        addAt("m@sender.example", "shop", null, DAY);

        assertThat(ids(day("shop").to(DAY.plus(retention())).build())).containsExactly("m@sender.example");
        assertThatThrownBy(() -> store().messages(day("shop").to(DAY.plus(retention()).plusNanos(1)).build()))
                .isInstanceOf(InvalidMessageQueryException.class)
                .hasMessageContaining("retention").hasMessageContaining(retention().toString());
        assertThatThrownBy(() -> store().messages(null)).isInstanceOf(NullPointerException.class).hasMessage("query");
    }

    @Test
    default void messages_farFromTodayOrAtTheEdgesOfTime_findNothing_withoutFailing() {
        addAt("m@sender.example", "shop", null, DAY);

        assertThat(ids(MessageQuery.newBuilder().account("shop").from(Instant.MIN).to(Instant.MIN.plus(retention())).build()))
                .isEmpty();
        assertThat(ids(MessageQuery.newBuilder().account("shop").from(Instant.MAX.minus(retention())).to(Instant.MAX).build()))
                .isEmpty();
        MessageQuery.Position beforeTime = new MessageQuery.Position(Instant.MIN, "a@sender.example");
        MessageQuery.Position afterTime = new MessageQuery.Position(Instant.MAX, "a@sender.example");
        assertThat(ids(day("shop").build().after(MessageCursor.encode(beforeTime)))).containsExactly("m@sender.example");
        assertThat(ids(day("shop").build().after(MessageCursor.encode(afterTime)))).isEmpty();
        MessageQuery newest = day("shop").order(MessageQuery.Order.NEWEST_FIRST).build();
        assertThat(ids(newest.after(MessageCursor.encode(afterTime)))).containsExactly("m@sender.example");
        assertThat(ids(newest.after(MessageCursor.encode(beforeTime)))).isEmpty();
    }
}
