package io.directmail.store;

import io.directmail.testsupport.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.Suppression;
import io.directmail.transport.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MailStore} must have. Each implementation runs this suite through a
 * subclass that says how to open it. The listing of messages by account and time is tested in
 * {@link MessageListingContract}, part of this suite.
 */
public abstract class MailStoreContract implements MessageListingContract {

    /** The retention the suite opens stores with. */
    protected static final Duration RETENTION = Duration.ofDays(7);
    /** Where the suite's clock starts. */
    public static final Instant START = Instant.parse("2026-03-01T08:00:00.123456789Z");

    /** The clock every store of the suite uses. */
    protected final SettableClock clock = new SettableClock(START);
    /** The store under test. */
    protected MailStore store;

    /**
     * Opens the store under test, empty or with what an earlier store of the same test left.
     *
     * @param options retention and clock for the store
     * @return the open store
     */
    protected abstract MailStore open(StoreOptions options);

    /** {@return the options the suite opens stores with} */
    protected StoreOptions options() {
        return StoreOptions.defaults().withClock(clock).withRetention(RETENTION);
    }

    @Override
    public MailStore store() {
        return store;
    }

    @Override
    public SettableClock clock() {
        return clock;
    }

    @Override
    public Duration retention() {
        return RETENTION;
    }

    @BeforeEach
    void openStore() {
        store = open(options());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- fixtures ----

    /**
     * A queued message to the given recipients, due now.
     *
     * @param id the id
     * @param idempotencyKey the key, or null
     * @param recipients the recipients' addresses
     * @return the message
     */
    protected StoredMessage message(String id, String idempotencyKey, String... recipients) {
        List<RecipientStatus> statuses = new ArrayList<>();
        for (String r : recipients) {
            statuses.add(new RecipientStatus(EmailAddress.of(r), DeliveryStatus.QUEUED, 0, null, null, null, clock.instant()));
        }
        return new StoredMessage(id, clock.instant(), EmailAddress.of("bounces@sender.example"), statuses, clock.instant(),
                null, idempotencyKey, content(id).length, false, false);
    }

    /**
     * The content the suite stores for a message.
     *
     * @param id the message's id
     * @return its wire form
     */
    protected static byte[] content(String id) {
        return ("Message-ID: <" + id + ">\r\nSubject: test " + id + "\r\n\r\nbody of " + id + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The message with every recipient in a status.
     *
     * @param m the message
     * @param status the new status of every recipient
     * @param next the next attempt, or null
     * @return the updated message
     */
    protected StoredMessage withAll(StoredMessage m, DeliveryStatus status, Instant next) {
        SmtpReply reply = status == DeliveryStatus.DELIVERED ? new SmtpReply(250, "2.0.0", "queued as 42")
                : new SmtpReply(451, "4.7.1", "greylisted, try again later");
        List<RecipientStatus> rs = m.recipients().stream()
                .map(r -> new RecipientStatus(r.recipient(), status, r.attempts() + 1, reply, "mx1.recipient.example",
                        "attempt " + (r.attempts() + 1), clock.instant()))
                .toList();
        return m.withProgress(rs, next);
    }

    /**
     * Adds a trigger message to one recipient, due now, unclaimed.
     *
     * @param id the id
     * @return the message as added
     */
    protected StoredMessage addQueued(String id) {
        StoredMessage m = message(id, null, "rcpt@recipient.example");
        store.add(m, content(id));
        return m;
    }

    /**
     * What {@link #addThreeAndProgressTwo()} leaves in the store.
     *
     * @param aDeferred {@code a@sender.example} (key {@code key-a}, two recipients), deferred for five minutes
     * @param bDelivered {@code b@sender.example} (no key), delivered, so its content is released
     * @param c {@code c@sender.example} (key {@code key-c}), as added
     */
    protected record ThreeMessages(StoredMessage aDeferred, StoredMessage bDelivered, StoredMessage c) {}

    /**
     * Adds three messages and updates two of them, the state the durable stores' reopening tests
     * start from.
     *
     * @return the messages as they are stored
     */
    protected ThreeMessages addThreeAndProgressTwo() {
        StoredMessage a = message("a@sender.example", "key-a", "one@recipient.example", "two@recipient.example");
        StoredMessage b = message("b@sender.example", null, "one@recipient.example");
        StoredMessage c = message("c@sender.example", "key-c", "one@recipient.example");
        store.add(a, content("a@sender.example"));
        store.add(b, content("b@sender.example"));
        store.add(c, content("c@sender.example"));
        StoredMessage aDeferred = withAll(a, DeliveryStatus.DEFERRED, START.plusSeconds(300));
        StoredMessage bDelivered = withAll(b, DeliveryStatus.DELIVERED, null);
        store.update(aDeferred);
        store.update(bDelivered);
        return new ThreeMessages(aDeferred, bDelivered, c);
    }

    // ---- round trip ----

    @Test
    void add_thenFindAndContent_giveBackWhatWasStored() {
        List<RecipientStatus> recipients = List.of(
                new RecipientStatus(EmailAddress.of("anna@bücher.example"), DeliveryStatus.QUEUED, 0, null, null, null, START),
                new RecipientStatus(EmailAddress.of("jörg@example.org"), DeliveryStatus.DEFERRED, 2,
                        new SmtpReply(452, "4.2.2", "mailbox full"), "mx.example.org", "try later", START.plusSeconds(5)),
                new RecipientStatus(EmailAddress.of("\"odd local\"@example.net"), DeliveryStatus.BOUNCED, 1,
                        new SmtpReply(550, null, "no such user"), null, "hard bounce", START.plusNanos(7)));
        byte[] body = "Subject: ünïcode\r\n\r\n8-bit body \u00e9\r\n".getBytes(StandardCharsets.UTF_8);
        StoredMessage m = new StoredMessage("abc.def@sender.example", START, null, recipients, START.plusSeconds(60),
                "welcome", "key-1", body.length, true, true);

        store.add(m, body);

        assertThat(store.find("abc.def@sender.example")).contains(m);
        assertThat(store.content("abc.def@sender.example")).isEqualTo(body);
        assertThat(store.find("someone-else@sender.example")).isEmpty();
    }

    @Test
    void update_changesStatusesAndDueTime() {
        StoredMessage m = addQueued("m1@sender.example");
        clock.advance(Duration.ofMinutes(1));
        StoredMessage deferred = withAll(m, DeliveryStatus.DEFERRED, clock.instant().plus(Duration.ofMinutes(5)));

        store.update(deferred);

        assertThat(store.find("m1@sender.example")).contains(deferred);
        assertThat(store.content("m1@sender.example")).isEqualTo(content("m1@sender.example"));
    }

    @Test
    void update_thatGivesEveryRecipientAFinalStatus_releasesTheContent_butKeepsTheStatus() {
        StoredMessage m = addQueued("m1@sender.example");
        StoredMessage delivered = withAll(m, DeliveryStatus.DELIVERED, null);

        store.update(delivered);

        assertThat(store.find("m1@sender.example")).contains(delivered);
        assertThatThrownBy(() -> store.content("m1@sender.example"))
                .isInstanceOf(DirectMailException.class)
                .hasMessageContaining("m1@sender.example").hasMessageContaining("released");
    }

    @Test
    void forEachPending_visitsPendingMessagesInAcceptanceOrder_andSkipsFinishedOnes() {
        List<StoredMessage> added = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            added.add(addQueued("m" + i + "@sender.example"));
            clock.advance(Duration.ofMillis(1));
        }
        store.update(withAll(added.get(3), DeliveryStatus.DELIVERED, null));
        store.update(withAll(added.get(7), DeliveryStatus.BOUNCED, null));
        StoredMessage deferred = withAll(added.get(11), DeliveryStatus.DEFERRED, clock.instant().plusSeconds(600));
        store.update(deferred);

        List<String> visited = new ArrayList<>();
        store.forEachPending(m -> visited.add(m.messageId()));

        List<String> expected = IntStream.range(0, 20).filter(i -> i != 3 && i != 7)
                .mapToObj(i -> "m" + i + "@sender.example").toList();
        assertThat(visited).containsExactlyElementsOf(expected);
    }

    @Test
    void forEachPending_givesTheLatestProgress() {
        StoredMessage m = addQueued("m1@sender.example");
        StoredMessage deferred = withAll(m, DeliveryStatus.DEFERRED, START.plusSeconds(900));
        store.update(deferred);

        List<StoredMessage> visited = new ArrayList<>();
        store.forEachPending(visited::add);

        assertThat(visited).containsExactly(deferred);
    }

    // ---- idempotency ----

    @Test
    void findByIdempotencyKey_findsTheMessageInsideTheWindowOnly() {
        StoredMessage m = message("m1@sender.example", "order-17", "rcpt@recipient.example");
        store.add(m, content("m1@sender.example"));
        clock.advance(Duration.ofHours(1));

        assertThat(store.findByIdempotencyKey("order-17", clock.instant().minus(Duration.ofHours(2)))).contains(m);
        assertThat(store.findByIdempotencyKey("order-17", START)).contains(m);
        assertThat(store.findByIdempotencyKey("order-17", START.plusNanos(1))).isEmpty();
        assertThat(store.findByIdempotencyKey("order-18", START)).isEmpty();
    }

    @Test
    void addUnlessKeyed_addsOnlyWhenNoMessageOfTheKeyIsInsideTheWindow() {
        StoredMessage first = message("m1@sender.example", "order-17", "rcpt@recipient.example");
        assertThat(store.addUnlessKeyed(first, content("m1@sender.example"), null, START)).isEmpty();
        clock.advance(Duration.ofHours(1));
        StoredMessage second = message("m2@sender.example", "order-17", "rcpt@recipient.example");

        assertThat(store.addUnlessKeyed(second, content("m2@sender.example"), null, START)).contains(first);
        assertThat(store.find("m2@sender.example")).as("nothing added").isEmpty();

        assertThat(store.addUnlessKeyed(second, content("m2@sender.example"), null, START.plusNanos(1)))
                .as("the first is outside this window").isEmpty();
        assertThat(store.find("m2@sender.example")).contains(second);
        StoredMessage unkeyed = message("m3@sender.example", null, "rcpt@recipient.example");
        assertThat(store.addUnlessKeyed(unkeyed, content("m3@sender.example"), null, START)).isEmpty();
        assertThat(store.find("m3@sender.example")).contains(unkeyed);
    }

    @Test
    void findByIdempotencyKey_followsTheMessageThroughUpdates() {
        StoredMessage m = message("m1@sender.example", "order-17", "rcpt@recipient.example");
        store.add(m, content("m1@sender.example"));
        StoredMessage delivered = withAll(m, DeliveryStatus.DELIVERED, null);
        store.update(delivered);

        assertThat(store.findByIdempotencyKey("order-17", START)).contains(delivered);
    }

    @Test
    void findByIdempotencyKey_whenTheKeyWasReusedAfterItsWindow_findsTheLatestMessage() {
        store.add(message("m1@sender.example", "order-17", "rcpt@recipient.example"), content("m1@sender.example"));
        clock.advance(Duration.ofDays(2));
        StoredMessage second = message("m2@sender.example", "order-17", "rcpt@recipient.example");
        store.add(second, content("m2@sender.example"));

        assertThat(store.findByIdempotencyKey("order-17", clock.instant().minus(Duration.ofDays(1)))).contains(second);
    }

    // ---- retention ----

    @Test
    void finalMessage_isForgottenWhenTheRetentionHasPassed_pendingOnesAreNot() {
        StoredMessage done = message("done@sender.example", "key-done", "rcpt@recipient.example");
        store.add(done, content("done@sender.example"));
        StoredMessage waiting = addQueued("waiting@sender.example");
        clock.advance(Duration.ofMinutes(3));
        store.update(withAll(done, DeliveryStatus.DELIVERED, null));

        clock.advance(RETENTION.minusMillis(1));
        assertThat(store.find("done@sender.example")).isPresent();
        assertThat(store.findByIdempotencyKey("key-done", START)).isPresent();

        clock.advance(Duration.ofMillis(1));
        assertThat(store.find("done@sender.example")).isEmpty();
        assertThat(store.findByIdempotencyKey("key-done", START)).isEmpty();
        assertThat(store.find("waiting@sender.example")).contains(waiting);
    }

    // ---- bad input ----

    @Test
    void content_ofAnUnknownMessage_isAClearError() {
        assertThatThrownBy(() -> store.content("nobody@sender.example"))
                .isInstanceOf(DirectMailException.class)
                .hasMessageContaining("nobody@sender.example");
    }

    @Test
    void add_withNullArguments_isRefusedWithTheirNames() {
        assertThatThrownBy(() -> store.add(null, new byte[0])).isInstanceOf(NullPointerException.class).hasMessage("message");
        StoredMessage m = message("m1@sender.example", null, "rcpt@recipient.example");
        assertThatThrownBy(() -> store.add(m, null)).isInstanceOf(NullPointerException.class).hasMessage("content");
        assertThat(store.find("m1@sender.example")).isEmpty();
    }

    @Test
    void storedMessage_withoutRecipients_isRefused() {
        assertThatThrownBy(() -> new StoredMessage("m@x.example", START, null, List.of(), null, null, null, 0, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one recipient");
        assertThatThrownBy(() -> new StoredMessage("m@x.example", START, null, null, null, null, null, 0, false, false))
                .isInstanceOf(NullPointerException.class).hasMessage("recipients");
        assertThatThrownBy(() -> new StoredMessage(null, START, null, List.of(), null, null, null, 0, false, false))
                .isInstanceOf(NullPointerException.class).hasMessage("messageId");
    }

    @Test
    void add_withContentOfAnotherSize_isRefused_andNothingIsStored() {
        StoredMessage m = message("m1@sender.example", "k", "rcpt@recipient.example");

        assertThatThrownBy(() -> store.add(m, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m1@sender.example").hasMessageContaining("3 octets");
        assertThat(store.find("m1@sender.example")).isEmpty();
        assertThat(store.findByIdempotencyKey("k", START)).isEmpty();
    }

    @Test
    void add_ofAnIdAlreadyStored_isRefused_andTheFirstMessageIsKept() {
        StoredMessage first = addQueued("m1@sender.example");
        StoredMessage second = message("m1@sender.example", null, "other@recipient.example");

        assertThatThrownBy(() -> store.add(second, content("m1@sender.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already stored");
        assertThat(store.find("m1@sender.example")).contains(first);
    }

    @Test
    void update_ofAnUnknownMessage_isAClearError() {
        StoredMessage m = message("ghost@sender.example", null, "rcpt@recipient.example");

        assertThatThrownBy(() -> store.update(m))
                .isInstanceOf(DirectMailException.class).hasMessageContaining("ghost@sender.example");
        assertThatThrownBy(() -> store.update(null)).isInstanceOf(NullPointerException.class).hasMessage("progress");
    }

    @Test
    void update_thatChangesTheRecipients_isRefused_andTheStoredMessageIsKept() {
        StoredMessage m = addQueued("m1@sender.example");
        StoredMessage other = message("m1@sender.example", null, "someone.else@recipient.example");

        assertThatThrownBy(() -> store.update(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recipients");
        assertThat(store.find("m1@sender.example")).contains(m);
    }

    @Test
    void aFinalMessage_takesNoFurtherUpdate_soAnOutcomeStoredByAnotherNodeStands() {
        StoredMessage m = addQueued("a@sender.example");
        StoredMessage delivered = withAll(m, DeliveryStatus.DELIVERED, null);
        store.update(delivered);

        assertThatThrownBy(() -> store.update(withAll(m, DeliveryStatus.EXPIRED, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("final");
        assertThat(store.find("a@sender.example")).contains(delivered);
    }

    @Test
    void update_thatChangesTheAccount_isRefused() {
        StoredMessage m = addQueued("a@sender.example");
        StoredMessage moved = new StoredMessage(m.messageId(), m.acceptedAt(), m.returnPath(), m.recipients(), m.nextAttemptAt(),
                m.tag(), m.idempotencyKey(), m.size(), m.smtpUtf8(), m.eightBit(), m.type(), m.notBefore(), "another");

        assertThatThrownBy(() -> store.update(moved)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
        assertThat(store.find("a@sender.example")).contains(m);
    }

    @Test
    void update_thatMakesAFinalMessagePendingAgain_isRefused() {
        StoredMessage m = addQueued("m1@sender.example");
        store.update(withAll(m, DeliveryStatus.DELIVERED, null));

        assertThatThrownBy(() -> store.update(withAll(m, DeliveryStatus.DEFERRED, START)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("final");
    }

    @Test
    void lookups_withNullArguments_areRefusedWithTheirNames() {
        assertThatThrownBy(() -> store.find(null)).isInstanceOf(NullPointerException.class).hasMessage("messageId");
        assertThatThrownBy(() -> store.content(null)).isInstanceOf(NullPointerException.class).hasMessage("messageId");
        assertThatThrownBy(() -> store.findByIdempotencyKey(null, START))
                .isInstanceOf(NullPointerException.class).hasMessage("idempotencyKey");
        assertThatThrownBy(() -> store.findByIdempotencyKey("k", null))
                .isInstanceOf(NullPointerException.class).hasMessage("notBefore");
        assertThatThrownBy(() -> store.forEachPending(null)).isInstanceOf(NullPointerException.class).hasMessage("action");
    }

    @Test
    void claimCalls_withNullArguments_areRefusedWithTheirNames() {
        assertThatThrownBy(() -> store.renewClaims(null, START)).isInstanceOf(NullPointerException.class)
                .hasMessage("messageIds");
        assertThatThrownBy(() -> store.renewClaims(List.of("a@sender.example"), null))
                .isInstanceOf(NullPointerException.class).hasMessage("leaseUntil");
        assertThatThrownBy(() -> store.releaseClaims(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("messageIds");
    }

    @Test
    void aClosedStore_refusesWork() {
        store.close();

        assertThatThrownBy(() -> addQueued("late@sender.example"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.find("late@sender.example"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    // ---- claims ----

    private static final Duration LEASE = Duration.ofMinutes(5);

    private StoredMessage batchMessage(String id, Instant due) {
        StoredMessage m = message(id, null, "rcpt@recipient.example");
        return new StoredMessage(id, m.acceptedAt(), m.returnPath(), m.recipients(), due, null, null, m.size(), false, false,
                MailType.BATCH, null);
    }

    private List<String> claim(MailType lane, int limit) {
        return store.claimDue(lane, clock.instant(), limit, clock.instant().plus(LEASE)).stream()
                .map(StoredMessage::messageId).toList();
    }

    @Test
    void claimDue_handsOutEachDueMessageOnce_inDueOrder_withinTheLimit() {
        addQueued("a@sender.example");
        addQueued("b@sender.example");
        addQueued("c@sender.example");

        assertThat(claim(MailType.TRIGGER, 2)).containsExactly("a@sender.example", "b@sender.example");
        assertThat(claim(MailType.TRIGGER, 10)).containsExactly("c@sender.example");
        assertThat(claim(MailType.TRIGGER, 10)).as("all three are leased").isEmpty();
    }

    @Test
    void claimDue_givesTheLatestState_andKeepsLanesApart() {
        store.add(batchMessage("news@sender.example", clock.instant()), content("news@sender.example"));
        addQueued("reset@sender.example");

        List<StoredMessage> batch = store.claimDue(MailType.BATCH, clock.instant(), 10, clock.instant().plus(LEASE));
        assertThat(batch).extracting(StoredMessage::messageId).containsExactly("news@sender.example");
        assertThat(batch.getFirst().type()).isEqualTo(MailType.BATCH);
        assertThat(claim(MailType.TRIGGER, 10)).containsExactly("reset@sender.example");
    }

    @Test
    void claimDue_sharesALaneFairlyBetweenAccounts() {
        Instant now = clock.instant();
        for (int i = 0; i < 5; i++) {
            store.add(accountMessage("big" + i + "@sender.example", "big-customer", now), content("big" + i + "@sender.example"));
        }
        store.add(accountMessage("small0@sender.example", "small-customer", now), content("small0@sender.example"));
        store.add(accountMessage("small1@sender.example", "small-customer", now), content("small1@sender.example"));

        assertThat(store.find("small0@sender.example")).get().extracting(StoredMessage::account).isEqualTo("small-customer");
        List<String> first = claim(MailType.BATCH, 4);
        assertThat(first).hasSize(4).contains("small0@sender.example", "small1@sender.example");
        assertThat(first.stream().filter(id -> id.startsWith("big"))).containsExactly("big0@sender.example", "big1@sender.example");
        assertThat(claim(MailType.BATCH, 10)).containsExactly("big2@sender.example", "big3@sender.example", "big4@sender.example");
    }

    private StoredMessage accountMessage(String id, String account, Instant due) {
        StoredMessage m = batchMessage(id, due);
        return new StoredMessage(id, m.acceptedAt(), m.returnPath(), m.recipients(), due, null, null,
                m.size(), false, false, MailType.BATCH, null, account);
    }

    @Test
    void claimDue_waitsForTheDueTime_andOrdersByIt() {
        Instant now = clock.instant();
        store.add(batchMessage("later@sender.example", now.plusSeconds(60)), content("later@sender.example"));
        store.add(batchMessage("sooner@sender.example", now.plusSeconds(30)), content("sooner@sender.example"));

        assertThat(claim(MailType.BATCH, 10)).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(claim(MailType.BATCH, 10)).containsExactly("sooner@sender.example", "later@sender.example");
    }

    @Test
    void aMessageAddedWithALease_isNotClaimable_untilTheLeaseEnds() {
        StoredMessage m = message("mine@sender.example", null, "rcpt@recipient.example");
        store.add(m, content(m.messageId()), clock.instant().plus(LEASE));

        assertThat(claim(MailType.TRIGGER, 10)).isEmpty();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(claim(MailType.TRIGGER, 10)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(claim(MailType.TRIGGER, 10)).as("a lapsed claim is taken over").containsExactly("mine@sender.example");
    }

    @Test
    void renewClaims_keepsAClaim_andReleaseClaims_freesItAtOnce() {
        addQueued("a@sender.example");
        assertThat(claim(MailType.TRIGGER, 10)).containsExactly("a@sender.example");

        clock.advance(LEASE.minusSeconds(10));
        store.renewClaims(List.of("a@sender.example", "unknown@sender.example"), clock.instant().plus(LEASE));
        clock.advance(Duration.ofSeconds(20));
        assertThat(claim(MailType.TRIGGER, 10)).as("renewed").isEmpty();

        store.releaseClaims(List.of("a@sender.example", "unknown@sender.example"));
        assertThat(claim(MailType.TRIGGER, 10)).containsExactly("a@sender.example");
    }

    @Test
    void update_endsTheClaim_andTheMessageComesBackWhenItIsDueAgain() {
        StoredMessage m = addQueued("a@sender.example");
        assertThat(claim(MailType.TRIGGER, 10)).containsExactly("a@sender.example");

        store.update(withAll(m, DeliveryStatus.DEFERRED, clock.instant().plusSeconds(300)));
        assertThat(claim(MailType.TRIGGER, 10)).isEmpty();
        clock.advance(Duration.ofSeconds(300));
        List<StoredMessage> again = store.claimDue(MailType.TRIGGER, clock.instant(), 10, clock.instant().plus(LEASE));
        assertThat(again).singleElement().satisfies(s -> {
            assertThat(s.messageId()).isEqualTo("a@sender.example");
            assertThat(s.recipients().getFirst().status()).isEqualTo(DeliveryStatus.DEFERRED);
        });
    }

    @Test
    void aFinalMessage_isNeverClaimed() {
        StoredMessage m = addQueued("a@sender.example");
        claim(MailType.TRIGGER, 10);
        store.update(withAll(m, DeliveryStatus.DELIVERED, null));

        clock.advance(LEASE.multipliedBy(2));
        assertThat(claim(MailType.TRIGGER, 10)).isEmpty();
    }

    @Test
    void claimDue_withBadArguments_isRefused_andClaimsNothing() {
        addQueued("a@sender.example");
        Instant now = clock.instant();

        assertThatThrownBy(() -> store.claimDue(MailType.TRIGGER, now, 0, now.plus(LEASE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> store.claimDue(MailType.TRIGGER, now, 1, now.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseUntil");
        assertThatThrownBy(() -> store.claimDue(null, now, 1, now.plus(LEASE)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("lane");
        assertThat(claim(MailType.TRIGGER, 10)).containsExactly("a@sender.example");
    }

    // ---- suppression list ----

    private Suppression suppression(String address, Suppression.Reason reason) {
        return new Suppression(EmailAddress.of(address), reason, clock.instant(), "550 5.1.1 no such user");
    }

    @Test
    void suppressions_areAdded_found_listedInOrder_andRemoved() {
        Suppression first = suppression("gone@recipient.example", Suppression.Reason.HARD_BOUNCE);
        assertThat(store.addSuppression(first)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        Suppression second = suppression("left@recipient.example", Suppression.Reason.UNSUBSCRIBE);
        store.addSuppression(second);

        assertThat(store.findSuppression(EmailAddress.of("Gone@recipient.example"))).as("local part case ignored").contains(first);
        assertThat(store.suppressions()).containsExactly(first, second);
        assertThat(store.removeSuppression(EmailAddress.of("gone@recipient.example"))).isTrue();
        assertThat(store.removeSuppression(EmailAddress.of("gone@recipient.example"))).isFalse();
        assertThat(store.findSuppression(EmailAddress.of("gone@recipient.example"))).isEmpty();
        assertThat(store.suppressions()).containsExactly(second);
    }

    @Test
    void addSuppression_ofAnAddressAlreadyListed_keepsTheFirstEntry() {
        Suppression first = suppression("gone@recipient.example", Suppression.Reason.HARD_BOUNCE);
        store.addSuppression(first);
        clock.advance(Duration.ofDays(1));

        assertThat(store.addSuppression(suppression("GONE@recipient.example", Suppression.Reason.MANUAL))).isEqualTo(first);
        assertThat(store.suppressions()).containsExactly(first);
    }

    @Test
    void suppressionCalls_withNullArguments_areRefused() {
        assertThatThrownBy(() -> store.addSuppression(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.findSuppression(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.removeSuppression(null)).isInstanceOf(NullPointerException.class);
        assertThat(store.suppressions()).isEmpty();
    }

    // ---- concurrency ----

    @Test
    void manyThreadsAdding_loseNothing() throws Exception {
        int threads = 16;
        int perThread = 150;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            adders.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    String id = "t" + thread + "-" + i + "@sender.example";
                    try {
                        store.add(message(id, "key-" + id, "rcpt@recipient.example"), content(id));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread t : adders) {
            t.join();
        }

        assertThat(failures).isEmpty();
        List<String> pending = new ArrayList<>();
        store.forEachPending(m -> pending.add(m.messageId()));
        assertThat(pending).hasSize(threads * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                String id = "t" + t + "-" + i + "@sender.example";
                assertThat(store.content(id)).as(id).isEqualTo(content(id));
                assertThat(store.findByIdempotencyKey("key-" + id, START).map(StoredMessage::messageId)).contains(id);
            }
        }
        // Each thread's own messages keep their order.
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<String> own = pending.stream().filter(id -> id.startsWith(prefix)).toList();
            assertThat(own).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> prefix + i + "@sender.example").toList());
        }
    }

    // ---- keyed records ----

    /**
     * The UTF-8 form of a text, the values the record tests store.
     *
     * @param text the text
     * @return its octets
     */
    protected static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A value of a given size whose octets depend on a seed, so that values of one size differ.
     *
     * @param size the size in octets
     * @param seed what the octets depend on
     * @return the value
     */
    protected static byte[] filled(int size, int seed) {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) (i * 31 + seed);
        }
        return value;
    }

    /**
     * Adds one to a counter kept as a record (a decimal number in ASCII) the way a caller shares
     * one between threads and nodes: read, compare-and-set, and read again when another caller
     * got in first.
     *
     * @param store the store holding the counter
     * @param kind the counter's kind
     * @param key the counter's key
     * @return how many compare-and-sets failed before one succeeded
     */
    public static int increment(MailStore store, String kind, String key) {
        int conflicts = 0;
        while (true) {
            byte[] seen = store.findRecord(kind, key).orElseThrow();
            long next = Long.parseLong(new String(seen, StandardCharsets.US_ASCII)) + 1;
            if (store.replaceRecord(kind, key, seen, Long.toString(next).getBytes(StandardCharsets.US_ASCII))) {
                return conflicts;
            }
            conflicts++;
        }
    }

    private List<String> keys(String kind, String prefix) {
        return store.records(kind, prefix).stream().map(StoredRecord::key).toList();
    }

    @Test
    void putRecord_thenFindRecord_givesTheValueBack_keptApartByKindAndKey() {
        store.putRecord("account", "acme", utf8("{\"name\":\"Acme\"}"));
        store.putRecord("template", "acme", utf8("<p>hello</p>"));
        store.putRecord("account", "globex", new byte[0]);

        assertThat(store.findRecord("account", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("{\"name\":\"Acme\"}")));
        assertThat(store.findRecord("template", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("<p>hello</p>")));
        assertThat(store.findRecord("account", "globex")).as("an empty value is a value").hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(store.findRecord("account", "initech")).isEmpty();
        assertThat(store.findRecord("domain", "acme")).isEmpty();
        assertThat(store.findRecord("account", "ACME")).as("keys are case-sensitive").isEmpty();
        assertThat(store.records("account")).containsExactly(new StoredRecord("account", "acme", utf8("{\"name\":\"Acme\"}")),
                new StoredRecord("account", "globex", new byte[0]));
        assertThat(store.records("domain")).isEmpty();
    }

    @Test
    void putRecord_ofAKeyAlreadyStored_replacesItsValue() {
        store.putRecord("account", "acme", utf8("v1"));
        store.putRecord("account", "acme", utf8("version 2, longer"));

        assertThat(store.findRecord("account", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("version 2, longer")));
        assertThat(store.records("account")).containsExactly(new StoredRecord("account", "acme", utf8("version 2, longer")));
    }

    @Test
    void removeRecord_removesIt_saysWhetherThereWasOne_andTheKeyCanBeUsedAgain() {
        store.putRecord("account", "acme", utf8("v1"));
        store.putRecord("account", "globex", utf8("g"));

        assertThat(store.removeRecord("account", "acme")).isTrue();
        assertThat(store.removeRecord("account", "acme")).isFalse();
        assertThat(store.removeRecord("account", "never-stored")).isFalse();
        assertThat(store.removeRecord("no-such-kind", "acme")).isFalse();
        assertThat(store.findRecord("account", "acme")).isEmpty();
        assertThat(keys("account", "")).containsExactly("globex");

        assertThat(store.putRecordIfAbsent("account", "acme", utf8("v2"))).isTrue();
        assertThat(store.findRecord("account", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v2")));
    }

    @Test
    void records_areListedInCodePointOrder() {
        // String.compareTo would put the supplementary character (a surrogate pair) before U+E000 and U+FFFD.
        List<String> inOrder = List.of("A", "Z", "a", "a/b", "ab", "b", "z", "é", "中", "\uE000", "\uFFFD", "𝄞", "😀");
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            store.putRecord("ordered", inOrder.get(i), utf8("value " + i));
        }

        assertThat(keys("ordered", "")).containsExactlyElementsOf(inOrder);
        assertThat(store.records("ordered")).extracting(StoredRecord::key).containsExactlyElementsOf(inOrder);
        assertThat(store.records("ordered").get(7).value()).isEqualTo(utf8("value 7"));
    }

    @Test
    void records_withAPrefix_listTheKeysThatStartWithIt_matchingEveryCharacterLiterally() {
        List<String> keys = List.of("acct/1", "acct/2", "acct/10", "acct0", "acc", "acct", "a%b", "a%bc", "axb", "a_b", "a_bc",
                "a\\b", "a\\\\b", "aXb", "a.b", "a*b", "a'b", "b");
        keys.forEach(k -> store.putRecord("template", k, utf8(k)));
        store.putRecord("account", "acct/1", utf8("other kind"));

        assertThat(keys("template", "acct/")).containsExactly("acct/1", "acct/10", "acct/2");
        assertThat(keys("template", "acct")).containsExactly("acct", "acct/1", "acct/10", "acct/2", "acct0");
        assertThat(keys("template", "a%")).containsExactly("a%b", "a%bc");
        assertThat(keys("template", "a_")).containsExactly("a_b", "a_bc");
        assertThat(keys("template", "a\\")).containsExactly("a\\\\b", "a\\b");
        assertThat(keys("template", "a\\b")).containsExactly("a\\b");
        assertThat(keys("template", "a.")).containsExactly("a.b");
        assertThat(keys("template", "a*")).containsExactly("a*b");
        assertThat(keys("template", "a'")).containsExactly("a'b");
        assertThat(keys("template", "acct/2")).as("a prefix that is a whole key").containsExactly("acct/2");
        assertThat(keys("template", "acct/3")).isEmpty();
        assertThat(keys("template", "c")).isEmpty();
        assertThat(store.records("template", "acct/1")).containsExactly(new StoredRecord("template", "acct/1", utf8("acct/1")),
                new StoredRecord("template", "acct/10", utf8("acct/10")));
        assertThat(keys("template", "")).hasSize(keys.size());
    }

    @Test
    void records_withAPrefixEndingInTheHighestCharacters_findTheirKeysAndNoOthers() {
        String max = new String(Character.toChars(Character.MAX_CODE_POINT));
        List<String> keys = List.of("y" + "\uFFFF", "y" + max, "y" + max + "a", "y" + max + max, "y" + max + max + "!", "z", "z" + max,
                "\uD7FF", "\uD7FFa", "\uE000", max + "x");
        keys.forEach(k -> store.putRecord("edge", k, utf8("x")));

        assertThat(keys("edge", "y" + max)).containsExactly("y" + max, "y" + max + "a", "y" + max + max, "y" + max + max + "!");
        assertThat(keys("edge", "y" + max + max)).containsExactly("y" + max + max, "y" + max + max + "!");
        assertThat(keys("edge", "z" + max)).containsExactly("z" + max);
        assertThat(keys("edge", "\uD7FF")).as("the character below the surrogates").containsExactly("\uD7FF", "\uD7FFa");
        assertThat(keys("edge", max)).as("a prefix with no upper bound").containsExactly(max + "x");
        assertThat(keys("edge", max + "x" + max)).isEmpty();
    }

    @Test
    void putRecordIfAbsent_storesOnlyWhenNothingIsThere() {
        assertThat(store.putRecordIfAbsent("domain", "mail.acme.example", utf8("acme"))).isTrue();
        assertThat(store.putRecordIfAbsent("domain", "mail.acme.example", utf8("globex"))).isFalse();

        assertThat(store.findRecord("domain", "mail.acme.example")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("acme")));
        assertThat(store.putRecordIfAbsent("domain", "mail.globex.example", utf8("globex"))).isTrue();
        assertThat(keys("domain", "")).containsExactly("mail.acme.example", "mail.globex.example");
    }

    @Test
    void replaceRecord_replacesOnlyTheExpectedValue() {
        store.putRecord("counter", "sent", utf8("41"));

        assertThat(store.replaceRecord("counter", "sent", utf8("40"), utf8("42"))).isFalse();
        assertThat(store.replaceRecord("counter", "sent", utf8("41 "), utf8("42"))).as("a longer value differs").isFalse();
        assertThat(store.replaceRecord("counter", "sent", utf8("4"), utf8("42"))).as("a prefix of the value differs").isFalse();
        assertThat(store.findRecord("counter", "sent")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("41")));

        assertThat(store.replaceRecord("counter", "sent", utf8("41"), utf8("42"))).isTrue();
        assertThat(store.findRecord("counter", "sent")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("42")));
        assertThat(store.replaceRecord("counter", "sent", utf8("42"), utf8("42"))).as("the same value again").isTrue();
    }

    @Test
    void removeRecords_removesTheStoredOnes_countsThem_andLeavesTheRest() {
        for (String key : List.of("a/1", "a/2", "a/3", "b/1")) {
            store.putRecord("ledger", key, utf8(key));
        }

        assertThat(store.removeRecords("ledger", List.of("a/1", "a/2", "a/9", "a/1"))).isEqualTo(2);
        assertThat(store.removeRecords("ledger", List.of())).isZero();
        assertThat(store.removeRecords("no-such-kind", List.of("a/3"))).isZero();

        assertThat(keys("ledger", "")).containsExactly("a/3", "b/1");
        assertThat(store.putRecordIfAbsent("ledger", "a/1", utf8("again"))).as("the key can be used again").isTrue();
    }

    @Test
    void removeRecords_withABadKey_isRefused_andRemovesNothing() {
        store.putRecord("ledger", "a/1", utf8("a"));
        List<String> withNull = new java.util.ArrayList<>(List.of("a/1"));
        withNull.add(null);

        assertThatThrownBy(() -> store.removeRecords("ledger", withNull)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.removeRecords("ledger", List.of("a/1", ""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.removeRecords("ledger", null)).isInstanceOf(NullPointerException.class);

        assertThat(keys("ledger", "")).containsExactly("a/1");
    }

    @Test
    void replaceRecord_ofAMissingOrRemovedRecord_createsNothing() {
        assertThat(store.replaceRecord("counter", "missing", new byte[0], utf8("1"))).isFalse();
        store.putRecord("counter", "gone", utf8("1"));
        store.removeRecord("counter", "gone");
        assertThat(store.replaceRecord("counter", "gone", utf8("1"), utf8("2"))).isFalse();

        assertThat(store.findRecord("counter", "missing")).isEmpty();
        assertThat(store.findRecord("counter", "gone")).isEmpty();
        assertThat(store.records("counter")).isEmpty();
    }

    @Test
    void recordValues_areCopied_inAndOut() {
        byte[] value = utf8("original");
        store.putRecord("account", "acme", value);
        value[0] = 'X';
        byte[] ifAbsent = utf8("first");
        store.putRecordIfAbsent("account", "globex", ifAbsent);
        ifAbsent[0] = 'X';
        byte[] replacement = utf8("replaced");
        store.replaceRecord("account", "globex", utf8("first"), replacement);
        replacement[0] = 'X';

        byte[] found = store.findRecord("account", "acme").orElseThrow();
        found[0] = 'Y';
        StoredRecord listed = store.records("account").getFirst();
        listed.value()[0] = 'Z';

        assertThat(store.findRecord("account", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("original")));
        assertThat(store.findRecord("account", "globex")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("replaced")));
        assertThat(listed.value()).isEqualTo(utf8("original"));
    }

    @Test
    void aLargeRecord_isStoredAndReadBackWhole() {
        byte[] large = filled(2 * 1024 * 1024, 7);
        store.putRecord("list", "acme/newsletter", large);
        store.putRecord("list", "acme/small", utf8("small"));

        assertThat(store.findRecord("list", "acme/newsletter")).hasValueSatisfying(v -> assertThat(v).isEqualTo(large));
        assertThat(store.records("list", "acme/")).containsExactly(new StoredRecord("list", "acme/newsletter", large),
                new StoredRecord("list", "acme/small", utf8("small")));
        byte[] larger = filled(2 * 1024 * 1024 + 1, 8);
        assertThat(store.replaceRecord("list", "acme/newsletter", large, larger)).isTrue();
        assertThat(store.findRecord("list", "acme/newsletter")).hasValueSatisfying(v -> assertThat(v).isEqualTo(larger));
    }

    @Test
    void theLargestKeyAndValue_areStored_andOneOctetMoreIsRefused() {
        String asciiKey = "k".repeat(StoredRecord.MAX_KEY_OCTETS);
        String chineseKey = "中".repeat(341) + "k";
        byte[] largest = filled(StoredRecord.MAX_VALUE_OCTETS, 3);
        String longestKind = "k".repeat(StoredRecord.MAX_KIND_LENGTH);

        store.putRecord("bounds", asciiKey, utf8("ascii"));
        store.putRecord("bounds", chineseKey, utf8("chinese"));
        store.putRecord(longestKind, "k", largest);

        assertThat(store.findRecord("bounds", asciiKey)).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("ascii")));
        assertThat(store.findRecord("bounds", chineseKey)).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("chinese")));
        assertThat(store.findRecord(longestKind, "k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(largest));
        assertThat(keys("bounds", "中")).containsExactly(chineseKey);

        assertThatThrownBy(() -> store.putRecord("bounds", asciiKey + "k", utf8("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key").hasMessageContaining("1025");
        assertThatThrownBy(() -> store.putRecord("bounds", "中".repeat(342), utf8("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key").hasMessageContaining("1026");
        assertThatThrownBy(() -> store.putRecord("k" + longestKind, "k", utf8("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> store.putRecord("bounds", "big", new byte[StoredRecord.MAX_VALUE_OCTETS + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value").hasMessageContaining("16777217");
        assertThatThrownBy(() -> store.replaceRecord("bounds", asciiKey, new byte[StoredRecord.MAX_VALUE_OCTETS + 1], utf8("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected");
        assertThatThrownBy(() -> store.records("bounds", asciiKey + "k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyPrefix");
        assertThat(keys("bounds", "")).containsExactly(asciiKey, chineseKey);
        assertThat(store.findRecord("bounds", "big")).isEmpty();
    }

    @Test
    void badKinds_areRefused_namingTheKind_andNothingIsStored() {
        for (String kind : List.of("", "Account", "account list", "account/list", "dm:suppression", "ärger", "acct\n", "*")) {
            assertThatThrownBy(() -> store.putRecord(kind, "k", utf8("v"))).as(kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
            assertThatThrownBy(() -> store.putRecordIfAbsent(kind, "k", utf8("v"))).as(kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
            assertThatThrownBy(() -> store.replaceRecord(kind, "k", utf8("v"), utf8("w"))).as(kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
            assertThatThrownBy(() -> store.findRecord(kind, "k")).as(kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
            assertThatThrownBy(() -> store.removeRecord(kind, "k")).as(kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
            assertThatThrownBy(() -> store.records(kind)).as(kind)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        }
        store.putRecord("a-z_0-9.ok", "k", utf8("every allowed character"));
        assertThat(store.records("a-z_0-9.ok")).hasSize(1);
    }

    @Test
    void badKeys_areRefused_namingTheKeyAndTheProblem_andNothingChanges() {
        store.putRecord("account", "acme", utf8("kept"));
        List<String> bad = List.of("", "line\nbreak", "nul\0", "tab\tkey", "del\u007F", "next\u0085line", "lone\uD800", "lone\uDC00x");
        for (String key : bad) {
            assertThatThrownBy(() -> store.putRecord("account", key, utf8("v"))).as(key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key");
            assertThatThrownBy(() -> store.putRecordIfAbsent("account", key, utf8("v"))).as(key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key");
            assertThatThrownBy(() -> store.replaceRecord("account", key, utf8("kept"), utf8("v"))).as(key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key");
            assertThatThrownBy(() -> store.findRecord("account", key)).as(key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key");
            assertThatThrownBy(() -> store.removeRecord("account", key)).as(key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key");
        }
        assertThatThrownBy(() -> store.putRecord("account", "line\nbreak", utf8("v")))
                .hasMessageContaining("control characters").hasMessageContaining("U+000A").hasMessageContaining("index 4");
        assertThatThrownBy(() -> store.putRecord("account", "lone\uD800", utf8("v")))
                .hasMessageContaining("unpaired surrogate").hasMessageContaining("U+D800");
        assertThatThrownBy(() -> store.records("account", "a\rb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("keyPrefix");
        assertThat(store.records("account")).containsExactly(new StoredRecord("account", "acme", utf8("kept")));
    }

    @Test
    void recordCalls_withNullArguments_areRefusedWithTheirNames_andNothingChanges() {
        store.putRecord("account", "acme", utf8("kept"));
        byte[] v = utf8("v");

        assertThatThrownBy(() -> store.putRecord(null, "k", v)).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.putRecord("account", null, v)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> store.putRecord("account", "acme", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> store.putRecordIfAbsent(null, "k", v)).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.putRecordIfAbsent("account", null, v)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> store.putRecordIfAbsent("account", "new", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> store.replaceRecord(null, "acme", v, v)).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.replaceRecord("account", null, v, v)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> store.replaceRecord("account", "acme", null, v)).isInstanceOf(NullPointerException.class)
                .hasMessage("expected");
        assertThatThrownBy(() -> store.replaceRecord("account", "acme", utf8("kept"), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> store.findRecord(null, "k")).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.findRecord("account", null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> store.removeRecord(null, "k")).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.removeRecord("account", null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> store.records(null)).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.records(null, "")).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> store.records("account", null)).isInstanceOf(NullPointerException.class).hasMessage("keyPrefix");

        assertThat(store.records("account")).containsExactly(new StoredRecord("account", "acme", utf8("kept")));
        assertThat(store.findRecord("account", "new")).isEmpty();
    }

    @Test
    void aClosedStore_refusesRecordCalls() {
        store.putRecord("account", "acme", utf8("v"));
        store.close();

        assertThatThrownBy(() -> store.putRecord("account", "acme", utf8("w")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.findRecord("account", "acme"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.records("account"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void putRecordIfAbsent_fromManyThreadsAtOnce_letsExactlyOneWin() throws Exception {
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Integer> winners = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            racers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    if (store.putRecordIfAbsent("domain", "mail.contested.example", utf8("account-" + thread))) {
                        winners.add(thread);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : racers) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(winners).hasSize(1);
        assertThat(store.findRecord("domain", "mail.contested.example"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("account-" + winners.peek())));
    }

    @Test
    void replaceRecord_usedAsACounterByManyThreads_losesNoUpdate() throws Exception {
        int threads = 8;
        int increments = 40;
        store.putRecord("counter", "sent", utf8("0"));
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger conflicts = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> counters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counters.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        conflicts.addAndGet(increment(store, "counter", "sent"));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : counters) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(store.findRecord("counter", "sent"))
                .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo(Integer.toString(threads * increments)));
        System.out.printf("counter: %d increments, %d compare-and-set conflicts%n", threads * increments, conflicts.get());
    }
}
