package io.directmail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's own behaviour, driven by a raw socket so that the client can misbehave on purpose. */
class ScriptedSmtpServerTest {

    private final ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().start();

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** A deliberately naive client: writes raw bytes, reads reply lines. */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        RawClient(ScriptedSmtpServer server) throws IOException {
            socket = new Socket(server.address(), server.port());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads one complete reply and returns its last line. */
        String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    return null;
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        String command(String line) throws IOException {
            send(line + "\r\n");
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void recordsTheEnvelopeAndTheUnstuffedData() throws IOException {
        try (RawClient client = new RawClient(server)) {
            assertThat(client.reply()).startsWith("220");
            assertThat(client.command("EHLO client.example.com")).startsWith("250");
            assertThat(client.command("MAIL FROM:<s@example.com> SIZE=10")).startsWith("250");
            assertThat(client.command("RCPT TO:<r@example.com>")).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            assertThat(client.command("Subject: x\r\n\r\n..dot\r\n.")).startsWith("250");
            assertThat(client.command("QUIT")).startsWith("221");
        }

        ReceivedMessage message = server.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        assertThat(message.envelopeFrom()).isEqualTo("s@example.com");
        assertThat(message.mailParameters()).isEqualTo("SIZE=10");
        assertThat(message.recipients()).containsExactly("r@example.com");
        assertThat(message.dataAsString()).isEqualTo("Subject: x\r\n\r\n.dot\r\n");
        assertThat(message.connectionId()).isEqualTo(1);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void bareLineFeedsAndCarriageReturnsInData_areViolations() throws IOException {
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.command("EHLO client.example.com");
            client.command("MAIL FROM:<s@example.com>");
            client.command("RCPT TO:<r@example.com>");
            client.command("DATA");
            assertThat(client.command("a\nb\rc\r\n.")).startsWith("250");
        }

        assertThat(server.violations()).extracting(ProtocolViolation::description)
                .contains("bare LF in message data", "bare CR in message data");
        assertThat(server.messages().get(0).dataAsString()).isEqualTo("a\nb\rc\r\n");
    }

    @Test
    void overlongLines_areViolations() throws IOException {
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.command("EHLO client.example.com");
            client.command("MAIL FROM:<s@example.com>");
            client.command("RCPT TO:<r@example.com>");
            client.command("DATA");
            client.command("x".repeat(999) + "\r\n.");
        }

        assertThat(server.violations()).singleElement().extracting(ProtocolViolation::description).asString()
                .contains("1001 octets");
    }

    @Test
    void commandsSentAheadWithoutPipelining_areViolations() throws IOException {
        try (ScriptedSmtpServer lockStep = ScriptedSmtpServer.newBuilder().extensions("8BITMIME").start();
                RawClient client = new RawClient(lockStep)) {
            client.reply();
            client.command("EHLO client.example.com");
            client.send("MAIL FROM:<s@example.com>\r\nRCPT TO:<r@example.com>\r\n");
            client.reply();
            client.reply();
            client.command("QUIT");

            assertThat(lockStep.violations()).extracting(ProtocolViolation::description)
                    .anySatisfy(d -> assertThat(d).contains("PIPELINING is not offered"));
        }
    }

    @Test
    void scriptedRules_applyToTheChosenOccurrenceAndConnection() throws IOException {
        server.on(SmtpStage.GREETING).onConnection(1).reply("421 4.3.2 Not now");
        server.on(SmtpStage.RCPT).occurrence(2).reply("452 4.5.3 Too many recipients");

        try (RawClient first = new RawClient(server)) {
            assertThat(first.reply()).isEqualTo("421 4.3.2 Not now");
            assertThat(first.reply()).as("the connection is closed after 421").isNull();
        }
        try (RawClient second = new RawClient(server)) {
            assertThat(second.reply()).startsWith("220");
            second.command("EHLO client.example.com");
            second.command("MAIL FROM:<s@example.com>");
            assertThat(second.command("RCPT TO:<a@example.com>")).startsWith("250");
            assertThat(second.command("RCPT TO:<b@example.com>")).isEqualTo("452 4.5.3 Too many recipients");
            assertThat(second.command("RCPT TO:<c@example.com>")).startsWith("250");
        }
        assertThat(server.connectionCount()).isEqualTo(2);
    }

    @Test
    void after554Greeting_onlyQuitIsServed() throws IOException {
        server.on(SmtpStage.GREETING).reply("554 5.7.1 No service for you");

        try (RawClient client = new RawClient(server)) {
            assertThat(client.reply()).startsWith("554");
            assertThat(client.command("EHLO client.example.com")).startsWith("503");
            assertThat(client.command("QUIT")).startsWith("221");
        }
    }

    @Test
    void builder_refusesASizeWithoutANumber() {
        assertThatThrownBy(() -> ScriptedSmtpServer.newBuilder().extensions("SIZE big"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIZE big");
    }

    @Test
    void awaitMessages_failsWithACountAfterTheTimeout() {
        assertThatThrownBy(() -> server.awaitMessages(1, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("received 0");
    }

    @Test
    void listensOnAnotherLoopbackAddress() throws IOException {
        java.net.InetAddress second = java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        try (ScriptedSmtpServer other = ScriptedSmtpServer.newBuilder().address(second).hostname("mx2.example.com").start();
                RawClient client = new RawClient(other)) {
            assertThat(other.address()).isEqualTo(second);
            assertThat(client.reply()).startsWith("220 mx2.example.com");
        }
    }

    @Test
    void builder_refusesNonLoopbackAddresses() throws IOException {
        assertThatThrownBy(() -> ScriptedSmtpServer.newBuilder().address(java.net.InetAddress.getByName("192.0.2.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    @Test
    void ruleBuilder_refusesRepliesWithoutACode() {
        assertThatThrownBy(() -> server.on(SmtpStage.MAIL).reply("hello")).isInstanceOf(IllegalArgumentException.class);
    }
}
