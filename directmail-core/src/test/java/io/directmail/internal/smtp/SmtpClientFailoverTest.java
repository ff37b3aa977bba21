package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.closedPort;
import static io.directmail.internal.smtp.SmtpFixtures.message;
import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static io.directmail.internal.smtp.SmtpFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientFailoverTest {

    private final ScriptedSmtpServer first = ScriptedSmtpServer.newBuilder().start();
    private final ScriptedSmtpServer second = ScriptedSmtpServer.newBuilder().start();
    private final SmtpClient client = new SmtpClient(settings().build());

    @AfterEach
    void tearDown() {
        client.close();
        first.close();
        second.close();
    }

    private List<RecipientOutcome> deliverToBoth(String... recipients) {
        return client.deliver(List.of(target("mx1.example.com", first), target("mx2.example.com", second)), message(recipients));
    }

    @Test
    void a421Greeting_movesOnToTheNextTarget() {
        first.on(SmtpStage.GREETING).reply("421 4.3.2 Service not available");

        List<RecipientOutcome> outcomes = deliverToBoth("a@example.com");

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.DELIVERED);
            assertThat(o.remoteHost()).isEqualTo("mx2.example.com");
        });
        assertThat(first.messages()).isEmpty();
        assertThat(second.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void a554Greeting_movesOnToTheNextTarget() {
        first.on(SmtpStage.GREETING).reply("554 5.7.1 No SMTP service here");

        List<RecipientOutcome> outcomes = deliverToBoth("a@example.com");

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        assertThat(second.messages()).hasSize(1);
    }

    @Test
    void aRefusedConnection_movesOnToTheNextTarget() {
        List<RecipientOutcome> outcomes = client.deliver(List.of(closedPort(), target("mx2.example.com", second)),
                message("a@example.com"));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.DELIVERED);
            assertThat(o.remoteHost()).isEqualTo("mx2.example.com");
        });
    }

    @Test
    void a421DuringTheTransaction_movesTheUnansweredRecipientsOnToTheNextTarget() {
        first.on(SmtpStage.RCPT).whenArgumentContains("nobody@").reply("550 5.1.1 No such user");
        first.on(SmtpStage.RCPT).whenArgumentContains("b@").reply("421 4.3.2 Shutting down");

        List<RecipientOutcome> outcomes = deliverToBoth("nobody@example.com", "b@example.com", "c@example.com");

        assertThat(outcomes).extracting(RecipientOutcome::result)
                .containsExactly(Result.PERMANENT_FAILURE, Result.DELIVERED, Result.DELIVERED);
        assertThat(outcomes.get(0).remoteHost()).isEqualTo("mx1.example.com");
        assertThat(second.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients())
                .containsExactly("b@example.com", "c@example.com");
    }

    @Test
    void whenEveryTargetFails_everyRecipientIsTemporaryWithTheLastReason() {
        first.on(SmtpStage.GREETING).reply("421 4.3.2 First is busy");
        second.on(SmtpStage.GREETING).reply("421 4.3.2 Second is busy");

        List<RecipientOutcome> outcomes = deliverToBoth("a@example.com", "b@example.com");

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.detail()).contains("all 2 servers failed", "Second is busy");
            assertThat(o.reply().code()).isEqualTo(421);
            assertThat(o.remoteHost()).isEqualTo("mx2.example.com");
        });
    }

    @Test
    void withNoTargets_everyRecipientIsTemporary() {
        List<RecipientOutcome> outcomes = client.deliver(List.of(), message("a@example.com"));

        assertThat(outcomes).singleElement().extracting(RecipientOutcome::result).isEqualTo(Result.TEMPORARY_FAILURE);
    }

    @Test
    void aStallAfterMailFrom_movesOnToTheNextTargetAfterTheTimeout() {
        first.on(SmtpStage.MAIL).stall();
        try (SmtpClient impatient = new SmtpClient(settings().commandTimeout(Duration.ofMillis(300)).build())) {
            List<RecipientOutcome> outcomes = impatient.deliver(
                    List.of(target("mx1.example.com", first), target("mx2.example.com", second)), message("a@example.com"));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.DELIVERED);
                assertThat(o.remoteHost()).isEqualTo("mx2.example.com");
            });
        }
    }
}
