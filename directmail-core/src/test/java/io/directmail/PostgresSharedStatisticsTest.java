package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.dns.DnsSettings;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.SmtpSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two {@code DirectMail} nodes sharing one PostgreSQL store, each delivering over SMTP to a
 * loopback MX, share one set of statistics: each node's queries show its own counts at once and
 * the other node's once that node has stored them (every five seconds, and at close), without a
 * restart.
 */
@Tag("integration")
class PostgresSharedStatisticsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final String STATISTICS = "dm.stats";

    private static PostgresTestDatabase database;

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ScriptedSmtpServer mx;
    private String schema;

    @BeforeAll
    static void connect() {
        database = PostgresTestDatabase.open(8);
    }

    @AfterAll
    static void disconnect() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        schema = database.newSchema();
        dns.start();
        mx = ScriptedSmtpServer.newBuilder().start();
        mx.on(SmtpStage.RCPT).whenArgumentContains("nobody@").reply("550 5.1.1 No such user");
        dns.mx("example.org", 10, "mx.example.org").a("mx.example.org", mx.address().getHostAddress());
    }

    /** Closes nodes before their stores, in reverse order of opening. */
    @AfterEach
    void stop() throws Exception {
        try {
            for (AutoCloseable closeable : opened.reversed()) {
                closeable.close();
            }
        } finally {
            mx.close();
            dns.close();
        }
    }

    /**
     * Starts a node on the shared schema, with its own clock; {@code statisticsWritten} counts
     * down for each statistics record the node writes.
     */
    private DirectMail node(String nodeId, SettableClock clock, DeliveryListener listener, CountDownLatch statisticsWritten) {
        MailStore postgres = MailStore.postgres(database.dataSource(), new PostgresStoreOptions(schema, nodeId,
                StoreOptions.defaults().withClock(clock)));
        MailStore store = new ForwardingMailStore(postgres) {
            @Override
            public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
                return written(kind, super.putRecordIfAbsent(kind, key, value));
            }

            @Override
            public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
                return written(kind, super.replaceRecord(kind, key, expected, value));
            }

            private boolean written(String kind, boolean written) {
                if (written && kind.equals(STATISTICS)) {
                    statisticsWritten.countDown();
                }
                return written;
            }
        };
        opened.add(store);
        DirectMail node = DirectMail.newBuilder().store(store).clock(clock).listener(listener).schedulerTick(Duration.ofMillis(10))
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(2)).build())
                .smtp(SmtpSettings.newBuilder().port(mx.port()).allReplyTimeouts(Duration.ofSeconds(5)).build())
                .build();
        opened.add(node);
        return node;
    }

    private static Mail mail(String... to) {
        return Mail.newBuilder().account("shop").tag("receipt").from("orders@shop.example").addTo(to).subject("Your order")
                .text("Thank you").build();
    }

    /** requests, delivered, failed, invalidAddresses of the day. */
    private static List<Long> figures(DeliveryStatistics statistics) {
        DailyCounts day = statistics.daily("shop", DAY, DAY).getFirst();
        return List.of(day.requests(), day.delivered(), day.failed(), day.invalidAddresses());
    }

    @Test
    void eachNodeSeesTheOthersCounts_onceThatNodeHasStoredThem_withoutARestart() throws Exception {
        SettableClock clockA = new SettableClock(START);
        SettableClock clockB = new SettableClock(START);
        RecordingListener listenerA = new RecordingListener();
        RecordingListener listenerB = new RecordingListener();
        CountDownLatch writtenByB = new CountDownLatch(2);                           // the tag's row and the domain's
        DirectMail a = node("node-a", clockA, listenerA, new CountDownLatch(0));
        DirectMail b = node("node-b", clockB, listenerB, writtenByB);

        a.send(mail("alice@example.org", "bob@example.org"));
        b.send(mail("carol@example.org", "dave@example.org", "nobody@example.org"));
        listenerA.awaitOutcomes(2, WAIT);
        listenerB.awaitOutcomes(3, WAIT);
        assertThat(mx.awaitMessages(2, WAIT)).hasSize(2);

        // Neither node's clock has moved a flush period: each sees its own counts only.
        assertThat(figures(a.statistics())).containsExactly(2L, 2L, 0L, 0L);
        assertThat(figures(b.statistics())).containsExactly(3L, 2L, 1L, 1L);
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_record WHERE kind = '" + STATISTICS + "'"))
                .isZero();

        clockB.advance(Duration.ofSeconds(5));
        assertThat(writtenByB.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("node-b stored its counts").isTrue();

        assertThat(figures(a.statistics())).containsExactly(5L, 4L, 1L, 1L);
        assertThat(a.statistics().byTag("shop", DAY)).extracting(DailyCounts::tag, DailyCounts::requests, DailyCounts::delivered)
                .containsExactly(tuple("receipt", 5L, 4L));
        assertThat(a.statistics().byDomain("shop", DAY)).extracting(DailyCounts::recipientDomain, DailyCounts::requests,
                DailyCounts::failed).containsExactly(tuple("example.org", 5L, 1L));
        assertThat(figures(b.statistics())).as("node-a has not stored its counts yet").containsExactly(3L, 2L, 1L, 1L);

        a.close();                                                                    // stores what node-a counted

        assertThat(figures(b.statistics())).containsExactly(5L, 4L, 1L, 1L);
        assertThat(b.statistics().daily("shop", DAY, DAY, "receipt").getFirst().requests()).isEqualTo(5);
    }
}
