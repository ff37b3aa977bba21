package io.directmail.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.directmail.DirectMailException;
import io.directmail.Suppression;
import io.directmail.store.MailStore;
import io.directmail.store.MailStoreContract;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredRecord;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.testsupport.SettableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Opening the PostgreSQL store creates or migrates its schema once, however many nodes start, and refuses what it cannot use. */
class SchemaMigrationsTest {

    private static PostgresTestDatabase database;

    private final SettableClock clock = new SettableClock(MailStoreContract.START);
    private String schema;

    @BeforeAll
    static void connect() {
        database = PostgresTestDatabase.open(10);
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

    private PostgresStoreOptions options(String nodeId) {
        return new PostgresStoreOptions(schema, nodeId, StoreOptions.defaults().withClock(clock));
    }

    private List<String> tables() {
        return database.strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name", schema);
    }

    @Test
    void aFreshSchema_isCreatedAtTheLatestVersion_recordingWhoMigratedItAndWhen() {
        PostgresMailStore.open(database.dataSource(), options("node-1"), false).close();

        assertThat(tables()).containsExactly("dm_message", "dm_recipient", "dm_record", "dm_schema_version", "dm_suppression");
        assertThat(database.strings("SELECT version || ' ' || applied_by || ' ' || to_char(applied_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD HH24:MI:SS') FROM \"" + schema + "\".dm_schema_version ORDER BY version"))
                .containsExactly("1 node-1 2026-03-01 08:00:00", "2 node-1 2026-03-01 08:00:00", "3 node-1 2026-03-01 08:00:00",
                        "4 node-1 2026-03-01 08:00:00");
        assertThat(SchemaMigrations.latest()).isEqualTo(4);
    }

    @Test
    void aSchemaAtVersion1_isMigratedToTheLatest_keepingItsData() throws Exception {
        String v1;
        try (var script = SchemaMigrations.class.getResourceAsStream("V1__queue.sql")) {
            v1 = new String(script.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        database.execute("CREATE SCHEMA \"" + schema + "\"");
        database.execute("SET search_path TO \"" + schema + "\"; " + v1 + "; RESET search_path");
        database.execute("CREATE TABLE \"" + schema + "\".dm_schema_version (version integer PRIMARY KEY, description text NOT NULL,"
                + " applied_at timestamptz NOT NULL, applied_by text NOT NULL)");
        database.execute("INSERT INTO \"" + schema + "\".dm_schema_version VALUES (1, 'queue', now(), 'node-0')");
        database.execute("INSERT INTO \"" + schema + "\".dm_suppression (key, address, reason, since, since_ns, detail)"
                + " VALUES ('a@b.example', 'a@b.example', 'MANUAL', now(), 0, 'kept')");

        try (MailStore migrated = PostgresMailStore.open(database.dataSource(), options("node-1"), false)) {
            assertThat(migrated.suppressions()).extracting(Suppression::detail).containsExactly("kept");
            migrated.putRecord("account", "acme", new byte[] {1});
            assertThat(migrated.records("account")).extracting(StoredRecord::key).containsExactly("acme");
        }
        assertThat(database.strings("SELECT version || ' ' || applied_by FROM \"" + schema + "\".dm_schema_version ORDER BY version"))
                .containsExactly("1 node-0", "2 node-1", "3 node-1", "4 node-1");
        assertThat(database.strings("SELECT column_default FROM information_schema.columns WHERE table_schema = ?"
                + " AND table_name = 'dm_message' AND column_name = 'account'", schema)).containsExactly("'default'::text");
    }

    @Test
    void openingAgain_changesNothing_andKeepsTheData() {
        PostgresMailStore.open(database.dataSource(), options("node-1"), false).close();
        database.execute("INSERT INTO \"" + schema + "\".dm_suppression (key, address, reason, since, since_ns, detail)"
                + " VALUES ('a@b.example', 'a@b.example', 'MANUAL', now(), 0, '')");

        try (MailStore again = PostgresMailStore.open(database.dataSource(), options("node-2"), false)) {
            assertThat(again.suppressions()).hasSize(1);
        }
        assertThat(database.strings("SELECT version || ' ' || applied_by FROM \"" + schema + "\".dm_schema_version ORDER BY version"))
                .containsExactly("1 node-1", "2 node-1", "3 node-1", "4 node-1");
    }

    @Test
    void aSchemaMigratedByANewerVersion_isRefused_andLeftAsItIs() {
        PostgresMailStore.open(database.dataSource(), options("node-1"), false).close();
        int newer = SchemaMigrations.latest() + 1;
        database.execute("INSERT INTO \"" + schema + "\".dm_schema_version VALUES (?, 'from the future', now(), 'node-9')", newer);

        assertThatThrownBy(() -> PostgresMailStore.open(database.dataSource(), options("node-1"), false))
                .isInstanceOf(DirectMailException.class)
                .hasMessageContaining(schema)
                .hasMessageContaining("version " + newer)
                .hasMessageContaining("newer than this version of DirectMail knows (" + SchemaMigrations.latest() + ")");
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_schema_version")).isEqualTo(newer);
    }

    @Test
    void nodesOpeningAtTheSameMoment_allSucceed_andTheScriptRunsOnce() throws Exception {
        int nodes = 6;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<MailStore> opened = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            String nodeId = "node-" + n;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    opened.add(PostgresMailStore.open(database.dataSource(), options(nodeId), false));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        opened.forEach(MailStore::close);

        assertThat(failures).isEmpty();
        assertThat(opened).hasSize(nodes);
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_schema_version")).isEqualTo(SchemaMigrations.latest());
    }

    @Test
    void aDataSourceWithAnotherIsolation_isRefused_beforeAnythingIsCreated() {
        HikariConfig config = PostgresTestDatabase.config(2);
        config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        try (HikariDataSource serializable = new HikariDataSource(config)) {
            assertThatThrownBy(() -> PostgresMailStore.open(serializable, options("node-1"), false))
                    .isInstanceOf(DirectMailException.class).hasMessageContaining("SERIALIZABLE")
                    .hasMessageContaining("READ COMMITTED");
        }
        assertThat(tables()).isEmpty();
    }

    @Test
    void anUnreachableDatabase_isAClearError() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setDatabaseName("test");
        nowhere.setConnectTimeout(5);

        assertThatThrownBy(() -> MailStore.postgres(nowhere, options("node-1")))
                .isInstanceOf(DirectMailException.class)
                .hasMessageContaining("cannot open the PostgreSQL mail store in schema " + schema);
    }

    @Test
    void nullArguments_areRefusedWithTheirNames() {
        assertThatThrownBy(() -> MailStore.postgres(null)).isInstanceOf(NullPointerException.class).hasMessage("dataSource");
        assertThatThrownBy(() -> MailStore.postgres(database.dataSource(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("options");
    }
}
