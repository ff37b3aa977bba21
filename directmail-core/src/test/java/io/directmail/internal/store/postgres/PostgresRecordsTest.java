package io.directmail.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.store.MailStoreContract;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredRecord;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.testsupport.SettableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the PostgreSQL store promises for keyed records beyond the store contract: they survive
 * reopening, nodes sharing a schema see each other's records and agree on who stored a key first
 * and on every compare-and-set, and listing by prefix is a range scan of the primary key's index.
 */
class PostgresRecordsTest {

    private static PostgresTestDatabase database;

    private final SettableClock clock = new SettableClock(MailStoreContract.START);
    private final List<PostgresMailStore> nodes = new ArrayList<>();
    private String schema;

    @BeforeAll
    static void connect() {
        database = PostgresTestDatabase.open(12);
    }

    @AfterAll
    static void disconnect() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void newSchema() {
        schema = database.newSchema();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(PostgresMailStore::close);
        database.drop(schema);
    }

    private PostgresMailStore node(String nodeId) {
        PostgresMailStore node = PostgresMailStore.open(database.dataSource(),
                new PostgresStoreOptions(schema, nodeId, StoreOptions.defaults().withClock(clock)), false);
        nodes.add(node);
        return node;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void records_surviveReopening_andAreSharedByTheNodes() {
        PostgresMailStore first = node("node-1");
        first.putRecord("account", "acme", utf8("v1"));
        first.replaceRecord("account", "acme", utf8("v1"), utf8("v2"));
        first.putRecord("domain", "old.acme.example", utf8("acme"));
        first.removeRecord("domain", "old.acme.example");
        first.putRecord("template", "acme/welcome", utf8("<p>hi</p>"));
        first.close();

        PostgresMailStore reopened = node("node-1");
        PostgresMailStore other = node("node-2");

        assertThat(reopened.findRecord("account", "acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v2")));
        assertThat(reopened.findRecord("domain", "old.acme.example")).isEmpty();
        assertThat(other.records("template", "acme/")).containsExactly(new StoredRecord("template", "acme/welcome", utf8("<p>hi</p>")));
        other.putRecord("template", "acme/bye", utf8("<p>bye</p>"));
        assertThat(reopened.records("template", "acme/")).extracting(StoredRecord::key).containsExactly("acme/bye", "acme/welcome");
    }

    @Test
    void putRecordIfAbsent_fromTwoNodesAtOnce_letsExactlyOneCallerWin() throws Exception {
        List<PostgresMailStore> both = List.of(node("node-1"), node("node-2"));
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            PostgresMailStore node = both.get(t % 2);
            String account = "account-" + t;
            racers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    if (node.putRecordIfAbsent("domain", "mail.contested.example", utf8(account))) {
                        winners.add(account);
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
        for (PostgresMailStore node : both) {
            assertThat(node.findRecord("domain", "mail.contested.example"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8(winners.peek())));
        }
    }

    @Test
    void replaceRecord_asACounterOfTwoNodes_losesNoUpdate() throws Exception {
        List<PostgresMailStore> both = List.of(node("node-1"), node("node-2"));
        both.getFirst().putRecord("counter", "sent", utf8("0"));
        int threads = 8;
        int increments = 30;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> counters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            PostgresMailStore node = both.get(t % 2);
            counters.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        MailStoreContract.increment(node, "counter", "sent");
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
        assertThat(both.getLast().findRecord("counter", "sent"))
                .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo(Integer.toString(threads * increments)));
    }

    @Test
    void listingByPrefix_isARangeScanOfThePrimaryKey() throws Exception {
        PostgresMailStore node = node("node-1");
        for (int i = 0; i < 200; i++) {
            node.putRecord("template", "acct" + (i % 20) + "/t" + i, utf8("x"));
        }
        StoreSql sql = new StoreSql(schema);
        List<String> plan = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection()) {
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE \"" + schema + "\".dm_record");
                analyze.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql.recordsBetween)) {
                explain.setString(1, "template");
                explain.setString(2, "acct1%_\\/");
                explain.setString(3, "acct1%_\\0");
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.add(rows.getString(1));
                    }
                }
            } finally {
                try (Statement reset = connection.createStatement()) {
                    reset.execute("RESET enable_seqscan");
                }
            }
        }

        String text = String.join("\n", plan);
        // An index scan or a bitmap scan of the primary key, bounded on both sides: no row outside the range is read.
        assertThat(text).containsPattern("Index Scan (using|on) dm_record_pkey").doesNotContain("Seq Scan").doesNotContain("Filter");
        assertThat(text).containsPattern("Index Cond: .*kind = .*key >= .*key < ");
        assertThat(database.strings("SELECT collation_name FROM information_schema.columns WHERE table_schema = ?"
                + " AND table_name = 'dm_record' AND column_name = 'key'", schema)).containsExactly("C");
    }
}
