package io.directmail.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.Suppression;
import io.directmail.store.MailStore;
import io.directmail.store.MailStoreContract;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.transport.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the store contract against the PostgreSQL store (each test in a schema of its own), then
 * what only a shared, durable store promises: reopening keeps everything, nodes sharing a schema
 * never hold the same claim, a restarted node gets its own claims back, content is read from the
 * database, forgotten messages are deleted.
 */
class PostgresMailStoreTest extends MailStoreContract {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private static PostgresTestDatabase database;

    /** This test's schema, made when the contract opens the first store. */
    private String schema;
    /** Stores opened besides {@link #store}, closed after the test. */
    private final List<MailStore> others = new ArrayList<>();

    @BeforeAll
    static void connect() {
        database = PostgresTestDatabase.open(8);
    }

    @AfterAll
    static void disconnect() {
        if (database != null) {
            database.close();
        }
    }

    /** Opens node "node-1" on this test's schema, without the periodic sweep (tests run it themselves). */
    @Override
    protected MailStore open(StoreOptions options) {
        return node("node-1", options);
    }

    private PostgresMailStore node(String nodeId, StoreOptions options) {
        if (schema == null) {
            schema = database.newSchema();
        }
        return PostgresMailStore.open(database.dataSource(), new PostgresStoreOptions(schema, nodeId, options), false);
    }

    /** Opens another node on this test's schema, closed after the test. */
    private PostgresMailStore otherNode(String nodeId) {
        PostgresMailStore other = node(nodeId, options());
        others.add(other);
        return other;
    }

    private PostgresMailStore reopen() {
        store.close();
        store = open(options());
        return (PostgresMailStore) store;
    }

    private PostgresMailStore postgres() {
        return (PostgresMailStore) store;
    }

    @AfterEach
    void dropSchema() {
        others.forEach(MailStore::close);
        store.close();
        if (schema != null) {
            database.drop(schema);
        }
    }

    private String table(String name) {
        return "\"" + schema + "\"." + name;
    }

    private List<String> claimIds(MailStore node, int limit) {
        return node.claimDue(MailType.TRIGGER, clock.instant(), limit, clock.instant().plus(LEASE)).stream()
                .map(StoredMessage::messageId).toList();
    }

    // ---- durability ----

    @Test
    void reopening_keepsMessages_statuses_content_idempotencyKeys_andSuppressions() {
        ThreeMessages stored = addThreeAndProgressTwo();
        StoredMessage aDeferred = stored.aDeferred();
        StoredMessage bDelivered = stored.bDelivered();
        StoredMessage c = stored.c();
        Suppression gone = new Suppression(EmailAddress.of("gone@recipient.example"), Suppression.Reason.HARD_BOUNCE, START,
                "550 5.1.1 no such user");
        store.addSuppression(gone);

        reopen();

        assertThat(store.find("a@sender.example")).contains(aDeferred);
        assertThat(store.find("b@sender.example")).contains(bDelivered);
        assertThat(store.find("c@sender.example")).contains(c);
        assertThat(store.content("a@sender.example")).isEqualTo(content("a@sender.example"));
        assertThatThrownBy(() -> store.content("b@sender.example")).hasMessageContaining("released");
        assertThat(store.findByIdempotencyKey("key-a", START)).contains(aDeferred);
        assertThat(store.findByIdempotencyKey("key-c", START)).contains(c);
        assertThat(store.suppressions()).containsExactly(gone);
        store.add(message("d@sender.example", null, "one@recipient.example"), content("d@sender.example"));
        List<String> pending = new ArrayList<>();
        store.forEachPending(m -> pending.add(m.messageId()));
        assertThat(pending).containsExactly("a@sender.example", "c@sender.example", "d@sender.example");
    }

    @Test
    void forEachPending_walksQueuesLongerThanOnePage_inAcceptanceOrder() {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            added.add(addQueued("m" + i + "@sender.example").messageId());
        }
        store.update(withAll(store.find(added.get(300)).orElseThrow(), DeliveryStatus.DELIVERED, null));

        List<String> visited = new ArrayList<>();
        store.forEachPending(m -> visited.add(m.messageId()));

        List<String> expected = new ArrayList<>(added);
        expected.remove(300);
        assertThat(visited).containsExactlyElementsOf(expected);
    }

    @Test
    void timesAreKeptToTheNanosecond_andCompareExactly() {
        Instant due = START.plusNanos(999);
        StoredMessage m = message("exact@sender.example", "exact", "rcpt@recipient.example");
        StoredMessage scheduled = new StoredMessage(m.messageId(), START.plusNanos(1), m.returnPath(), m.recipients(), due,
                null, "exact", m.size(), false, false, MailType.TRIGGER, due);
        store.add(scheduled, content(m.messageId()));

        assertThat(store.find("exact@sender.example")).contains(scheduled);
        assertThat(store.findByIdempotencyKey("exact", START.plusNanos(1))).isPresent();
        assertThat(store.findByIdempotencyKey("exact", START.plusNanos(2))).isEmpty();
        assertThat(store.claimDue(MailType.TRIGGER, due.minusNanos(1), 10, due.plus(LEASE))).isEmpty();
        assertThat(store.claimDue(MailType.TRIGGER, due, 10, due.plus(LEASE))).extracting(StoredMessage::messageId)
                .containsExactly("exact@sender.example");
    }

    // ---- content ----

    @Test
    void content_isReadFromTheDatabaseOnEveryCall_andDroppedThereWhenFinal() {
        StoredMessage m = addQueued("m1@sender.example");
        byte[] changed = content("m1@sender.example");
        changed[0] = 'X';
        database.execute("UPDATE " + table("dm_message") + " SET content = ? WHERE id = ?", changed, "m1@sender.example");

        assertThat(store.content("m1@sender.example")).as("nothing cached in the heap").isEqualTo(changed);

        store.update(withAll(m, DeliveryStatus.DELIVERED, null));
        assertThat(database.count("SELECT count(*) FROM " + table("dm_message") + " WHERE content IS NULL")).isEqualTo(1);
    }

    @Test
    void serverText_withNulCharacters_isStoredWithReplacementCharacters() {
        StoredMessage m = addQueued("m1@sender.example");
        RecipientStatus odd = new RecipientStatus(EmailAddress.of("rcpt@recipient.example"), DeliveryStatus.DEFERRED, 1,
                new SmtpReply(451, "4.3.0", "try\0later"), "mx\0.example", "odd\0detail", clock.instant());
        store.update(m.withProgress(List.of(odd), clock.instant().plusSeconds(60)));

        RecipientStatus stored = store.find("m1@sender.example").orElseThrow().recipients().getFirst();
        assertThat(stored.lastReply().text()).isEqualTo("try\uFFFDlater");
        assertThat(stored.remoteHost()).isEqualTo("mx\uFFFD.example");
        assertThat(stored.detail()).isEqualTo("odd\uFFFDdetail");
    }

    // ---- retention ----

    @Test
    void forgetExpired_deletesFinalMessagesPastTheirRetention_withTheirRecipients_andNothingElse() {
        StoredMessage done = addQueued("done@sender.example");
        StoredMessage waiting = addQueued("waiting@sender.example");
        store.update(withAll(done, DeliveryStatus.DELIVERED, null));

        clock.advance(RETENTION.minusNanos(1));
        assertThat(postgres().forgetExpired()).isZero();
        clock.advance(Duration.ofNanos(1));
        assertThat(postgres().forgetExpired()).isEqualTo(1);

        assertThat(database.strings("SELECT id FROM " + table("dm_message"))).containsExactly("waiting@sender.example");
        assertThat(database.strings("SELECT message_id FROM " + table("dm_recipient"))).containsExactly("waiting@sender.example");
        assertThat(store.find("waiting@sender.example")).contains(waiting);
        assertThatThrownBy(() -> store.update(withAll(done, DeliveryStatus.DELIVERED, null)))
                .isInstanceOf(DirectMailException.class).hasMessageContaining("not in the store");
    }

    @Test
    void forgetExpired_worksThroughMoreThanOneBatch() {
        for (int i = 0; i < 2_100; i++) {
            StoredMessage m = addQueued("m" + i + "@sender.example");
            store.update(withAll(m, DeliveryStatus.BOUNCED, null));
        }
        clock.advance(RETENTION);

        assertThat(postgres().forgetExpired()).isEqualTo(2_100);
        assertThat(database.count("SELECT count(*) FROM " + table("dm_message"))).isZero();
    }

    // ---- several nodes ----

    @Test
    void aClaimOfOneNode_isNotHandedToAnother_untilItsLeaseEnds() {
        PostgresMailStore other = otherNode("node-2");
        addQueued("a@sender.example");

        assertThat(claimIds(store, 10)).containsExactly("a@sender.example");
        assertThat(claimIds(other, 10)).isEmpty();
        clock.advance(LEASE);
        assertThat(claimIds(other, 10)).as("the lapsed claim is taken over").containsExactly("a@sender.example");
        assertThat(database.strings("SELECT lease_owner FROM " + table("dm_message"))).containsExactly("node-2");
    }

    @Test
    void aNode_cannotRenewOrReleaseTheClaimsOfAnother() {
        PostgresMailStore other = otherNode("node-2");
        addQueued("a@sender.example");
        assertThat(claimIds(store, 10)).containsExactly("a@sender.example");

        other.renewClaims(List.of("a@sender.example"), clock.instant().plus(LEASE.multipliedBy(10)));
        other.releaseClaims(List.of("a@sender.example"));

        assertThat(claimIds(other, 10)).as("still claimed by node-1").isEmpty();
        clock.advance(LEASE);
        assertThat(claimIds(other, 10)).as("node-1's lease was not extended").containsExactly("a@sender.example");
    }

    @Test
    void anUpdateByAnotherNode_leavesTheClaimInForce_butAFinalUpdateEndsIt() {
        PostgresMailStore other = otherNode("node-2");
        StoredMessage m = addQueued("a@sender.example");
        assertThat(claimIds(store, 10)).containsExactly("a@sender.example");

        other.update(withAll(m, DeliveryStatus.DEFERRED, clock.instant()));
        assertThat(claimIds(other, 10)).as("node-1 still holds it").isEmpty();

        other.update(withAll(m, DeliveryStatus.DELIVERED, null));
        assertThat(database.count("SELECT count(*) FROM " + table("dm_message") + " WHERE lease_owner IS NULL")).isEqualTo(1);
    }

    @Test
    void nodesClaimingAtTheSameTime_neverGetTheSameMessage_andTogetherGetThemAll() throws Exception {
        int messages = 1_000;
        for (int i = 0; i < messages; i++) {
            addQueued("m" + i + "@sender.example");
        }
        List<MailStore> nodes = List.of(store, otherNode("node-2"), otherNode("node-3"));
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            MailStore node = nodes.get(t % nodes.size());
            claimers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    List<String> batch;
                    do {
                        batch = claimIds(node, 7);
                        claimed.addAll(batch);
                    } while (!batch.isEmpty());
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread claimer : claimers) {
            claimer.join();
        }

        assertThat(failures).isEmpty();
        assertThat(claimed).hasSize(messages).doesNotHaveDuplicates();
        assertThat(database.count("SELECT count(DISTINCT lease_owner) FROM " + table("dm_message"))).isGreaterThan(1);
    }

    @Test
    void opening_withTheNodeIdOfAnEarlierRun_releasesItsClaims_butNotThoseOfOtherNodes() {
        PostgresMailStore other = otherNode("node-2");
        addQueued("mine@sender.example");
        StoredMessage theirs = message("theirs@sender.example", null, "rcpt@recipient.example");
        other.add(theirs, content(theirs.messageId()), clock.instant().plus(LEASE));
        assertThat(claimIds(store, 10)).containsExactly("mine@sender.example");

        reopen();

        assertThat(claimIds(store, 10)).as("claimable at once, without waiting for the lease")
                .containsExactly("mine@sender.example");
        assertThat(database.strings("SELECT lease_owner FROM " + table("dm_message") + " WHERE id = ?", "theirs@sender.example"))
                .containsExactly("node-2");
    }

    @Test
    void nodesShareTheSuppressionList_andRefuseAnIdAnotherNodeStored() {
        PostgresMailStore other = otherNode("node-2");
        Suppression entry = new Suppression(EmailAddress.of("Gone@recipient.example"), Suppression.Reason.UNSUBSCRIBE, START, "");
        store.addSuppression(entry);
        addQueued("m1@sender.example");

        assertThat(other.findSuppression(EmailAddress.of("gone@recipient.example"))).contains(entry);
        assertThatThrownBy(() -> other.add(message("m1@sender.example", null, "x@recipient.example"), content("m1@sender.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already stored");
        assertThat(other.removeSuppression(EmailAddress.of("GONE@recipient.example"))).isTrue();
        assertThat(store.suppressions()).isEmpty();
    }

    // ---- bad input ----

    @Test
    void timesOutsideTheYearsKept_areRefused_andNothingIsStored() {
        StoredMessage m = message("far@sender.example", null, "rcpt@recipient.example");
        StoredMessage farFuture = m.withProgress(m.recipients(), Instant.parse("+10000-01-01T00:00:00Z"));

        assertThatThrownBy(() -> store.add(farFuture, content("far@sender.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nextAttemptAt").hasMessageContaining("+10000");
        assertThatThrownBy(() -> store.add(m, content("far@sender.example"), Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseUntil");
        assertThat(store.find("far@sender.example")).isEmpty();
        assertThatThrownBy(() -> store.claimDue(MailType.TRIGGER, clock.instant(), 1, Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseUntil");
    }

    @Test
    void claimCalls_withNullArguments_areRefused() {
        assertThatThrownBy(() -> store.renewClaims(null, clock.instant())).isInstanceOf(NullPointerException.class)
                .hasMessage("messageIds");
        assertThatThrownBy(() -> store.renewClaims(List.of(), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("leaseUntil");
        assertThatThrownBy(() -> store.releaseClaims(null)).isInstanceOf(NullPointerException.class).hasMessage("messageIds");
    }

    @Test
    void theFactory_opensTheSameStore() {
        StoredMessage m = message("m1@sender.example", "k", "rcpt@recipient.example");
        store.add(m, content("m1@sender.example"));

        try (MailStore node = MailStore.postgres(database.dataSource(),
                PostgresStoreOptions.defaults().withSchema(schema).withStoreOptions(options()))) {
            assertThat(node.find("m1@sender.example")).contains(m);
            assertThat(new String(node.content("m1@sender.example"), StandardCharsets.US_ASCII)).contains("body of m1");
        }
    }
    // ---- listing ----

    @Test
    void eachListingStatement_isARangeScanOfItsListingIndex_inTheListingsOrder() throws SQLException {
        for (int i = 0; i < 50; i++) {
            addAt("m" + i + "@sender.example", i % 2 == 0 ? "shop" : "blog", i % 3 == 0 ? "receipt" : null, DAY.plusSeconds(i));
        }
        database.execute("ANALYZE " + table("dm_message"));
        StoreSql sql = new StoreSql(schema);
        try (Connection connection = database.dataSource().getConnection()) {
            try (Statement session = connection.createStatement()) {
                // A handful of rows: make the planner choose as it does for a large table.
                session.execute("SET enable_seqscan = off");
                session.execute("SET enable_bitmapscan = off");
            }
            try {
                for (int flags = 0; flags < 8; flags++) {
                    boolean tagged = (flags & 1) != 0;
                    boolean newestFirst = (flags & 2) != 0;
                    boolean after = (flags & 4) != 0;
                    String plan = explain(connection, sql.listing(tagged, newestFirst, after), tagged, after);
                    String scan = (newestFirst ? "Index Scan Backward using " : "Index Scan using ")
                            + (tagged ? "dm_message_by_account_tag on" : "dm_message_by_account on");
                    assertThat(plan).as("tagged %s, newest first %s, after %s", tagged, newestFirst, after).contains(scan);
                    // The index gives the page in order: the only sort by time is of the page's rows with their recipients.
                    assertThat(plan.lines().filter(line -> line.contains("Sort Key:") && line.contains("accepted_at")))
                            .allMatch(line -> line.contains("position"), "sorts by time only with the recipients");
                }
            } finally {
                try (Statement session = connection.createStatement()) {
                    session.execute("RESET enable_seqscan");
                    session.execute("RESET enable_bitmapscan");
                }
            }
        }
    }

    /** Explains a listing statement bound as {@link PostgresMailStore#messages} binds it. */
    private static String explain(Connection connection, String listing, boolean tagged, boolean after) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + listing)) {
            int i = 1;
            explain.setString(i++, "shop");
            if (tagged) {
                explain.setString(i++, "receipt");
            }
            explain.setObject(i++, Timestamps.micros(DAY), Types.TIMESTAMP_WITH_TIMEZONE);
            explain.setObject(i++, Timestamps.micros(DAY_END), Types.TIMESTAMP_WITH_TIMEZONE);
            Timestamps.bind(explain, i, DAY);
            i += 2;
            Timestamps.bind(explain, i, DAY_END);
            i += 2;
            if (after) {
                Timestamps.bind(explain, i, DAY.plusSeconds(10));
                i += 2;
                explain.setString(i++, "m10@sender.example");
            }
            Timestamps.bind(explain, i, DAY_END);
            i += 2;
            explain.setInt(i, 101);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    @Test
    void messagesStoredBeforeTheListingIndexesExisted_areListedAfterTheMigration() {
        StoredMessage old = addAt("old@sender.example", "shop", "receipt", DAY.plusSeconds(1));
        store.close();
        database.execute("DROP INDEX " + table("dm_message_by_account"));
        database.execute("DROP INDEX " + table("dm_message_by_account_tag"));
        database.execute("DELETE FROM " + table("dm_schema_version") + " WHERE version = 4");

        reopen();

        assertThat(database.strings("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname LIKE 'dm_message_by_%'"
                + " ORDER BY indexname", schema)).containsExactly("dm_message_by_account", "dm_message_by_account_tag");
        assertThat(store.messages(day("shop").tag("receipt").build())).containsExactly(old);
    }
}
