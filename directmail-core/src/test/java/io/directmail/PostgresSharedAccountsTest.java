package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.Account;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.account.DomainTakenException;
import io.directmail.account.SendingDomain;
import io.directmail.account.UnknownSenderAddressException;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.template.Template;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.DkimVerifyTool;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two {@code DirectMail} nodes sharing their managed accounts in PostgreSQL: what one sets up the
 * other uses without a restart, removals reach the other within the refresh interval, and when
 * both race to change the accounts the rules hold for the two together.
 */
@Tag("integration")
class PostgresSharedAccountsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    private static final DomainSettings SETTINGS = DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example")
            .withDkimAlgorithms(List.of(DkimAlgorithm.ED25519_SHA256));
    private static final EmailAddress NEWS = EmailAddress.of("news@acme.example");
    private static final int RACES = 5;

    private static PostgresTestDatabase database;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T08:00:00Z"));
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ExecutorService racers = Executors.newFixedThreadPool(2);
    private LoopbackDnsServer dns;
    private String schema;

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

    @BeforeEach
    void start() throws Exception {
        schema = database.newSchema();
        dns = new LoopbackDnsServer();
        dns.start();
    }

    /** Closes nodes before their stores, in reverse order of opening. */
    @AfterEach
    void closeEverything() throws Exception {
        racers.shutdownNow();
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        dns.close();
    }

    private DirectMail node(String nodeId, InMemoryTransport transport) {
        MailStore store = MailStore.postgres(database.dataSource(), new PostgresStoreOptions(schema, nodeId,
                StoreOptions.defaults().withClock(clock)));
        opened.add(store);
        DirectMail node = DirectMail.newBuilder().store(store).transport(transport).clock(clock)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .sendingDomains(SETTINGS)
                .build();
        opened.add(node);
        return node;
    }

    private void addVerifiedDomain(Account account, String name) {
        account.addDomain(name);
        for (DnsRecord record : account.dnsRecords(name)) {
            switch (record.type()) {
                case TXT -> dns.txt(record.host(), record.value());
                case CNAME -> dns.cname(record.host(), record.value());
            }
        }
        assertThat(account.verifyDomain(name).verified()).isTrue();
    }

    private static Mail mail() {
        return Mail.newBuilder().account("acme").from(NEWS).addTo("alice@example.org").subject("Your receipt").text("Thanks")
                .build();
    }

    private long storedDomains() {
        return database.count("SELECT count(*) FROM \"" + schema + "\".dm_record WHERE kind = 'dm.domain'");
    }

    /** Runs two changes at the same moment, one per node; returns each one's result or what it threw. */
    private List<Object> race(Callable<?> onA, Callable<?> onB) throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> outcomes = new ArrayList<>();
        for (Callable<?> change : List.of(onA, onB)) {
            outcomes.add(racers.submit(() -> {
                ready.countDown();
                assertThat(go.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                try {
                    return change.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        assertThat(ready.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> outcome : outcomes) {
            results.add(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void whatOneNodeSetsUp_theOtherUses_withoutARestart_andRemovalsFollow() throws Exception {
        InMemoryTransport transportB = new InMemoryTransport();
        DirectMail a = node("node-a", new InMemoryTransport());
        DirectMail b = node("node-b", transportB);
        Template welcome = new Template("welcome", "Welcome, {{name}}", null, "Hi {{name}}");
        RecipientList customers = new RecipientList("customers", List.of(Recipient.of("alice@example.org")));

        Account onA = a.accounts().create("acme");
        addVerifiedDomain(onA, "acme.example");
        onA.addSenderAddress(NEWS, MailType.TRIGGER, null);
        onA.addTemplate(welcome);
        onA.addList(customers);

        Account onB = b.accounts().find("acme").orElseThrow();
        assertThat(onB.domains()).singleElement().satisfies(domain -> assertThat(domain.verified()).isTrue());
        assertThat(onB.template("welcome")).contains(welcome);
        assertThat(onB.list("customers")).contains(customers);
        b.send(mail());
        OutboundMessage sent = transportB.awaitMessages(1, WAIT).getFirst();
        assertThat(new String(sent.toByteArray(), StandardCharsets.UTF_8)).contains("d=acme.example");
        DkimVerifyTool.assertPasses(sent.toByteArray(), onA.domains().getFirst().dkimKeys().toArray(new DkimKey[0]));

        onA.deleteTemplate("welcome");
        onA.deleteList("customers");
        onA.removeSenderAddress(NEWS);
        clock.advance(REFRESH_INTERVAL);

        assertThat(onB.templates()).isEmpty();
        assertThat(onB.lists()).isEmpty();
        assertThatThrownBy(() -> b.send(mail())).isInstanceOf(UnknownSenderAddressException.class);
        assertThat(transportB.messages()).hasSize(1);
    }

    @Test
    void twoNodesRacingForAnAccountsLastDomain_acceptExactlyOne() throws Exception {
        DirectMail a = node("node-a", new InMemoryTransport());
        DirectMail b = node("node-b", new InMemoryTransport());
        for (int race = 0; race < RACES; race++) {
            String id = "acme" + race;
            Account onA = a.accounts().create(id);
            for (int i = 1; i <= 4; i++) {
                onA.addDomain("d" + i + "." + id + ".example");
            }
            Account onB = b.accounts().find(id).orElseThrow();

            List<Object> outcomes = race(() -> onA.addDomain("fifth-a." + id + ".example"),
                    () -> onB.addDomain("fifth-b." + id + ".example"));

            assertThat(outcomes).as("race %d", race).filteredOn(SendingDomain.class::isInstance).hasSize(1);
            assertThat(outcomes).as("race %d", race).filteredOn(LimitExceededException.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo("maxDomainsPerAccount"));
            clock.advance(REFRESH_INTERVAL);
            assertThat(onA.domains()).hasSize(5).containsExactlyInAnyOrderElementsOf(onB.domains());
        }
        assertThat(storedDomains()).isEqualTo(5L * RACES);
    }

    @Test
    void twoNodesRacingForADomainAndItsSubdomain_forTwoAccounts_acceptExactlyOne() throws Exception {
        DirectMail a = node("node-a", new InMemoryTransport());
        DirectMail b = node("node-b", new InMemoryTransport());
        Account one = a.accounts().create("one");
        Account two = b.accounts().create("two");
        for (int race = 0; race < RACES; race++) {
            String parent = "r" + race + ".example";
            // Alternate which node claims the parent.
            Account parentClaimer = race % 2 == 0 ? one : two;
            Account childClaimer = race % 2 == 0 ? two : one;

            List<Object> outcomes = race(() -> parentClaimer.addDomain(parent), () -> childClaimer.addDomain("mail." + parent));

            assertThat(outcomes).as("race %d", race).filteredOn(SendingDomain.class::isInstance).hasSize(1);
            assertThat(outcomes).as("race %d", race).filteredOn(DomainTakenException.class::isInstance).hasSize(1);
        }
        clock.advance(REFRESH_INTERVAL);
        assertThat(storedDomains()).isEqualTo(RACES);
        assertThat(one.domains().size() + two.domains().size()).isEqualTo(RACES);
    }

    @Test
    void twoNodesCreatingOneAccount_createItOnce() throws Exception {
        DirectMail a = node("node-a", new InMemoryTransport());
        DirectMail b = node("node-b", new InMemoryTransport());

        List<Object> outcomes = race(() -> a.accounts().create("acme"), () -> b.accounts().create("acme"));

        assertThat(outcomes).filteredOn(Account.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(DuplicateNameException.class::isInstance).hasSize(1);
        assertThat(a.accounts().find("acme")).isPresent();
        assertThat(b.accounts().find("acme")).isPresent();
    }
}
