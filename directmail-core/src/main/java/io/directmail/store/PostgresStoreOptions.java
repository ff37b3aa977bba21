package io.directmail.store;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How the PostgreSQL {@link MailStore} behaves: where its tables live, which node it is, and the
 * common {@link StoreOptions}. Start from {@link #defaults()} and change single values with the
 * {@code with...} methods; every instance is immutable.
 *
 * @param schema the PostgreSQL schema that holds the store's tables, created if missing: 1 to 63
 *     characters of lower-case ASCII letters, digits and {@code _}, not starting with a digit (so
 *     it never needs quoting). Every node sharing one queue names the same schema. Default
 *     {@value #DEFAULT_SCHEMA}.
 * @param nodeId the name this store's node claims messages under, unique among the nodes that
 *     run at the same time: 1 to 200 characters, no control characters. Default: a random UUID,
 *     new for every {@link #defaults()} call. Give a stable id (a host name, a pod name) to let
 *     a restarted node take its own claims back at once: opening the store releases every claim
 *     still held under its id, so the restarted node need not wait for those leases to end. Two
 *     nodes running at once under one id would release each other's claims that way, and could
 *     then deliver a message twice.
 * @param storeOptions the retention of final statuses and the clock; {@link StoreOptions#fsync()}
 *     does not apply (PostgreSQL's {@code synchronous_commit} decides when a commit is durable)
 */
public record PostgresStoreOptions(String schema, String nodeId, StoreOptions storeOptions) {

    /** The default schema, {@value}. */
    public static final String DEFAULT_SCHEMA = "directmail";

    /** The longest node id accepted. */
    public static final int MAX_NODE_ID_CHARS = 200;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Checks the values.
     *
     * @throws NullPointerException naming the part if one is null
     * @throws IllegalArgumentException naming the value if the schema or the node id is malformed
     */
    public PostgresStoreOptions {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(storeOptions, "storeOptions");
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be 1 to 63 characters of a-z, 0-9 and _, not starting with a digit,"
                    + " was \"" + schema + "\"");
        }
        if (nodeId.isBlank() || nodeId.length() > MAX_NODE_ID_CHARS) {
            throw new IllegalArgumentException("nodeId must be 1 to " + MAX_NODE_ID_CHARS + " characters and not blank, was \""
                    + nodeId + "\"");
        }
        if (nodeId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("nodeId must not contain control characters");
        }
    }

    /** {@return the schema {@value #DEFAULT_SCHEMA}, a random node id and the default store options} */
    public static PostgresStoreOptions defaults() {
        return new PostgresStoreOptions(DEFAULT_SCHEMA, UUID.randomUUID().toString(), StoreOptions.defaults());
    }

    /**
     * {@return a copy that keeps the tables in another schema}
     *
     * @param name the schema's name
     * @throws IllegalArgumentException if the name is malformed
     */
    public PostgresStoreOptions withSchema(String name) {
        return new PostgresStoreOptions(name, nodeId, storeOptions);
    }

    /**
     * {@return a copy with another node id}
     *
     * @param id the node's id, unique among the nodes running at the same time
     * @throws IllegalArgumentException if the id is blank, too long or has a control character
     */
    public PostgresStoreOptions withNodeId(String id) {
        return new PostgresStoreOptions(schema, id, storeOptions);
    }

    /**
     * {@return a copy with another retention and clock}
     *
     * @param options the retention of final statuses and the clock
     */
    public PostgresStoreOptions withStoreOptions(StoreOptions options) {
        return new PostgresStoreOptions(schema, nodeId, options);
    }
}
