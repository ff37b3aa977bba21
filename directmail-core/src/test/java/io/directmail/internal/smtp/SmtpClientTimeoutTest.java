package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.message;
import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static io.directmail.internal.smtp.SmtpFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.directmail.EmailAddress;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import io.directmail.transport.SmtpSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every step of the session has its own bounded timeout (RFC 5321 §4.5.3.2). */
class SmtpClientTimeoutTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().start();

    @AfterEach
    void tearDown() {
        server.close();
    }

    private RecipientOutcome deliverOne(SmtpSettings settings, OutboundMessage message) {
        try (SmtpClient client = new SmtpClient(settings)) {
            List<RecipientOutcome> outcomes = assertTimeoutPreemptively(BOUND,
                    () -> client.deliver(List.of(target(server)), message));
            assertThat(outcomes).hasSize(1);
            return outcomes.get(0);
        }
    }

    @Test
    void dataInitiationTimeout_firesWhenDataIsNeverAnswered() {
        server.on(SmtpStage.DATA).stall();

        RecipientOutcome outcome = deliverOne(settings().dataInitiationTimeout(SHORT).build(), message("a@example.com"));

        assertThat(outcome.result()).isEqualTo(Result.TEMPORARY_FAILURE);
        assertThat(outcome.detail()).contains("timed out", SHORT.toString());
    }

    @Test
    void dataBlockTimeout_firesWhenTheServerStopsReading() {
        server.on(SmtpStage.DATA).replyThenStall("354 Go ahead");
        byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[16 * 1024 * line.length];
        for (int i = 0; i < content.length; i += line.length) {
            System.arraycopy(line, 0, content, i, line.length);
        }
        OutboundMessage large = new OutboundMessage("large@example.com", EmailAddress.of("sender@example.com"),
                List.of(EmailAddress.of("a@example.com")), content, false, false);

        RecipientOutcome outcome = deliverOne(settings().dataBlockTimeout(Duration.ofMillis(500)).build(), large);

        assertThat(outcome.result()).isEqualTo(Result.TEMPORARY_FAILURE);
        assertThat(outcome.detail()).contains("stalled for longer than PT0.5S").doesNotContain("may have been delivered");
    }

    @Test
    void dataTerminationTimeout_firesAndReportsTheDuplicateRisk() {
        server.on(SmtpStage.DATA_END).stall();

        RecipientOutcome outcome = deliverOne(settings().dataTerminationTimeout(SHORT).build(), message("a@example.com"));

        assertThat(outcome.result()).isEqualTo(Result.TEMPORARY_FAILURE);
        assertThat(outcome.detail()).contains("timed out", "may have been delivered");
    }

    @Test
    void connectTimeout_boundsAConnectThatIsNeverAccepted() throws Exception {
        // a listener with a full accept queue drops further SYNs, so the next connect hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> queued = new ArrayList<>();
            try {
                boolean hanging = false;
                for (int i = 0; i < 16 && !hanging; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(full.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException e) {
                        hanging = true;
                    }
                }
                assumeTrue(hanging, "this kernel did not leave a connect hanging");
                SmtpTarget target = new SmtpTarget("full.example.com", full.getInetAddress(), full.getLocalPort());
                try (SmtpClient client = new SmtpClient(settings().connectTimeout(SHORT).build())) {
                    List<RecipientOutcome> outcomes = assertTimeoutPreemptively(BOUND,
                            () -> client.deliver(List.of(target), message("a@example.com")));

                    assertThat(outcomes).singleElement().satisfies(o -> {
                        assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                        assertThat(o.detail()).contains("cannot connect", "timed out");
                    });
                }
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void everyRecipientGetsAnOutcomeWhenTheTimeoutFiresMidTransaction() {
        server.on(SmtpStage.RCPT).occurrence(2).stall();
        try (SmtpClient client = new SmtpClient(settings().commandTimeout(SHORT).build())) {
            List<RecipientOutcome> outcomes = assertTimeoutPreemptively(BOUND,
                    () -> client.deliver(List.of(target(server)), message("a@example.com", "b@example.com", "c@example.com")));

            assertThat(outcomes).hasSize(3).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
        }
    }
}
