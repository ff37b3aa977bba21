package io.directmail.internal.smtp;

import io.directmail.EmailAddress;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Messages, settings and targets shared by the SMTP client tests. */
final class SmtpFixtures {

    static final String CONTENT = "From: sender@example.com\r\nTo: a@example.com\r\nSubject: hello\r\n"
            + "Message-ID: <m1@example.com>\r\n\r\nHello, world.\r\n";

    private SmtpFixtures() {
    }

    /** Plain-text settings with short timeouts, fit for loopback tests. */
    static SmtpSettings.Builder settings() {
        return SmtpSettings.newBuilder()
                .heloName("client.example.com")
                .tlsPolicy(TlsPolicy.DISABLED)
                .connectTimeout(Duration.ofSeconds(5))
                .allReplyTimeouts(Duration.ofSeconds(10))
                .poolWaitTimeout(Duration.ofSeconds(10));
    }

    static OutboundMessage message(String... recipients) {
        return messageWithContent(CONTENT, recipients);
    }

    static OutboundMessage messageWithContent(String content, String... recipients) {
        return new OutboundMessage("m1@example.com", EmailAddress.of("sender@example.com"),
                Arrays.stream(recipients).map(EmailAddress::of).toList(),
                content.getBytes(StandardCharsets.UTF_8), false, false);
    }

    static SmtpTarget target(ScriptedSmtpServer server) {
        return target("localhost", server);
    }

    static SmtpTarget target(String hostname, ScriptedSmtpServer server) {
        return new SmtpTarget(hostname, server.address(), server.port());
    }

    /** Returns a target on a loopback port that nothing listens on. */
    static SmtpTarget closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return new SmtpTarget("closed.example.com", socket.getInetAddress(), socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<EmailAddress> addresses(String... recipients) {
        return Arrays.stream(recipients).map(EmailAddress::of).toList();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
