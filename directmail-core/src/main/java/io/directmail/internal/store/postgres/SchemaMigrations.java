package io.directmail.internal.store.postgres;

import io.directmail.DirectMailException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a schema up to the version this code knows, by the SQL scripts kept as resources next to
 * this class ({@code V<n>__<description>.sql}). The schema's {@code dm_schema_version} table
 * lists the versions applied. Everything happens in one transaction under a transaction-scoped
 * advisory lock of the schema, so nodes starting at the same moment apply each script once, one
 * after the other; a failing script leaves the schema as it was. A schema at a version newer
 * than this code knows is refused: an older node must not work on tables it does not understand.
 * Stateless.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** The first key of every advisory lock DirectMail takes ("DMai"). */
    private static final int LOCK_CLASS = 0x444d6169;

    /** One version: its number, what it adds and its script. */
    record Migration(int version, String description, String script) {}

    /** Every version, in order. Append only: a released script never changes. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "queue, recipients and suppression list", "V1__queue.sql"),
            new Migration(2, "accounts, and claims that share a lane fairly between them", "V2__accounts.sql"),
            new Migration(3, "keyed records of the sending model", "V3__records.sql"),
            new Migration(4, "indexes listing an account's messages by acceptance time", "V4__message_listing.sql"));

    private SchemaMigrations() {}

    /** {@return the version this code brings a schema to} */
    static int latest() {
        return MIGRATIONS.getLast().version();
    }

    /**
     * Creates the schema if needed and applies the scripts it lacks, in one transaction. The
     * connection is in auto-commit mode before and after.
     *
     * @param connection a connection of the application's data source
     * @param schema the validated schema name
     * @param nodeId the node applying them, recorded with each version
     * @param now the time recorded with each version
     * @return the version the schema was at before
     * @throws SQLException if the database refuses a statement
     * @throws DirectMailException if the schema is newer than this code, or a script is missing
     */
    static int apply(Connection connection, String schema, String nodeId, Instant now) throws SQLException {
        String quoted = "\"" + schema + "\"";
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setInt(2, lockKey(schema));
                lock.execute();
            }
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quoted);
                ddl.execute("CREATE TABLE IF NOT EXISTS " + quoted + ".dm_schema_version (version integer PRIMARY KEY,"
                        + " description text NOT NULL, applied_at timestamptz NOT NULL, applied_by text NOT NULL)");
            }
            int current;
            try (Statement query = connection.createStatement();
                 ResultSet row = query.executeQuery("SELECT coalesce(max(version), 0) FROM " + quoted + ".dm_schema_version")) {
                row.next();
                current = row.getInt(1);
            }
            if (current > latest()) {
                throw new DirectMailException("the PostgreSQL schema " + schema + " is at version " + current
                        + ", newer than this version of DirectMail knows (" + latest() + "): a newer DirectMail has migrated it;"
                        + " upgrade this node, or give it another schema");
            }
            for (Migration migration : MIGRATIONS) {
                if (migration.version() > current) {
                    run(connection, quoted, migration, nodeId, now);
                }
            }
            connection.commit();
            if (current < latest()) {
                LOG.info("Migrated the PostgreSQL mail store's schema {} from version {} to {}", schema, current, latest());
            }
            return current;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void run(Connection connection, String quotedSchema, Migration migration, String nodeId, Instant now)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path TO " + quotedSchema);
            statement.execute(script(migration.script()));
        }
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO " + quotedSchema
                + ".dm_schema_version (version, description, applied_at, applied_by) VALUES (?, ?, ?, ?)")) {
            record.setInt(1, migration.version());
            record.setString(2, migration.description());
            record.setObject(3, Timestamps.micros(now), Types.TIMESTAMP_WITH_TIMEZONE);
            record.setString(4, nodeId);
            record.executeUpdate();
        }
    }

    private static String script(String name) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new DirectMailException("the schema script " + name + " is missing from DirectMail's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DirectMailException("cannot read the schema script " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@return the second key of the schema's advisory lock} */
    static int lockKey(String schema) {
        CRC32 crc = new CRC32();
        crc.update(schema.getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }
}
