package io.directmail.internal.store.postgres;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.internal.store.StoreArguments;
import io.directmail.store.StoredMessage;
import io.directmail.transport.SmtpReply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link StoredMessage}s into the parameters of {@link StoreSql}'s statements and rows of
 * {@code dm_message} joined with {@code dm_recipient} back into messages. Stateless.
 *
 * <p>Lanes are kept as 0 (trigger) and 1 (batch), recipient statuses by
 * {@link DeliveryStatus} ordinal (append-only), addresses as {@code local-part@domain}. Text that
 * came from remote servers (reply texts, host names, details) has any NUL character replaced by
 * U+FFFD, which PostgreSQL's text cannot hold.
 */
final class MessageRows {

    /** A message read back, with its acceptance order. */
    record Loaded(long seq, StoredMessage message) {}

    private MessageRows() {}

    /**
     * Checks that every time of a message can be kept.
     *
     * @param message the message
     * @throws IllegalArgumentException naming the time that cannot
     */
    static void checkTimes(StoredMessage message) {
        Timestamps.check("acceptedAt", message.acceptedAt());
        Timestamps.check("notBefore", message.notBefore());
        Timestamps.check("nextAttemptAt", message.nextAttemptAt());
        for (RecipientStatus r : message.recipients()) {
            Timestamps.check("updatedAt of " + r.recipient(), r.updatedAt());
        }
    }

    /**
     * Binds {@link StoreSql#insert}.
     *
     * @param connection the connection, for the array parameters
     * @param statement the statement
     * @param message the new message
     * @param content its content
     * @param owner the claiming node, or null when unclaimed
     * @param leaseUntil the end of its claim, or null
     * @param retention the retention of final statuses
     * @throws SQLException if binding fails
     */
    static void bindInsert(Connection connection, PreparedStatement statement, StoredMessage message, byte[] content, String owner,
            Instant leaseUntil, Duration retention) throws SQLException {
        boolean pending = message.isPending();
        int i = 1;
        statement.setString(i++, message.messageId());
        Timestamps.bind(statement, i, message.acceptedAt());
        i += 2;
        statement.setString(i++, message.returnPath() == null ? null : message.returnPath().address());
        statement.setString(i++, message.tag());
        statement.setString(i++, message.idempotencyKey());
        statement.setInt(i++, message.size());
        statement.setBoolean(i++, message.smtpUtf8());
        statement.setBoolean(i++, message.eightBit());
        statement.setShort(i++, laneCode(message.type()));
        Timestamps.bind(statement, i, message.notBefore());
        i += 2;
        Timestamps.bind(statement, i, message.nextAttemptAt());
        i += 2;
        statement.setBoolean(i++, pending);
        Timestamps.bind(statement, i, pending ? StoreArguments.dueOf(message) : null);
        i += 2;
        Timestamps.bind(statement, i, forgetAt(message, retention));
        i += 2;
        statement.setString(i++, leaseUntil == null ? null : owner);
        Timestamps.bind(statement, i, leaseUntil);
        i += 2;
        if (pending) {
            statement.setBytes(i++, content);
        } else {
            statement.setNull(i++, Types.BINARY);
        }
        statement.setString(i++, message.account());
        List<RecipientStatus> recipients = message.recipients();
        String[] addresses = new String[recipients.size()];
        for (int r = 0; r < addresses.length; r++) {
            addresses[r] = recipients.get(r).recipient().address();
        }
        statement.setArray(i++, connection.createArrayOf("text", addresses));
        bindStatuses(connection, statement, i, recipients);
    }

    /**
     * Binds {@link StoreSql#update}.
     *
     * @param connection the connection, for the array parameters
     * @param statement the statement
     * @param progress the message's new state
     * @param node this store's node
     * @param retention the retention of final statuses
     * @throws SQLException if binding fails
     */
    static void bindUpdate(Connection connection, PreparedStatement statement, StoredMessage progress, String node,
            Duration retention) throws SQLException {
        statement.setString(1, progress.messageId());
        bindWrite(connection, statement, 2, progress, node, retention);
    }

    /**
     * Binds {@link StoreSql#updateIfAllowed}.
     *
     * @param connection the connection, for the array parameters
     * @param statement the statement
     * @param progress the message's new state
     * @param node this store's node
     * @param retention the retention of final statuses
     * @throws SQLException if binding fails
     */
    static void bindUpdateIfAllowed(Connection connection, PreparedStatement statement, StoredMessage progress, String node,
            Duration retention) throws SQLException {
        int i = 1;
        statement.setString(i++, progress.messageId());
        Timestamps.bind(statement, i, progress.acceptedAt());
        i += 2;
        statement.setInt(i++, progress.size());
        statement.setString(i++, progress.idempotencyKey());
        statement.setString(i++, progress.account());
        List<RecipientStatus> recipients = progress.recipients();
        String[] addresses = new String[recipients.size()];
        for (int r = 0; r < addresses.length; r++) {
            addresses[r] = recipients.get(r).recipient().address();
        }
        statement.setArray(i++, connection.createArrayOf("text", addresses));
        bindWrite(connection, statement, i, progress, node, retention);
    }

    /** Binds the write shared by both updates from {@code index} on. */
    private static void bindWrite(Connection connection, PreparedStatement statement, int index, StoredMessage progress,
            String node, Duration retention) throws SQLException {
        boolean pending = progress.isPending();
        int i = index;
        Timestamps.bind(statement, i, progress.nextAttemptAt());
        i += 2;
        statement.setBoolean(i++, pending);
        Timestamps.bind(statement, i, pending ? StoreArguments.dueOf(progress) : null);
        i += 2;
        Timestamps.bind(statement, i, forgetAt(progress, retention));
        i += 2;
        for (int lease = 0; lease < 3; lease++) {
            statement.setBoolean(i++, !pending);
            statement.setString(i++, node);
        }
        statement.setBoolean(i++, pending);
        bindStatuses(connection, statement, i, progress.recipients());
    }

    /** Binds the 9 status arrays (status to updated_at_ns) from {@code index} on. */
    private static void bindStatuses(Connection connection, PreparedStatement statement, int index, List<RecipientStatus> recipients)
            throws SQLException {
        int n = recipients.size();
        Integer[] statuses = new Integer[n];
        Integer[] attempts = new Integer[n];
        Integer[] codes = new Integer[n];
        String[] enhanced = new String[n];
        String[] texts = new String[n];
        String[] hosts = new String[n];
        String[] details = new String[n];
        String[] updated = new String[n];
        Integer[] updatedNanos = new Integer[n];
        for (int r = 0; r < n; r++) {
            RecipientStatus status = recipients.get(r);
            statuses[r] = status.status().ordinal();
            attempts[r] = status.attempts();
            SmtpReply reply = status.lastReply();
            if (reply != null) {
                codes[r] = reply.code();
                enhanced[r] = reply.enhancedStatus();
                texts[r] = storable(reply.text());
            }
            hosts[r] = storable(status.remoteHost());
            details[r] = storable(status.detail());
            updated[r] = Timestamps.text(status.updatedAt());
            updatedNanos[r] = (int) Timestamps.nanos(status.updatedAt());
        }
        int i = index;
        statement.setArray(i++, connection.createArrayOf("int4", statuses));
        statement.setArray(i++, connection.createArrayOf("int4", attempts));
        statement.setArray(i++, connection.createArrayOf("int4", codes));
        statement.setArray(i++, connection.createArrayOf("text", enhanced));
        statement.setArray(i++, connection.createArrayOf("text", texts));
        statement.setArray(i++, connection.createArrayOf("text", hosts));
        statement.setArray(i++, connection.createArrayOf("text", details));
        statement.setArray(i++, connection.createArrayOf("text", updated));
        statement.setArray(i, connection.createArrayOf("int4", updatedNanos));
    }

    /**
     * Reads messages from rows of a message joined with its recipients, ordered by message and
     * then recipient position.
     *
     * @param rows the rows
     * @return the messages in row order
     * @throws SQLException if reading fails
     * @throws DirectMailException if a row holds a value this version does not know
     */
    static List<Loaded> read(ResultSet rows) throws SQLException {
        List<Loaded> loaded = new ArrayList<>();
        String id = null;
        long seq = 0;
        MessageColumns head = null;
        List<RecipientStatus> recipients = new ArrayList<>();
        while (rows.next()) {
            String rowId = rows.getString("id");
            if (!rowId.equals(id)) {
                if (head != null) {
                    loaded.add(new Loaded(seq, head.with(recipients)));
                }
                id = rowId;
                seq = rows.getLong("seq");
                head = MessageColumns.of(rows);
                recipients = new ArrayList<>();
            }
            recipients.add(recipient(id, rows));
        }
        if (head != null) {
            loaded.add(new Loaded(seq, head.with(recipients)));
        }
        return loaded;
    }

    /** The message columns of one row, waiting for its recipients. */
    private record MessageColumns(String id, Instant acceptedAt, EmailAddress returnPath, String tag, String idempotencyKey,
            int size, boolean smtpUtf8, boolean eightBit, MailType lane, Instant notBefore, Instant nextAttemptAt,
            String account) {

        static MessageColumns of(ResultSet row) throws SQLException {
            String id = row.getString("id");
            String returnPath = row.getString("return_path");
            return new MessageColumns(id, Timestamps.read(row, "accepted_at"), returnPath == null ? null : address(returnPath),
                    row.getString("tag"), row.getString("idempotency_key"), row.getInt("size"), row.getBoolean("smtp_utf8"),
                    row.getBoolean("eight_bit"), MessageRows.lane(id, row.getShort("lane")), Timestamps.read(row, "not_before"),
                    Timestamps.read(row, "next_attempt_at"), row.getString("account"));
        }

        StoredMessage with(List<RecipientStatus> recipients) {
            return new StoredMessage(id, acceptedAt, returnPath, recipients, nextAttemptAt, tag, idempotencyKey, size, smtpUtf8,
                    eightBit, lane, notBefore, account);
        }
    }

    private static RecipientStatus recipient(String messageId, ResultSet row) throws SQLException {
        int code = row.getInt("reply_code");
        SmtpReply reply = row.wasNull() ? null
                : new SmtpReply(code, row.getString("reply_enhanced"), row.getString("reply_text"));
        return new RecipientStatus(address(row.getString("address")), status(messageId, row.getShort("status")),
                row.getInt("attempts"), reply, row.getString("remote_host"), row.getString("detail"),
                Timestamps.read(row, "updated_at"));
    }

    /** {@return the stored code of a lane} */
    static short laneCode(MailType lane) {
        return switch (lane) {
            case TRIGGER -> 0;
            case BATCH -> 1;
        };
    }

    private static MailType lane(String messageId, short code) {
        return switch (code) {
            case 0 -> MailType.TRIGGER;
            case 1 -> MailType.BATCH;
            default -> throw new DirectMailException("message " + messageId + " is stored in lane " + code
                    + ", which this version of DirectMail does not know");
        };
    }

    private static DeliveryStatus status(String messageId, short code) {
        DeliveryStatus[] all = DeliveryStatus.values();
        if (code < 0 || code >= all.length) {
            throw new DirectMailException("a recipient of message " + messageId + " has the stored status " + code
                    + ", which this version of DirectMail does not know");
        }
        return all[code];
    }

    /**
     * Reads an address kept as {@code local-part@domain}: the domain, which has no {@code @},
     * follows the last one.
     *
     * @param stored the stored text
     * @return the address
     */
    static EmailAddress address(String stored) {
        int at = stored.lastIndexOf('@');
        return new EmailAddress(stored.substring(0, at), stored.substring(at + 1));
    }

    /** {@return when a message is forgotten, or null while it is pending or when that lies past what is kept} */
    static Instant forgetAt(StoredMessage message, Duration retention) {
        Instant forgetAt = StoreArguments.forgetAt(message, retention);
        return Timestamps.fits(forgetAt) ? forgetAt : null;
    }

    /** {@return the text with NUL characters, which PostgreSQL's text cannot hold, replaced by U+FFFD} */
    static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
