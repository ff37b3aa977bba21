package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.store.MailStore;
import io.directmail.store.PostgresStoreOptions;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ChildJvm;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.PostgresNodeChild;
import io.directmail.testsupport.PostgresTestDatabase;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code DirectMail} engines sharing one queue in PostgreSQL: every message is delivered
 * exactly once between them, an idempotency key answers on every node and after a restart, and
 * when a node dies in the middle of deliveries another takes its messages over once their
 * claims have lapsed.
 */
@Tag("integration")
class PostgresTwoNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");

    private static PostgresTestDatabase database;

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(START);
    private final List<AutoCloseable> opened = new ArrayList<>();
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
    void newSchema() {
        schema = database.newSchema();
    }

    /** Closes engines before their stores, in reverse order of opening. */
    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private MailStore store(String nodeId) {
        MailStore store = MailStore.postgres(database.dataSource(), new PostgresStoreOptions(schema, nodeId,
                StoreOptions.defaults().withClock(clock)));
        opened.add(store);
        return store;
    }

    private DirectMail node(MailStore store, InMemoryTransport transport, DeliveryListener listener) {
        DirectMail node = DirectMail.newBuilder().store(store).transport(transport).clock(clock).listener(listener)
                .deliveryConcurrency(8).schedulerTick(Duration.ofMillis(10)).build();
        opened.add(node);
        return node;
    }

    private static Mail mail(int n) {
        return Mail.newBuilder().from("shop@example.com").addTo("customer" + n + "@example.org").subject("order " + n)
                .text("Thank you for order " + n).build();
    }

    @Test
    void twoNodesSharingOneQueue_deliverEveryMessageExactlyOnce() throws Exception {
        int messages = 2_000;
        InMemoryTransport transportA = new InMemoryTransport();
        InMemoryTransport transportB = new InMemoryTransport();
        RecordingListener listener = new RecordingListener();
        DirectMail a = node(store("node-a"), transportA, listener);
        DirectMail b = node(store("node-b"), transportB, listener);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> senders = new ArrayList<>();
        int threads = 8;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(Thread.ofVirtual().start(() -> {
                for (int n = thread; n < messages; n += threads) {
                    try {
                        DirectMail through = n % 2 == 0 ? a : b;
                        // Half the mail is scheduled: nodes then compete for it in claimDue rather than
                        // each delivering what it accepted.
                        Mail mail = n % 4 < 2 ? mail(n) : mail(n).toBuilder().sendAt(START.plus(Duration.ofMinutes(1))).build();
                        accepted.add(through.send(mail).messageId());
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(failures).isEmpty();
        clock.advance(Duration.ofMinutes(1));

        listener.awaitOutcomes(messages, WAIT);
        a.close();
        b.close();

        List<String> delivered = Stream.concat(transportA.messages().stream(), transportB.messages().stream())
                .map(OutboundMessage::messageId).toList();
        System.out.printf("two nodes: node-a delivered %d, node-b %d%n", transportA.messages().size(), transportB.messages().size());
        assertThat(accepted).hasSize(messages);
        assertThat(delivered).doesNotHaveDuplicates().hasSize(messages).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(listener.all().stream().filter(e -> e.type() == DeliveryStatus.DELIVERED)).hasSize(messages);
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_message WHERE pending OR content IS NOT NULL"))
                .as("every message final, its content released").isZero();
    }

    @Test
    void anIdempotencyKey_answersOnEveryNode_andAfterARestart() throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        RecordingListener listener = new RecordingListener();
        DirectMail a = node(store("node-a"), transport, listener);
        DirectMail b = node(store("node-b"), transport, listener);
        Mail order = mail(1).toBuilder().idempotencyKey("order-1").build();

        Receipt first = a.send(order);
        assertThat(b.send(order)).isEqualTo(first);
        listener.awaitOutcomes(1, WAIT);
        a.close();
        b.close();

        DirectMail restarted = node(store("node-a"), transport, listener);
        clock.advance(Duration.ofHours(23));
        assertThat(restarted.send(order)).isEqualTo(first);
        assertThat(transport.messages()).hasSize(1);
    }

    @Test
    void anIdempotencyKeyGivenToTwoNodesAtTheSameMoment_isStoredOnce() throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        RecordingListener listener = new RecordingListener();
        DirectMail a = node(store("node-a"), transport, listener);
        DirectMail b = node(store("node-b"), transport, listener);
        int keys = 40;
        Set<String> messageIds = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int k = 0; k < keys; k++) {
            Mail order = mail(k).toBuilder().idempotencyKey("order-" + k).build();
            CountDownLatch start = new CountDownLatch(1);
            Receipt[] receipts = new Receipt[2];
            List<Thread> senders = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                DirectMail through = n == 0 ? a : b;
                int slot = n;
                senders.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        receipts[slot] = through.send(order);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread sender : senders) {
                sender.join(WAIT.toMillis());
            }
            assertThat(failures).isEmpty();
            assertThat(receipts[1]).as("both nodes answer with the one message stored for key %d", k).isEqualTo(receipts[0]);
            messageIds.add(receipts[0].messageId());
        }

        listener.awaitOutcomes(keys, WAIT);
        assertThat(messageIds).hasSize(keys);
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_message")).as("one message per key").isEqualTo(keys);
        assertThat(transport.messages()).extracting(OutboundMessage::messageId).doesNotHaveDuplicates().hasSize(keys);
    }

    @Test
    void whenANodeDiesMidDelivery_anotherTakesItsMessagesOver_onceTheirClaimsHaveLapsed() throws Exception {
        int messages = 20;
        Process child = ChildJvm.start(PostgresNodeChild.class, List.of("-Xmx128m"),
                List.of(schema, "node-a", String.valueOf(messages), "60"), dir.resolve("node-a.err"));
        Set<String> inDelivery = ChildJvm.killAfter(child, messages,
                line -> line.startsWith("delivering ") ? Optional.of(line.substring("delivering ".length())) : Optional.empty(),
                WAIT, dir.resolve("node-a.err"));
        assertThat(inDelivery).hasSize(messages);
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_message WHERE pending AND lease_owner = 'node-a'"))
                .as("the dead node's claims are still in force").isEqualTo(messages);

        // Node B runs on a clock that stands at the wall-clock time node A leased by, until the test moves it.
        SettableClock wall = new SettableClock(Instant.now());
        CountDownLatch idleClaims = new CountDownLatch(4);
        MailStore watched = new ForwardingMailStore(store("node-b")) {
            @Override
            public List<StoredMessage> claimDue(MailType lane, Instant now, int limit, Instant leaseUntil) {
                List<StoredMessage> claimed = super.claimDue(lane, now, limit, leaseUntil);
                if (claimed.isEmpty()) {
                    idleClaims.countDown();
                }
                return claimed;
            }
        };
        InMemoryTransport transportB = new InMemoryTransport();
        DirectMail b = DirectMail.newBuilder().store(watched).transport(transportB).clock(wall)
                .schedulerTick(Duration.ofMillis(10)).build();
        opened.add(b);

        assertThat(idleClaims.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("node-b looked for due mail").isTrue();
        assertThat(transportB.messages()).as("nothing taken over while node-a's leases run").isEmpty();
        wall.advance(Duration.ofMinutes(2));

        List<OutboundMessage> takenOver = transportB.awaitMessages(messages, WAIT);
        b.close();
        Map<String, Integer> deliveries = new HashMap<>();
        transportB.messages().forEach(m -> deliveries.merge(m.messageId(), 1, Integer::sum));
        assertThat(takenOver).hasSize(messages);
        assertThat(deliveries.keySet()).isEqualTo(inDelivery);
        assertThat(deliveries.values()).allMatch(count -> count == 1);
        assertThat(database.count("SELECT count(*) FROM \"" + schema + "\".dm_message WHERE pending")).isZero();
    }
}
