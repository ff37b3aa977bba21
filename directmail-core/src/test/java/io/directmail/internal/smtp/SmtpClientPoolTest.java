package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.message;
import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static io.directmail.internal.smtp.SmtpFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.internal.smtp.SmtpFixtures.ManualClock;
import io.directmail.testing.ReceivedCommand;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientPoolTest {

    private final ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().start();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void tenMessagesToOneHost_useOneConnectionWithRsetBetweenThem() {
        try (SmtpClient client = new SmtpClient(settings().build())) {
            for (int i = 0; i < 10; i++) {
                assertThat(client.deliver(List.of(target(server)), message("a" + i + "@example.com")))
                        .extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            }
        }

        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(server.transactionsPerConnection()).containsExactly(java.util.Map.entry(1, 10));
        List<String> verbs = server.commands(1).stream().map(ReceivedCommand::verb).toList();
        assertThat(verbs.stream().filter("RSET"::equals).count()).isEqualTo(9);
        assertThat(verbs.get(verbs.size() - 1)).as("close() ends the session politely").isEqualTo("QUIT");
    }

    @Test
    void withPipelining_theRsetOfAReusedConnectionTravelsAheadOfTheTransaction_withoutARoundTripOfItsOwn() {
        try (SmtpClient client = new SmtpClient(settings().build())) {
            client.deliver(List.of(target(server)), message("a@example.com"));
            client.deliver(List.of(target(server)), message("b@example.com"));
        }

        List<ReceivedCommand> commands = server.commands(1);
        int reset = commands.stream().map(ReceivedCommand::verb).toList().indexOf("RSET");
        assertThat(commands.subList(reset, reset + 4)).extracting(ReceivedCommand::verb).containsExactly("RSET", "MAIL", "RCPT", "DATA");
        assertThat(commands.get(reset + 1).pipelined()).as("MAIL sent before the reply to RSET").isTrue();
        assertThat(server.messages()).hasSize(2);
    }

    @Test
    void aReusedConnectionWhoseRsetIsRefused_isStale_andTheMessageGoesOnAFreshOne_once() {
        server.on(SmtpStage.RSET).occurrence(1).reply("421 4.4.2 idle too long");
        try (SmtpClient client = new SmtpClient(settings().build())) {
            client.deliver(List.of(target(server)), message("a@example.com"));

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(server)), message("b@example.com"));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.messages()).as("b delivered once, on the fresh connection").hasSize(2);
        }
    }

    @Test
    void aConnectionCarriesAtMostMaxMessagesPerConnection() {
        try (SmtpClient client = new SmtpClient(settings().maxMessagesPerConnection(3).build())) {
            for (int i = 0; i < 7; i++) {
                client.deliver(List.of(target(server)), message("a@example.com"));
            }
        }

        assertThat(server.connectionCount()).isEqualTo(3);
        assertThat(server.transactionsPerConnection().values()).containsExactly(3, 3, 1);
    }

    @Test
    void anIdleConnectionExpiresAfterTheIdleTimeoutOnTheInjectedClock() {
        ManualClock clock = new ManualClock();
        try (SmtpClient client = new SmtpClient(settings().idleTimeout(Duration.ofSeconds(30)).clock(clock).build())) {
            client.deliver(List.of(target(server)), message("a@example.com"));
            clock.advance(Duration.ofSeconds(29));
            client.deliver(List.of(target(server)), message("b@example.com"));
            assertThat(server.connectionCount()).as("reused while not yet idle for 30 s").isEqualTo(1);

            clock.advance(Duration.ofSeconds(30));
            client.evictIdle();
            assertThat(client.openConnections(server.address(), server.port())).isZero();
            assertThat(server.commands(1)).last().extracting(ReceivedCommand::verb).isEqualTo("QUIT");

            client.deliver(List.of(target(server)), message("c@example.com"));
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aPooledConnectionTheServerDropped_isReplacedByAFreshOne() {
        server.on(SmtpStage.RSET).occurrence(1).dropConnection();
        try (SmtpClient client = new SmtpClient(settings().build())) {
            client.deliver(List.of(target(server)), message("a@example.com"));

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(server)), message("b@example.com"));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.messages()).hasSize(2);
        }
    }

    @Test
    void concurrentDeliveries_neverOpenMoreThanMaxConnectionsPerHost() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (SmtpClient client = new SmtpClient(settings().maxConnectionsPerHost(2).build())) {
            List<Future<List<RecipientOutcome>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String recipient = "r" + i + "@example.com";
                results.add(threads.submit(() -> client.deliver(List.of(target(server)), message(recipient))));
            }
            for (Future<List<RecipientOutcome>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(server.maxConcurrentConnections()).isLessThanOrEqualTo(2);
        assertThat(server.messages()).hasSize(16);
    }

    @Test
    void aDeliveryBeyondTheBound_waitsBoundedlyAndFailsTemporarilyWhileTheHostIsBusy() throws Exception {
        server.on(SmtpStage.DATA_END).onConnection(1).stall();
        server.on(SmtpStage.DATA_END).onConnection(2).stall();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (SmtpClient client = new SmtpClient(settings().maxConnectionsPerHost(2)
                .poolWaitTimeout(Duration.ofMillis(200)).build())) {
            Future<List<RecipientOutcome>> stuck1 = threads.submit(() -> client.deliver(List.of(target(server)), message("a@example.com")));
            Future<List<RecipientOutcome>> stuck2 = threads.submit(() -> client.deliver(List.of(target(server)), message("b@example.com")));
            server.awaitMessages(2, Duration.ofSeconds(10));

            List<RecipientOutcome> third = client.deliver(List.of(target(server)), message("c@example.com"));

            assertThat(third).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("stayed busy");
            });
            assertThat(server.connectionCount()).isEqualTo(2);
            server.close();
            assertThat(stuck1.get(30, TimeUnit.SECONDS)).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
            assertThat(stuck2.get(30, TimeUnit.SECONDS)).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
        } finally {
            threads.shutdownNow();
        }
    }
}
