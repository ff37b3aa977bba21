package io.directmail.internal.store.postgres;

/**
 * The statements of the PostgreSQL store, with its schema filled in. Parameters are described
 * where each statement is bound ({@link MessageRows}, {@link PostgresMailStore}). Every time
 * is compared as the pair {@code (X, X_ns)}; where an index should bound a scan, a plain
 * comparison on {@code X} alone (rounded down to the microsecond) comes first, which the pair
 * then refines. Immutable.
 */
final class StoreSql {

    /** The message columns every read returns, {@code m} being the message. */
    private static final String MESSAGE_COLUMNS = "m.id, m.seq, m.accepted_at, m.accepted_at_ns, m.return_path, m.tag,"
            + " m.idempotency_key, m.size, m.smtp_utf8, m.eight_bit, m.lane, m.not_before, m.not_before_ns,"
            + " m.next_attempt_at, m.next_attempt_at_ns, m.account";
    /** The recipient columns every read returns, {@code r} being the recipient. */
    private static final String RECIPIENT_COLUMNS = "r.position, r.address, r.status, r.attempts, r.reply_code,"
            + " r.reply_enhanced, r.reply_text, r.remote_host, r.detail, r.updated_at, r.updated_at_ns";
    /** Visible unless forgotten; parameters: now (2). */
    private static final String NOT_FORGOTTEN = "(m.forget_at IS NULL OR (m.forget_at, m.forget_at_ns) > (?, ?))";

    final String insert;
    final String claim;
    final String renew;
    final String release;
    final String releaseNode;
    final String lockForUpdate;
    final String update;
    final String updateIfAllowed;
    final String find;
    final String findByKey;
    final String lockKey;
    final String content;
    final String pendingPage;
    final String forget;
    final String findSuppression;
    final String insertSuppression;
    final String deleteSuppression;
    final String allSuppressions;
    final String findRecord;
    final String upsertRecord;
    final String insertRecord;
    final String replaceRecord;
    final String deleteRecord;
    final String deleteRecords;
    final String recordsFrom;
    final String recordsBetween;
    /** The listing statements, by {@link #listing}'s flags. */
    private final String[] listings = new String[8];

    /**
     * Fills in the schema.
     *
     * @param schema a validated schema name (lower-case letters, digits, {@code _})
     */
    StoreSql(String schema) {
        String s = "\"" + schema + "\".";
        String message = s + "dm_message";
        String recipient = s + "dm_recipient";
        String suppression = s + "dm_suppression";
        String record = s + "dm_record";
        String readJoin = " JOIN " + recipient + " r ON r.message_id = m.id";

        // 24 message parameters, then the recipients as 10 arrays.
        insert = "WITH m AS (INSERT INTO " + message + " (id, accepted_at, accepted_at_ns, return_path, tag, idempotency_key,"
                + " size, smtp_utf8, eight_bit, lane, not_before, not_before_ns, next_attempt_at, next_attempt_at_ns, pending,"
                + " due_at, due_at_ns, forget_at, forget_at_ns, lease_owner, lease_until, lease_until_ns, content, account)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id)"
                + " INSERT INTO " + recipient + " (message_id, position, address, status, attempts, reply_code, reply_enhanced,"
                + " reply_text, remote_host, detail, updated_at, updated_at_ns)"
                + " SELECT m.id, u.ord - 1, u.address, u.status, u.attempts, u.reply_code, u.reply_enhanced, u.reply_text,"
                + " u.remote_host, u.detail, u.updated_at, u.updated_at_ns"
                + " FROM m, unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::timestamptz[], ?::int[]) WITH ORDINALITY AS u(address, status, attempts, reply_code, reply_enhanced,"
                + " reply_text, remote_host, detail, updated_at, updated_at_ns, ord)";

        // Fair share: the lane's accounts one by one (a loose index scan), each account's claimable
        // messages in due order numbered 1, 2, ...; then the first `limit` by that number, so each
        // account gets its turn before any gets a second. Parameters: lane, lane, lane, now micros,
        // now (2), now (2), candidates per account, candidates, now (2), now (2), limit, owner, lease until (2).
        // Taking more candidates than the limit lets nodes claiming at once each find rows the
        // others have not locked.
        String claimable = " m.pending AND m.lane = ? AND m.account = a.account AND m.due_at <= ?"
                + " AND (m.due_at, m.due_at_ns) <= (?, ?)"
                + " AND (m.lease_until IS NULL OR (m.lease_until, m.lease_until_ns) <= (?, ?))";
        claim = "WITH RECURSIVE accounts AS ("
                + "(SELECT account FROM " + message + " WHERE pending AND lane = ? ORDER BY account LIMIT 1)"
                + " UNION ALL SELECT (SELECT n.account FROM " + message + " n WHERE n.pending AND n.lane = ?"
                + " AND n.account > a.account ORDER BY n.account LIMIT 1) FROM accounts a WHERE a.account IS NOT NULL),"
                + " turns AS (SELECT x.id, x.turn, x.due_at, x.due_at_ns, x.seq FROM accounts a CROSS JOIN LATERAL"
                + " (SELECT m.id, m.due_at, m.due_at_ns, m.seq,"
                + " row_number() OVER (ORDER BY m.due_at, m.due_at_ns, m.seq) AS turn FROM " + message + " m WHERE" + claimable
                + " ORDER BY m.due_at, m.due_at_ns, m.seq LIMIT ?) x WHERE a.account IS NOT NULL),"
                // Lock in turn order, passing over rows other nodes hold locked (they do not count
                // toward the limit, so nodes claiming at once get different messages), and check the
                // claim conditions again, so that a row another node claimed and committed after
                // this statement's snapshot is re-checked on its new version and passed over.
                + " c AS (SELECT m.id FROM " + message + " m JOIN"
                + " (SELECT id, turn, due_at, due_at_ns, seq FROM turns ORDER BY turn, due_at, due_at_ns, seq LIMIT ?) t"
                + " ON t.id = m.id WHERE m.pending AND (m.due_at, m.due_at_ns) <= (?, ?)"
                + " AND (m.lease_until IS NULL OR (m.lease_until, m.lease_until_ns) <= (?, ?))"
                + " ORDER BY t.turn, t.due_at, t.due_at_ns, t.seq LIMIT ? FOR UPDATE OF m SKIP LOCKED),"
                + " claimed AS (UPDATE " + message + " m SET lease_owner = ?, lease_until = ?, lease_until_ns = ?"
                + " FROM c WHERE m.id = c.id RETURNING " + MESSAGE_COLUMNS + ", m.due_at, m.due_at_ns)"
                + " SELECT " + MESSAGE_COLUMNS + ", m.due_at, m.due_at_ns, " + RECIPIENT_COLUMNS
                + " FROM claimed m" + readJoin + " ORDER BY m.due_at, m.due_at_ns, m.seq, r.position";

        // lease until (2), ids, owner.
        renew = "UPDATE " + message + " SET lease_until = ?, lease_until_ns = ? WHERE id = ANY (?) AND lease_owner = ? AND pending";
        // ids, owner.
        release = "UPDATE " + message + " SET lease_owner = NULL, lease_until = NULL, lease_until_ns = NULL"
                + " WHERE id = ANY (?) AND lease_owner = ?";
        // owner.
        releaseNode = "UPDATE " + message + " SET lease_owner = NULL, lease_until = NULL, lease_until_ns = NULL WHERE lease_owner = ?";

        // id.
        lockForUpdate = "SELECT " + MESSAGE_COLUMNS + ", " + RECIPIENT_COLUMNS + " FROM " + message + " m" + readJoin
                + " WHERE m.id = ? ORDER BY r.position FOR UPDATE OF m";

        // The write of an update, after a CTE s naming the message: next attempt (2), pending, due (2), forget (2),
        // final, owner, final, owner, final, owner, pending, then the recipients as 9 arrays.
        String write = " m AS (UPDATE " + message + " SET next_attempt_at = ?, next_attempt_at_ns = ?, pending = ?,"
                + " due_at = ?, due_at_ns = ?, forget_at = ?, forget_at_ns = ?,"
                + " lease_owner = CASE WHEN ? OR lease_owner = ? THEN NULL ELSE lease_owner END,"
                + " lease_until = CASE WHEN ? OR lease_owner = ? THEN NULL ELSE lease_until END,"
                + " lease_until_ns = CASE WHEN ? OR lease_owner = ? THEN NULL ELSE lease_until_ns END,"
                + " content = CASE WHEN ? THEN content END"
                + " WHERE id IN (SELECT id FROM s) RETURNING id)"
                + " UPDATE " + recipient + " r SET status = u.status, attempts = u.attempts, reply_code = u.reply_code,"
                + " reply_enhanced = u.reply_enhanced, reply_text = u.reply_text, remote_host = u.remote_host, detail = u.detail,"
                + " updated_at = u.updated_at, updated_at_ns = u.updated_at_ns"
                + " FROM m, unnest(?::int[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],"
                + " ?::int[]) WITH ORDINALITY AS u(status, attempts, reply_code, reply_enhanced, reply_text, remote_host, detail,"
                + " updated_at, updated_at_ns, ord)"
                + " WHERE r.message_id = m.id AND r.position = u.ord - 1";
        // id, then the write; for a message locked and checked by lockForUpdate.
        update = "WITH s AS (SELECT ?::text AS id)," + write;
        // id, accepted (2), size, idempotency key, new pending, addresses, then the write. Writes only when the
        // update changes nothing but statuses and due time and does not make a final message pending, taking the
        // row lock as it checks; else it changes nothing, and the caller checks under lockForUpdate.
        updateIfAllowed = "WITH s AS (SELECT m.id FROM " + message + " m WHERE m.id = ?"
                + " AND (m.accepted_at, m.accepted_at_ns) = (?, ?) AND m.size = ? AND m.idempotency_key IS NOT DISTINCT FROM ?"
                + " AND m.pending AND m.account = ?"
                + " AND ARRAY(SELECT r.address FROM " + recipient + " r WHERE r.message_id = m.id ORDER BY r.position) = ?::text[]"
                + " FOR UPDATE)," + write;

        // id, now (2).
        find = "SELECT " + MESSAGE_COLUMNS + ", " + RECIPIENT_COLUMNS + " FROM " + message + " m" + readJoin
                + " WHERE m.id = ? AND " + NOT_FORGOTTEN + " ORDER BY r.position";
        // key, window start (2), now (2).
        // Held until the transaction ends: one node at a time checks and stores a key (see PostgresMailStore.keyLock).
        lockKey = "SELECT pg_advisory_xact_lock(?)";
        findByKey = "WITH k AS (SELECT m.id FROM " + message + " m WHERE m.idempotency_key = ?"
                + " AND (m.accepted_at, m.accepted_at_ns) >= (?, ?) AND " + NOT_FORGOTTEN
                + " ORDER BY m.accepted_at DESC, m.accepted_at_ns DESC, m.seq DESC LIMIT 1)"
                + " SELECT " + MESSAGE_COLUMNS + ", " + RECIPIENT_COLUMNS + " FROM k JOIN " + message + " m ON m.id = k.id"
                + readJoin + " ORDER BY r.position";
        // id, now (2).
        content = "SELECT m.content FROM " + message + " m WHERE m.id = ? AND " + NOT_FORGOTTEN;
        // after seq, limit.
        pendingPage = "WITH p AS (SELECT id FROM " + message + " WHERE pending AND seq > ? ORDER BY seq LIMIT ?)"
                + " SELECT " + MESSAGE_COLUMNS + ", " + RECIPIENT_COLUMNS + " FROM p JOIN " + message + " m ON m.id = p.id"
                + readJoin + " ORDER BY m.seq, r.position";
        // now micros, now (2), limit.
        forget = "DELETE FROM " + message + " WHERE id IN (SELECT id FROM " + message
                + " WHERE forget_at <= ? AND (forget_at, forget_at_ns) <= (?, ?) LIMIT ? FOR UPDATE SKIP LOCKED)";

        // key.
        findSuppression = "SELECT address, reason, since, since_ns, detail FROM " + suppression + " WHERE key = ?";
        // key, address, reason, since (2), detail.
        insertSuppression = "INSERT INTO " + suppression + " (key, address, reason, since, since_ns, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING";
        // key.
        deleteSuppression = "DELETE FROM " + suppression + " WHERE key = ?";
        allSuppressions = "SELECT address, reason, since, since_ns, detail FROM " + suppression
                + " ORDER BY since, since_ns, address";

        // kind, key.
        findRecord = "SELECT value FROM " + record + " WHERE kind = ? AND key = ?";
        // kind, key, value.
        upsertRecord = "INSERT INTO " + record + " (kind, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value";
        // kind, key, value.
        insertRecord = "INSERT INTO " + record + " (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO NOTHING";
        // value, kind, key, expected. A concurrent replacement holds the row lock; this one then
        // re-checks the condition on the committed row, so of two with the same expectation one wins.
        replaceRecord = "UPDATE " + record + " SET value = ? WHERE kind = ? AND key = ? AND value = ?";
        // kind, key.
        deleteRecord = "DELETE FROM " + record + " WHERE kind = ? AND key = ?";
        deleteRecords = "DELETE FROM " + record + " WHERE kind = ? AND key = ANY (?)";
        // Keys compare under the columns' "C" collation: by UTF-8 octet, the order of KeyOrder.
        // kind, prefix: for a prefix whose keys have no upper bound (empty, or only U+10FFFF).
        recordsFrom = "SELECT key, value FROM " + record + " WHERE kind = ? AND key >= ? ORDER BY key";
        // kind, prefix, the prefix's end (KeyOrder.prefixEnd).
        recordsBetween = "SELECT key, value FROM " + record + " WHERE kind = ? AND key >= ? AND key < ? ORDER BY key";

        for (int flags = 0; flags < listings.length; flags++) {
            listings[flags] = listing(message, readJoin, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
        }
    }

    /**
     * Returns the statement that lists a page of an account's messages. Parameters: account, the tag
     * if {@code tagged}, from micros, to micros, from (2), to (2), the place to start after (2) and
     * its id if {@code afterPosition}, now (2), limit.
     *
     * @param tagged whether only messages of one tag are listed
     * @param newestFirst whether the latest accepted come first
     * @param afterPosition whether the page starts after a place
     * @return the statement
     */
    String listing(boolean tagged, boolean newestFirst, boolean afterPosition) {
        return listings[(tagged ? 1 : 0) | (newestFirst ? 2 : 0) | (afterPosition ? 4 : 0)];
    }

    /**
     * Makes a listing statement. The inner select is one range scan of dm_message_by_account (or
     * dm_message_by_account_tag), which both hold (accepted_at, accepted_at_ns, id COLLATE "C") in
     * order after the account (and tag); the outer one joins the page's recipients.
     */
    private static String listing(String message, String readJoin, boolean tagged, boolean newestFirst, boolean afterPosition) {
        String direction = newestFirst ? " DESC" : "";
        String order = "m.accepted_at" + direction + ", m.accepted_at_ns" + direction + ", m.id COLLATE \"C\"" + direction;
        return "WITH p AS (SELECT m.id FROM " + message + " m WHERE m.account = ?" + (tagged ? " AND m.tag = ?" : "")
                + " AND m.accepted_at >= ? AND m.accepted_at <= ?"
                + " AND (m.accepted_at, m.accepted_at_ns) >= (?, ?) AND (m.accepted_at, m.accepted_at_ns) < (?, ?)"
                + (afterPosition ? " AND (m.accepted_at, m.accepted_at_ns, m.id COLLATE \"C\") " + (newestFirst ? "<" : ">")
                        + " (?, ?, ?)" : "")
                + " AND " + NOT_FORGOTTEN + " ORDER BY " + order + " LIMIT ?)"
                + " SELECT " + MESSAGE_COLUMNS + ", " + RECIPIENT_COLUMNS + " FROM p JOIN " + message + " m ON m.id = p.id"
                + readJoin + " ORDER BY " + order + ", r.position";
    }
}
