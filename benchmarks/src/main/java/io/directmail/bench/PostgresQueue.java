package io.directmail.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL queue of one load-driver run: a connection pool, a schema of its own (so runs
 * never see each other's messages) and the store in it. Closing it closes the store, drops the
 * schema and closes the pool.
 */
final class PostgresQueue implements AutoCloseable {

    private final HikariDataSource pool;
    private final String schema;
    private final MailStore store;

    private PostgresQueue(HikariDataSource pool, String schema, MailStore store) {
        this.pool = pool;
        this.schema = schema;
        this.store = store;
    }

    /**
     * Opens the pool and the store in a new schema.
     *
     * @param url the JDBC URL
     * @param user the database user (password-less: trust or peer authentication, as on a test box)
     * @param connections the pool's size
     * @return the queue
     */
    static PostgresQueue open(String url, String user, int connections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(connections);
        config.setPoolName("directmail-bench");
        HikariDataSource pool = new HikariDataSource(config);
        String schema = "dm_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            MailStore store = MailStore.postgres(pool, PostgresStoreOptions.defaults().withSchema(schema).withNodeId("load-driver"));
            return new PostgresQueue(pool, schema, store);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** {@return the store} */
    MailStore store() {
        return store;
    }

    /** {@return the schema the run's tables are in} */
    String schema() {
        return schema;
    }

    @Override
    public void close() throws SQLException {
        try {
            store.close();
            try (Connection connection = pool.getConnection(); Statement drop = connection.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        } finally {
            pool.close();
        }
    }
}
