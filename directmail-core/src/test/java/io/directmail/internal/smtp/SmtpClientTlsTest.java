package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.message;
import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static io.directmail.internal.smtp.SmtpFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.testing.ReceivedCommand;
import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientTlsTest {

    private final ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().startTls(true).start();

    @AfterEach
    void tearDown() {
        server.close();
    }

    private List<RecipientOutcome> deliver(SmtpSettings settings, SmtpTarget target) {
        try (SmtpClient client = new SmtpClient(settings)) {
            return client.deliver(List.of(target), message("a@example.com"));
        }
    }

    @Test
    void opportunisticTls_usesStartTlsWhenOfferedWithoutCheckingTheCertificate() {
        List<RecipientOutcome> outcomes = deliver(settings().tlsPolicy(TlsPolicy.OPPORTUNISTIC).build(), target(server));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isTrue();
        assertThat(server.commands()).extracting(ReceivedCommand::verb).containsSubsequence("EHLO", "STARTTLS", "EHLO", "MAIL");
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void opportunisticTls_staysPlainWhenStartTlsIsNotOffered() {
        try (ScriptedSmtpServer plain = ScriptedSmtpServer.newBuilder().start()) {
            List<RecipientOutcome> outcomes = deliver(settings().tlsPolicy(TlsPolicy.OPPORTUNISTIC).build(), target(plain));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            assertThat(plain.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isFalse();
        }
    }

    @Test
    void disabledTls_ignoresStartTls() {
        deliver(settings().tlsPolicy(TlsPolicy.DISABLED).build(), target(server));

        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isFalse();
        assertThat(server.commands()).extracting(ReceivedCommand::verb).doesNotContain("STARTTLS");
    }

    @Test
    void requiredTls_withAnUntrustedCertificate_failsTemporarilyAndSendsNothing() {
        List<RecipientOutcome> outcomes = deliver(settings().tlsPolicy(TlsPolicy.REQUIRED).build(), target(server));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.detail()).contains("TLS handshake");
        });
        assertThat(server.messages()).isEmpty();
        assertThat(server.commands()).extracting(ReceivedCommand::verb).doesNotContain("MAIL");
    }

    @Test
    void requiredTls_withATrustingContext_verifiesAndDelivers() {
        SmtpSettings settings = settings().tlsPolicy(TlsPolicy.REQUIRED).sslContext(ScriptedSmtpServer.clientSslContext()).build();

        List<RecipientOutcome> outcomes = deliver(settings, target("localhost", server));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isTrue();
    }

    @Test
    void requiredTls_whenTheHostNameDoesNotMatchTheCertificate_fails() {
        SmtpSettings settings = settings().tlsPolicy(TlsPolicy.REQUIRED).sslContext(ScriptedSmtpServer.clientSslContext()).build();

        List<RecipientOutcome> outcomes = deliver(settings, target("mx.elsewhere.example", server));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.detail()).contains("TLS handshake");
        });
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void requiredTls_whenStartTlsIsNotOffered_fails() {
        try (ScriptedSmtpServer plain = ScriptedSmtpServer.newBuilder().start()) {
            List<RecipientOutcome> outcomes = deliver(settings().tlsPolicy(TlsPolicy.REQUIRED).build(), target(plain));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("does not offer STARTTLS");
            });
            assertThat(plain.messages()).isEmpty();
        }
    }

    @Test
    void implicitTls_startsWithTheHandshake() {
        try (ScriptedSmtpServer smtps = ScriptedSmtpServer.newBuilder().implicitTls(true).start()) {
            SmtpSettings settings = settings().implicitTls(true).tlsPolicy(TlsPolicy.REQUIRED)
                    .sslContext(ScriptedSmtpServer.clientSslContext()).build();

            List<RecipientOutcome> outcomes = deliver(settings, target(smtps));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            assertThat(smtps.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isTrue();
            assertThat(smtps.commands()).extracting(ReceivedCommand::verb).doesNotContain("STARTTLS");
        }
    }

    @Test
    void authPlain_overTls_authenticates() {
        try (ScriptedSmtpServer relay = ScriptedSmtpServer.newBuilder().startTls(true).credentials("user", "s3cret").start()) {
            SmtpSettings settings = settings().tlsPolicy(TlsPolicy.REQUIRED).sslContext(ScriptedSmtpServer.clientSslContext())
                    .credentials("user", "s3cret").build();

            List<RecipientOutcome> outcomes = deliver(settings, target(relay));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            ReceivedMessage received = relay.awaitMessages(1, Duration.ofSeconds(5)).get(0);
            assertThat(received.authenticatedUser()).isEqualTo("user");
            assertThat(relay.commands()).filteredOn(c -> c.verb().equals("AUTH"))
                    .singleElement().satisfies(c -> {
                        assertThat(c.line()).startsWith("AUTH PLAIN ");
                        assertThat(c.tls()).isTrue();
                    });
        }
    }

    @Test
    void authLogin_isUsedWhenPlainIsNotOffered() {
        try (ScriptedSmtpServer relay = ScriptedSmtpServer.newBuilder().startTls(true).credentials("user", "s3cret").start()) {
            relay.on(SmtpStage.EHLO).onConnection(1).occurrenceInConnection(2)
                    .reply("250-localhost", "250-PIPELINING", "250 AUTH LOGIN");
            SmtpSettings settings = settings().tlsPolicy(TlsPolicy.OPPORTUNISTIC).credentials("user", "s3cret").build();

            List<RecipientOutcome> outcomes = deliver(settings, target(relay));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            assertThat(relay.awaitMessages(1, Duration.ofSeconds(5)).get(0).authenticatedUser()).isEqualTo("user");
            assertThat(relay.commands()).extracting(ReceivedCommand::line).contains("AUTH LOGIN");
        }
    }

    @Test
    void auth_isNotAttemptedWithoutTls() {
        try (ScriptedSmtpServer relay = ScriptedSmtpServer.newBuilder().credentials("user", "s3cret").start()) {
            SmtpSettings settings = settings().tlsPolicy(TlsPolicy.OPPORTUNISTIC).credentials("user", "s3cret").build();

            List<RecipientOutcome> outcomes = deliver(settings, target(relay));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("refusing to send credentials");
            });
            assertThat(relay.commands()).extracting(ReceivedCommand::verb).doesNotContain("AUTH", "MAIL");
        }
    }

    @Test
    void auth_withoutTls_whenExplicitlyAllowed() {
        try (ScriptedSmtpServer relay = ScriptedSmtpServer.newBuilder().credentials("user", "s3cret").start()) {
            SmtpSettings settings = settings().credentials("user", "s3cret").allowAuthWithoutTls(true).build();

            List<RecipientOutcome> outcomes = deliver(settings, target(relay));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        }
    }

    @Test
    void auth_withAWrongPassword_failsWithoutRevealingIt() {
        try (ScriptedSmtpServer relay = ScriptedSmtpServer.newBuilder().credentials("user", "s3cret").start()) {
            SmtpSettings settings = settings().credentials("user", "wrong-password").allowAuthWithoutTls(true).build();

            List<RecipientOutcome> outcomes = deliver(settings, target(relay));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("refused authentication", "535").doesNotContain("wrong-password");
            });
            assertThat(relay.messages()).isEmpty();
        }
    }
}
