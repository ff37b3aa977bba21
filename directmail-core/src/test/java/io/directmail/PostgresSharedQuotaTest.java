package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DomainSettings;
import io.directmail.dns.DnsSettings;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.testsupport.SettableClock;
import io.directmail.testsupport.VerifiedDomains;
import io.directmail.transport.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one PostgreSQL store keep one quota ledger per account: the daily cap holds for
 * both together, and each accepted message is charged once, whichever node accepted it.
 */
@Tag("integration")
class PostgresSharedQuotaTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-06-01");

    private static PostgresTestDatabase database;

    private final SettableClock clock = new SettableClock(START);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private LoopbackDnsServer dns;

    @BeforeAll
    static void connect() {
        database = PostgresTestDatabase.open(16);
    }

    @AfterAll
    static void disconnect() {
        if (database != null) {
            database.close();
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private DirectMail node(String schema, String nodeId, InMemoryTransport transport) {
        MailStore store = MailStore.postgres(database.dataSource(), new PostgresStoreOptions(schema, nodeId,
                StoreOptions.defaults().withClock(clock)));
        opened.add(store);
        DirectMail node = DirectMail.newBuilder().store(store).transport(transport).clock(clock)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example"))
                .schedulerTick(Duration.ofMillis(10)).build();
        opened.add(node);
        return node;
    }

    @Test
    void theDailyCap_holdsForTwoNodesTogether_andEachMessageIsChargedOnce() throws Exception {
        dns = new LoopbackDnsServer();
        dns.start();
        opened.add(dns);
        String schema = database.newSchema();
        InMemoryTransport transport = new InMemoryTransport();
        DirectMail a = node(schema, "node-a", transport);
        Account acme = a.accounts().create("acme", AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(30)));
        VerifiedDomains.add(acme, "acme.example", dns);
        acme.addSenderAddress(EmailAddress.of("news@acme.example"), MailType.TRIGGER, null);
        DirectMail b = node(schema, "node-b", transport);

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refusedByCap = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            DirectMail through = t % 2 == 0 ? a : b;
            int thread = t;
            senders.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 15; i++) {
                    Mail mail = Mail.newBuilder().account("acme").from("news@acme.example").addTo("r" + thread + "-" + i + "@example.org")
                            .subject("Receipt").text("Thanks").build();
                    try {
                        accepted.add(through.send(mail).messageId());
                    } catch (QuotaExceededException e) {
                        refusedByCap.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join(60_000);
            assertThat(sender.isAlive()).isFalse();
        }

        assertThat(failures).isEmpty();
        assertThat(accepted).hasSize(30);
        assertThat(refusedByCap).hasValue(30);
        transport.awaitMessages(30, Duration.ofSeconds(60));
        for (DirectMail node : List.of(a, b)) {
            Account seen = node.accounts().find("acme").orElseThrow();
            assertThat(seen.quota().usage(DAY).totalMessages()).as("charged once each, seen on every node").isEqualTo(30);
            assertThat(seen.quota().dailyCapRemaining()).hasValue(0);
        }
        assertThat(transport.messages()).hasSize(30);
    }
}
