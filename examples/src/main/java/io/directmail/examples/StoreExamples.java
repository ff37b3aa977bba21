package io.directmail.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The store snippets the user guide quotes: several nodes sharing one queue in PostgreSQL. They
 * compile against the real API; running them needs a PostgreSQL server.
 */
public final class StoreExamples {

    private StoreExamples() {
    }

    /** One node of several sharing one queue; the application closes the pool after DirectMail and the store. */
    static void sharedQueue() throws Exception {
        // tag::postgres[]
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:postgresql://db.internal:5432/mail");
        pool.setUsername("directmail");
        pool.setPassword(System.getenv("DIRECTMAIL_DB_PASSWORD"));
        pool.setMaximumPoolSize(80);                 // delivery workers (64 by default) plus senders

        try (HikariDataSource dataSource = new HikariDataSource(pool);
             MailStore store = MailStore.postgres(dataSource, PostgresStoreOptions.defaults()
                     .withNodeId(InetAddress.getLocalHost().getHostName()));   // stable, and unique among the nodes
             DirectMail directMail = DirectMail.newBuilder()
                     .store(store)
                     .claimLease(Duration.ofMinutes(2))   // how long a dead node's mail waits for another node
                     .build()) {
            directMail.send(Mail.newBuilder()
                    .from("orders@example.com")
                    .addTo("alice@example.org")
                    .subject("Your order has shipped")
                    .text("It is on its way.")
                    .build());                       // stored in PostgreSQL; any node may deliver it
        }
        // end::postgres[]
    }
}
