package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.closedPort;
import static io.directmail.internal.smtp.SmtpFixtures.message;
import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static io.directmail.internal.smtp.SmtpFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.EmailAddress;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import io.directmail.transport.SmtpReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMTP client under a gate that limits the targets it may use, as the destination throttle does. */
class SmtpClientGateTest {

    private static final Instant LATER = Instant.parse("2030-01-01T00:01:00Z");

    private final ScriptedSmtpServer first = ScriptedSmtpServer.newBuilder().start();
    private final ScriptedSmtpServer second = ScriptedSmtpServer.newBuilder().start();

    @AfterEach
    void tearDown() {
        first.close();
        second.close();
    }

    /** Refuses the named hosts, lets the others in without waiting for a pool, and records what it hears. */
    private static final class RecordingGate implements TargetGate {
        final Set<String> busyHosts;
        final int maxMessages;
        final List<SmtpReply> abandoned = new CopyOnWriteArrayList<>();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger entered = new AtomicInteger();

        RecordingGate(Set<String> busyHosts, int maxMessages) {
            this.busyHosts = busyHosts;
            this.maxMessages = maxMessages;
        }

        @Override
        public Pass enter(SmtpTarget target) {
            if (busyHosts.contains(target.hostname())) {
                return null;
            }
            entered.incrementAndGet();
            open.incrementAndGet();
            return new Pass() {
                @Override
                public int maxMessagesPerConnection() {
                    return maxMessages;
                }

                @Override
                public void abandoned(SmtpReply reply) {
                    abandoned.add(reply);
                }

                @Override
                public void close() {
                    open.decrementAndGet();
                }
            };
        }

        @Override
        public Duration poolWait() {
            return Duration.ZERO;
        }

        @Override
        public RecipientOutcome busy(EmailAddress recipient, String detail) {
            return RecipientOutcome.notAttempted(recipient, LATER, detail);
        }
    }

    private List<SmtpTarget> both() {
        return List.of(target("mx1.example.com", first), target("mx2.example.com", second));
    }

    @Test
    void whenTheGateRefusesEveryTarget_nothingIsSentAndEachRecipientGetsTheBusyOutcome() {
        RecordingGate gate = new RecordingGate(Set.of("mx1.example.com", "mx2.example.com"), 100);
        try (SmtpClient client = new SmtpClient(settings().build())) {
            List<RecipientOutcome> outcomes = client.deliver(both(), message("a@example.com", "b@example.com"), gate);

            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.result()).isEqualTo(Result.NOT_ATTEMPTED);
                assertThat(o.retryAt()).isEqualTo(LATER);
                assertThat(o.detail()).contains("every server is at its connection limit")
                        .contains("mx1.example.com").contains("mx2.example.com");
            });
        }
        assertThat(first.connectionCount()).isZero();
        assertThat(second.connectionCount()).isZero();
    }

    @Test
    void aRefusedTargetIsSkipped_andTheNextOneCarriesTheMessage() {
        RecordingGate gate = new RecordingGate(Set.of("mx1.example.com"), 100);
        try (SmtpClient client = new SmtpClient(settings().build())) {
            List<RecipientOutcome> outcomes = client.deliver(both(), message("a@example.com"), gate);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.DELIVERED);
                assertThat(o.remoteHost()).isEqualTo("mx2.example.com");
            });
        }
        assertThat(first.connectionCount()).isZero();
        assertThat(gate.open.get()).as("every pass was closed").isZero();
    }

    @Test
    void aTargetThatFailedCountsAsAnAttempt_evenWhenTheRestWereBusy() {
        RecordingGate gate = new RecordingGate(Set.of("mx2.example.com"), 100);
        try (SmtpClient client = new SmtpClient(settings().build())) {
            List<RecipientOutcome> outcomes = client.deliver(List.of(closedPort(), target("mx2.example.com", second)),
                    message("a@example.com"), gate);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("cannot connect");
            });
        }
        assertThat(gate.abandoned).containsExactly((SmtpReply) null);
    }

    @Test
    void theReplyThatMadeTheClientLeaveATargetIsReported() {
        first.on(SmtpStage.GREETING).reply("421 4.7.0 Too many connections, slow down");
        RecordingGate gate = new RecordingGate(Set.of(), 100);
        try (SmtpClient client = new SmtpClient(settings().build())) {
            List<RecipientOutcome> outcomes = client.deliver(both(), message("a@example.com"), gate);

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        }
        assertThat(gate.abandoned).singleElement().satisfies(reply -> {
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.isThrottling()).isTrue();
        });
        assertThat(gate.entered.get()).isEqualTo(2);
        assertThat(gate.open.get()).isZero();
    }

    @Test
    void theGateSetsHowManyMessagesOneConnectionCarries() {
        RecordingGate gate = new RecordingGate(Set.of(), 2);
        try (SmtpClient client = new SmtpClient(settings().maxMessagesPerConnection(100).build())) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.deliver(List.of(target(first)), message("a" + i + "@example.com"), gate))
                        .extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            }
        }
        assertThat(first.transactionsPerConnection().values()).containsExactly(2, 2, 1);
    }

    @Test
    void aFullPoolUnderAGateThatDoesNotWait_isBusy_andTheDeliveryReturnsAtOnce() throws Exception {
        first.on(SmtpStage.DATA_END).onConnection(1).stall();
        RecordingGate gate = new RecordingGate(Set.of(), 100);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (SmtpClient client = new SmtpClient(settings().maxConnectionsPerHost(1).poolWaitTimeout(Duration.ofMinutes(10)).build())) {
            Future<List<RecipientOutcome>> stuck = threads.submit(() -> client.deliver(List.of(target(first)), message("a@example.com"), gate));
            first.awaitMessages(1, Duration.ofSeconds(10));

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(first)), message("b@example.com"), gate);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.NOT_ATTEMPTED);
                assertThat(o.detail()).contains("every server is at its connection limit");
            });
            assertThat(first.connectionCount()).isEqualTo(1);
            first.close();
            assertThat(stuck.get(30, TimeUnit.SECONDS)).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
        } finally {
            threads.shutdownNow();
        }
    }
}
