package io.directmail.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.Receipt;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.Transport;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The node the takeover test kills: a {@code DirectMail} on the PostgreSQL store whose transport
 * never finishes an attempt, so every message it accepts stays claimed by it, in delivery. It
 * prints {@code accepted <id>} once {@code send} returned and {@code delivering <id>} when an
 * attempt starts, and runs until it is killed.
 *
 * <p>Arguments: schema, node id, messages, claim lease in seconds. The database is
 * {@link PostgresTestDatabase#URL}.
 */
public final class PostgresNodeChild {

    private PostgresNodeChild() {
    }

    /**
     * Runs until killed, or until the parent closes standard input.
     *
     * @param args schema, node id, messages, lease seconds
     */
    public static void main(String[] args) throws Exception {
        String schema = args[0];
        String nodeId = args[1];
        int messages = Integer.parseInt(args[2]);
        Duration lease = Duration.ofSeconds(Long.parseLong(args[3]));
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true,
                StandardCharsets.US_ASCII);
        CountDownLatch never = new CountDownLatch(1);
        Transport stuck = message -> {
            out.println("delivering " + message.messageId());
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.<RecipientOutcome>of();
        };
        try (HikariDataSource pool = new HikariDataSource(PostgresTestDatabase.config(4));
             MailStore store = MailStore.postgres(pool, PostgresStoreOptions.defaults().withSchema(schema).withNodeId(nodeId));
             DirectMail directMail = DirectMail.newBuilder().store(store).transport(stuck).claimLease(lease)
                     .deliveryConcurrency(messages + 8).closeTimeout(Duration.ZERO).build()) {
            for (int n = 0; n < messages; n++) {
                Receipt receipt = directMail.send(Mail.newBuilder().from("node@example.com").addTo("rcpt" + n + "@example.org")
                        .subject("message " + n).text("body of message " + n).build());
                out.println("accepted " + receipt.messageId());
            }
            while (System.in.read() >= 0) {
                // Runs until the parent kills this process or closes our standard input.
            }
            never.countDown();
        }
    }
}
