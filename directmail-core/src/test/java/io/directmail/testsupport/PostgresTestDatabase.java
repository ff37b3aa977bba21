package io.directmail.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the store tests run against: the one on this machine (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}, trust authentication), or another named by the system
 * property {@code directmail.postgres.url}. Hands out a connection pool and fresh schemas, and
 * drops those schemas when closed.
 *
 * <p>A test class opens it in {@code @BeforeAll}; when no server answers, {@link #open} skips the
 * tests (a JUnit assumption), and only then: any other failure fails them.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    /** The JDBC URL of the test database. */
    public static final String URL = System.getProperty("directmail.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    /** The user the tests connect as. */
    public static final String USER = System.getProperty("directmail.postgres.user", "postgres");

    private final HikariDataSource pool;
    private final List<String> schemas = new ArrayList<>();

    private PostgresTestDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Connects, or skips the calling tests if the server cannot be reached.
     *
     * @param poolSize the most connections the pool opens
     * @return the database
     */
    public static PostgresTestDatabase open(int poolSize) {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "5");
        try (Connection probe = DriverManager.getConnection(URL, properties)) {
            probe.isValid(5);
        } catch (SQLException e) {
            String state = e.getSQLState();
            Assumptions.assumeFalse(state != null && state.startsWith("08"),
                    "PostgreSQL is not reachable at " + URL + ": " + e.getMessage());
            throw new AssertionError("PostgreSQL at " + URL + " answered but refused the connection: " + e.getMessage(), e);
        }
        return new PostgresTestDatabase(new HikariDataSource(config(poolSize)));
    }

    /** {@return the pool settings the tests use, for tests that build a variant} */
    public static HikariConfig config(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setUsername(USER);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        config.setPoolName("directmail-test");
        return config;
    }

    /** {@return the pool} */
    public DataSource dataSource() {
        return pool;
    }

    /** {@return the name of a schema no one uses yet, dropped when this database is closed} */
    public synchronized String newSchema() {
        String schema = "dm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        schemas.add(schema);
        return schema;
    }

    /**
     * Drops a schema and everything in it now.
     *
     * @param schema the schema
     */
    public void drop(String schema) {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    /**
     * Runs a statement that returns no rows.
     *
     * @param sql the statement
     * @param parameters its parameters
     * @return the rows it changed
     */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
            return Math.max(0, statement.getUpdateCount());
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a query that returns one number.
     *
     * @param sql the query
     * @param parameters its parameters
     * @return the first column of the first row
     */
    public long count(String sql, Object... parameters) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError(sql + " returned no row");
                }
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a query that returns one column of text.
     *
     * @param sql the query
     * @param parameters its parameters
     * @return the first column of every row
     */
    public List<String> strings(String sql, Object... parameters) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops every schema handed out and closes the pool. */
    @Override
    public void close() {
        try {
            List<String> handedOut;
            synchronized (this) {
                handedOut = List.copyOf(schemas);
                schemas.clear();
            }
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                for (String schema : handedOut) {
                    statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                }
            } catch (SQLException e) {
                throw new AssertionError("cannot drop the test schemas " + handedOut + ": " + e.getMessage(), e);
            }
        } finally {
            pool.close();
        }
    }
}
