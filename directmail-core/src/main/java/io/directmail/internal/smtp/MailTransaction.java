package io.directmail.internal.smtp;

import io.directmail.EmailAddress;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.SmtpSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One mail transaction on an open session (RFC 5321 §3.3): RSET on a reused connection, local
 * checks against the server's extensions, MAIL FROM, one RCPT TO per recipient, DATA, the content
 * and the final reply. With PIPELINING (RFC 2920) MAIL, the RCPTs and DATA leave in one write and
 * the replies are read in order — on a reused connection with the RSET in front, so the check
 * that the connection is alive costs no round trip of its own; otherwise each command waits for
 * its reply. A reused connection whose RSET fails is stale: nothing of the message reached the
 * server, and it is tried again on a new connection.
 *
 * <p>Decisions:
 * <ul>
 *   <li>A message larger than the server's announced SIZE is refused before MAIL: permanent, 5.3.4.</li>
 *   <li>A message that needs SMTPUTF8 when the server does not offer it: permanent, 5.6.7 (RFC 6531 §3.2).</li>
 *   <li>An 8-bit message when the server does not offer 8BITMIME: permanent, 5.6.3. RFC 6152 §3 lets a
 *       client either convert the body to 7 bits or return it to the sender; converting would break the
 *       DKIM signature, so the message is returned. Virtually every server offers 8BITMIME.</li>
 *   <li>452 to a RCPT (too many recipients, RFC 5321 §4.5.3.1.10): the message goes to the recipients
 *       accepted so far and the deferred ones go into a further transaction on the same connection
 *       (in lock-step mode no further RCPTs are sent after the first 452). If no recipient was accepted,
 *       the 452 is a temporary failure.</li>
 *   <li>No recipient accepted: RSET instead of DATA (with PIPELINING the DATA already sent is refused by the
 *       server, then RSET follows).</li>
 *   <li>421 before the final reply, or a failure of the connection before the data was complete: the
 *       recipients without a final answer are left for the next target.</li>
 *   <li>The connection fails after the final dot was sent and before the reply: temporary, with a detail
 *       that the message may have been delivered (a retry risks a duplicate).</li>
 * </ul>
 * Not thread-safe: one per transaction.
 */
final class MailTransaction {

    private final SmtpConnection connection;
    private final SmtpSettings settings;
    private final String host;
    private List<EmailAddress> recipients;
    private RecipientOutcome[] outcomes;
    private final List<Integer> accepted = new ArrayList<>();

    MailTransaction(SmtpConnection connection, SmtpSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.host = connection.target().hostname();
    }

    TransactionResult run(OutboundMessage message, List<EmailAddress> recipientsOfThisTransaction) {
        this.recipients = List.copyOf(recipientsOfThisTransaction);
        this.outcomes = new RecipientOutcome[recipients.size()];
        String refusal = localRefusal(message, connection.extensions());
        if (refusal != null) {
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = RecipientOutcome.permanent(recipients.get(i), host, refusal);
            }
            return completed();
        }
        boolean pipelining = connection.extensions().pipelining();
        if (connection.needsReset()) {
            TransactionResult stale = resetReused(message, pipelining);
            if (stale != null) {
                return stale;
            }
            if (pipelining) {
                // the group with this transaction went out behind the RSET: only its replies are left
                return guarded(() -> readPipelined(message));
            }
        }
        return guarded(() -> {
            if (!pipelining) {
                return lockStep(message);
            }
            writeTransaction(message);
            return readPipelined(message);
        });
    }

    /**
     * Checks a reused connection with RSET. Pipelined, the RSET goes ahead of MAIL in the same group
     * (RFC 2920 allows it anywhere but last): no round trip of its own, and still the check that the
     * connection is alive; the group then holds this transaction, which needs a reset after it.
     *
     * @return null when the connection answered RSET, else the STALE result of this transaction
     */
    private TransactionResult resetReused(OutboundMessage message, boolean pipelining) {
        try {
            ServerReply reset;
            if (pipelining) {
                connection.write("RSET");
                writeTransaction(message);
                reset = connection.readReply(settings.commandTimeout());
            } else {
                reset = connection.command("RSET", settings.commandTimeout());
            }
            if (!reset.isCompletion()) {
                return stale(host + " refused RSET on a reused connection: " + reset, reset.reply());
            }
            if (!pipelining) {
                connection.resetDone();
            }
            return null;
        } catch (IOException e) {
            return stale("reused connection to " + host + " failed at RSET: " + SessionOpener.describe(e), null);
        }
    }

    /** Gives up on a reused connection that failed its RSET: nothing of this transaction counts. */
    private TransactionResult stale(String detail, SmtpReply reply) {
        connection.markBroken();
        return new TransactionResult(Arrays.asList(outcomes), TransactionResult.Ending.STALE, detail, reply);
    }

    /** A step of the transaction that may fail on the connection. */
    private interface Step {
        TransactionResult run() throws IOException;
    }

    private TransactionResult guarded(Step step) {
        try {
            return step.run();
        } catch (IOException e) {
            return moveOn("connection to " + connection.target().describe() + " failed before the message was complete: "
                    + SessionOpener.describe(e), null);
        }
    }

    /** Sends MAIL, every RCPT and DATA in one group. */
    private void writeTransaction(OutboundMessage message) throws IOException {
        connection.write(mailCommand(message));
        for (EmailAddress recipient : recipients) {
            connection.write(rcptCommand(recipient));
        }
        connection.write("DATA");
        connection.flush();
        connection.startedTransaction();
    }

    /** Reads the replies to a group sent by {@link #writeTransaction} and goes on from there. */
    private TransactionResult readPipelined(OutboundMessage message) throws IOException {
        ServerReply mail = connection.readReply(settings.commandTimeout());
        if (closing(mail)) {
            return moveOn(host + " is closing the session at MAIL FROM: " + mail, mail.reply());
        }
        ServerReply[] rcpts = new ServerReply[recipients.size()];
        for (int i = 0; i < rcpts.length; i++) {
            rcpts[i] = connection.readReply(settings.commandTimeout());
            if (closing(rcpts[i])) {
                if (mail.isCompletion()) {
                    recordRecipients(Arrays.copyOf(rcpts, i));
                }
                return moveOn(host + " is closing the session at RCPT TO: " + rcpts[i], rcpts[i].reply());
            }
        }
        ServerReply data = connection.readReply(settings.dataInitiationTimeout());
        if (!mail.isCompletion()) {
            decideAll(mail, "MAIL FROM refused by " + host);
            return afterRefusedData(data);
        }
        boolean anyAccepted = recordRecipients(rcpts);
        if (!anyAccepted) {
            return afterRefusedData(data);
        }
        if (closing(data)) {
            return moveOn(host + " is closing the session at DATA: " + data, data.reply());
        }
        return sendContent(message, data);
    }

    private TransactionResult lockStep(OutboundMessage message) throws IOException {
        connection.startedTransaction();
        ServerReply mail = connection.command(mailCommand(message), settings.commandTimeout());
        if (closing(mail)) {
            return moveOn(host + " is closing the session at MAIL FROM: " + mail, mail.reply());
        }
        if (!mail.isCompletion()) {
            decideAll(mail, "MAIL FROM refused by " + host);
            return reset();
        }
        ServerReply[] rcpts = new ServerReply[recipients.size()];
        for (int i = 0; i < rcpts.length; i++) {
            rcpts[i] = connection.command(rcptCommand(recipients.get(i)), settings.commandTimeout());
            if (closing(rcpts[i])) {
                recordRecipients(Arrays.copyOf(rcpts, i));
                return moveOn(host + " is closing the session at RCPT TO: " + rcpts[i], rcpts[i].reply());
            }
            if (rcpts[i].code() == 452) {
                for (int j = i + 1; j < rcpts.length; j++) {
                    rcpts[j] = rcpts[i];  // deferred without asking: the server said it takes no more
                }
                break;
            }
        }
        if (!recordRecipients(rcpts)) {
            return reset();
        }
        ServerReply data = connection.command("DATA", settings.dataInitiationTimeout());
        if (closing(data)) {
            return moveOn(host + " is closing the session at DATA: " + data, data.reply());
        }
        return sendContent(message, data);
    }

    /** Records the RCPT replies; returns true when at least one recipient was accepted. */
    private boolean recordRecipients(ServerReply[] rcpts) {
        boolean anyAccepted = false;
        for (ServerReply reply : rcpts) {
            anyAccepted |= reply != null && reply.isCompletion();
        }
        for (int i = 0; i < rcpts.length; i++) {
            ServerReply reply = rcpts[i];
            if (reply == null || reply.isCompletion()) {
                continue;
            }
            if (reply.code() == 452 && anyAccepted) {
                continue; // deferred to a further transaction
            }
            outcomes[i] = outcome(recipients.get(i), reply.reply(), "RCPT TO refused by " + host);
        }
        if (anyAccepted) {
            for (int i = 0; i < rcpts.length; i++) {
                if (rcpts[i] != null && rcpts[i].isCompletion()) {
                    accepted.add(i);
                }
            }
        }
        return anyAccepted;
    }

    private TransactionResult sendContent(OutboundMessage message, ServerReply data) throws IOException {
        if (data.code() != 354) {
            decideAcceptedAndDeferred(data.reply(), "DATA refused by " + host);
            return reset();
        }
        connection.writeData(message, settings.dataBlockTimeout());
        ServerReply last;
        try {
            last = connection.readReply(settings.dataTerminationTimeout());
        } catch (IOException e) {
            String detail = "the connection to " + host + " failed after the message data was sent and before the server's "
                    + "reply (" + SessionOpener.describe(e) + "): the message may have been delivered, so a retry risks a duplicate";
            for (int i : accepted) {
                outcomes[i] = RecipientOutcome.temporary(recipients.get(i), host, detail);
            }
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {  // deferred by 452, never part of the lost transaction
                    outcomes[i] = RecipientOutcome.temporary(recipients.get(i), host, "not attempted: the connection to "
                            + host + " failed (" + SessionOpener.describe(e) + ")");
                }
            }
            return completed();
        }
        connection.countMessage();
        for (int i : accepted) {
            outcomes[i] = outcome(recipients.get(i), last.reply(), last.isCompletion() ? "accepted by " + host
                    : "message refused by " + host + " after DATA");
        }
        if (!last.isCompletion()) {
            decideAcceptedAndDeferred(last.reply(), "message refused by " + host + " after DATA");
        }
        if (closing(last)) {
            connection.markBroken();
        }
        return completed();
    }

    /** After MAIL or every RCPT was refused while pipelining: DATA was sent anyway and must be consumed. */
    private TransactionResult afterRefusedData(ServerReply data) throws IOException {
        if (data.code() == 354) {
            // a server that accepts DATA without recipients gets an empty message, which it must discard
            connection.write(".");
            connection.flush();
            connection.readReply(settings.dataTerminationTimeout());
        }
        return reset();
    }

    /** Ends a transaction in which every recipient already has its outcome. */
    private TransactionResult reset() throws IOException {
        ServerReply reset = connection.command("RSET", settings.commandTimeout());
        if (!reset.isCompletion()) {
            connection.markBroken();
        }
        connection.resetDone();
        return completed();
    }

    private void decideAll(ServerReply reply, String context) {
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = outcome(recipients.get(i), reply.reply(), context);
        }
    }

    private void decideAcceptedAndDeferred(SmtpReply reply, String context) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = outcome(recipients.get(i), reply, context);
            }
        }
    }

    private TransactionResult completed() {
        return new TransactionResult(Arrays.asList(outcomes), TransactionResult.Ending.COMPLETED, null, null);
    }

    private TransactionResult moveOn(String reason, SmtpReply reply) {
        connection.markBroken();
        return new TransactionResult(Arrays.asList(outcomes), TransactionResult.Ending.MOVE_ON, reason, reply);
    }

    private RecipientOutcome outcome(EmailAddress recipient, SmtpReply reply, String context) {
        Result result = reply.isPositive() ? Result.DELIVERED
                : reply.isTransient() ? Result.TEMPORARY_FAILURE : Result.PERMANENT_FAILURE;
        return new RecipientOutcome(recipient, result, reply, host, context + ": " + reply);
    }

    private String mailCommand(OutboundMessage message) {
        StringBuilder command = new StringBuilder("MAIL FROM:<")
                .append(message.returnPath().map(EmailAddress::address).orElse(""))
                .append('>');
        Extensions extensions = connection.extensions();
        if (extensions.size().isPresent()) {
            command.append(" SIZE=").append(message.size());
        }
        if (message.eightBit() && extensions.eightBitMime()) {
            command.append(" BODY=8BITMIME");
        }
        if (message.smtpUtf8()) {
            command.append(" SMTPUTF8");
        }
        return command.toString();
    }

    private static String rcptCommand(EmailAddress recipient) {
        return "RCPT TO:<" + recipient.address() + ">";
    }

    private String localRefusal(OutboundMessage message, Extensions extensions) {
        long limit = extensions.size().orElse(0);
        if (limit > 0 && message.size() > limit) {
            return "5.3.4 message of " + message.size() + " octets exceeds the limit of " + limit
                    + " octets announced by " + host + " (SIZE); not sent";
        }
        if (message.smtpUtf8() && !extensions.smtpUtf8()) {
            return "5.6.7 the message needs SMTPUTF8 (internationalised address or headers) but " + host
                    + " does not offer it; not sent";
        }
        if (message.eightBit() && !extensions.eightBitMime()) {
            return "5.6.3 the message has 8-bit content but " + host
                    + " does not offer 8BITMIME and a signed message cannot be converted; not sent";
        }
        return null;
    }

    private static boolean closing(ServerReply reply) {
        return reply.code() == 421;
    }

}
