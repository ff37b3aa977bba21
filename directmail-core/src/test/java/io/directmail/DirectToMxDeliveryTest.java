package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.testsupport.DkimVerifyTool;
import io.directmail.transport.SmtpSettings;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path against real parts: {@code send} → MX lookup on a loopback DNS server → SMTP to a
 * loopback exchanger, with every DKIM signature checked by an independent verifier.
 */
class DirectToMxDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DkimKey RSA = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "rsa1");
    private static final DkimKey ED25519 = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "ed1");

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final RecordingListener listener = new RecordingListener();
    private ScriptedSmtpServer mx;

    @BeforeEach
    void startServers() throws Exception {
        dns.start();
        mx = ScriptedSmtpServer.newBuilder().start();
        dns.mx("example.org", 10, "mx.example.org").a("mx.example.org", mx.address().getHostAddress());
    }

    @AfterEach
    void stopServers() {
        mx.close();
        dns.close();
    }

    private DirectMail.Builder directMail(int port) {
        return DirectMail.newBuilder()
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(2)).build())
                .smtp(SmtpSettings.newBuilder().port(port).allReplyTimeouts(Duration.ofSeconds(5)).build())
                .listener(listener);
    }

    private static Mail.Builder mail() {
        return Mail.newBuilder().from("news@example.com", "Example News").addTo("alice@example.org")
                .subject("Grüße aus Köln — a non-ASCII subject long enough to be folded by the composer, surely")
                .text("Hello Alice,\n" + "a long line ".repeat(200) + "\n.\n..leading dots survive\n")
                .html("<p>Hello <b>Alice</b></p>");
    }

    @Test
    void rsaSignedMailArrivesAndPassesTheIndependentVerifier() throws Exception {
        try (DirectMail directMail = directMail(mx.port()).dkimKey(RSA).build()) {
            directMail.send(mail().addAttachment(Attachment.of("report.csv", "text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))).build());
            assertThat(listener.awaitOutcomes(1, WAIT)).extracting(DeliveryEvent::type).containsExactly(DeliveryStatus.DELIVERED);
        }
        ReceivedMessage received = mx.awaitMessages(1, WAIT).getFirst();
        assertThat(received.recipients()).containsExactly("alice@example.org");
        assertThat(received.envelopeFrom()).isEqualTo("news@example.com");
        assertThat(mx.violations()).isEmpty();
        DkimVerifyTool.assertPasses(received.data(), RSA);
    }

    @Test
    void ed25519AndDualSignedMailPassTheIndependentVerifier() throws Exception {
        try (DirectMail directMail = directMail(mx.port()).dkimKey(ED25519).dkimKey(RSA).build()) {
            directMail.send(mail().build());
            listener.awaitOutcomes(1, WAIT);
        }
        byte[] data = mx.awaitMessages(1, WAIT).getFirst().data();
        DkimVerifyTool.VerifyResult result = DkimVerifyTool.assertPasses(data, ED25519, RSA);
        assertThat(result.output()).contains("a=ed25519-sha256").contains("a=rsa-sha256");
    }

    @Test
    void recipientsOfOneDomainShareOneTransaction_andEachGetsItsOwnOutcome() throws Exception {
        mx.on(SmtpStage.RCPT).whenArgumentContains("nobody@").reply("550 5.1.1 No such user");
        try (DirectMail directMail = directMail(mx.port()).build()) {
            Receipt receipt = directMail.send(mail().addTo("bob@example.org").addTo("nobody@example.org").build());
            listener.awaitOutcomes(3, WAIT);
            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.recipient(EmailAddress.of("alice@example.org")).status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(status.recipient(EmailAddress.of("bob@example.org")).status()).isEqualTo(DeliveryStatus.DELIVERED);
            RecipientStatus nobody = status.recipient(EmailAddress.of("nobody@example.org"));
            assertThat(nobody.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(nobody.lastReply().code()).isEqualTo(550);
            assertThat(nobody.lastReply().enhancedStatus()).isEqualTo("5.1.1");
        }
        List<ReceivedMessage> messages = mx.awaitMessages(1, WAIT);
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().recipients()).containsExactly("alice@example.org", "bob@example.org");
    }

    @Test
    void aTemporaryReplyAfterDataDefersTheMessage() throws Exception {
        mx.on(SmtpStage.DATA_END).reply("451 4.3.0 Please try again later");
        try (DirectMail directMail = directMail(mx.port()).build()) {
            directMail.send(mail().build());
            DeliveryEvent event = listener.awaitOutcomes(1, WAIT).getFirst();
            assertThat(event.type()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(event.reply().code()).isEqualTo(451);
        }
    }

    @Test
    void aDomainThatDoesNotExistBounces_andADnsFailureDefers() throws Exception {
        dns.servfail("broken.example");
        try (DirectMail directMail = directMail(mx.port()).build()) {
            Receipt receipt = directMail.send(mail().addTo("x@nowhere.example").addTo("y@broken.example").build());
            listener.awaitOutcomes(3, WAIT);
            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.recipient(EmailAddress.of("x@nowhere.example")).status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(status.recipient(EmailAddress.of("y@broken.example")).status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(status.recipient(EmailAddress.of("alice@example.org")).status()).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void aNullMxBouncesAtOnce() throws Exception {
        dns.nullMx("nomail.example");
        try (DirectMail directMail = directMail(mx.port()).build()) {
            directMail.send(Mail.newBuilder().from("news@example.com").addTo("z@nomail.example").subject("s").text("t").build());
            DeliveryEvent event = listener.awaitOutcomes(1, WAIT).getFirst();
            assertThat(event.type()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(event.detail()).containsIgnoringCase("null MX");
            assertThat(directMail.suppression(EmailAddress.of("z@nomail.example")).orElseThrow().detail()).contains("null MX");
        }
        assertThat(mx.messages()).isEmpty();
    }

    @Test
    void theNextExchangerIsTriedWhenTheFirstGreetsWith421() throws Exception {
        mx.on(SmtpStage.GREETING).reply("421 4.3.2 Too busy, try another exchanger");
        try (ScriptedSmtpServer backup = ScriptedSmtpServer.newBuilder()
                .address(InetAddress.getByName("127.0.0.2")).port(mx.port()).start()) {
            dns.mx("example.org", 20, "backup.example.org").a("backup.example.org", "127.0.0.2");
            try (DirectMail directMail = directMail(mx.port()).build()) {
                directMail.send(mail().build());
                DeliveryEvent event = listener.awaitOutcomes(1, WAIT).getFirst();
                assertThat(event.type()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(event.remoteHost()).contains("backup.example.org");
            }
            assertThat(backup.awaitMessages(1, WAIT)).hasSize(1);
            assertThat(mx.messages()).isEmpty();
            assertThat(mx.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void manyMessagesToOneExchangerReuseConnections() throws Exception {
        try (DirectMail directMail = directMail(mx.port()).deliveryConcurrency(1).build()) {
            for (int i = 0; i < 10; i++) {
                directMail.send(mail().subject("message " + i).build());
            }
            listener.awaitOutcomes(10, WAIT);
        }
        assertThat(mx.awaitMessages(10, WAIT)).hasSize(10);
        assertThat(mx.connectionCount()).isEqualTo(1);
    }

    @Test
    void greenMailAsTheRecipientMailboxReceivesAVerifiableMessage() throws Exception {
        GreenMail mailbox = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailbox.start();
        try {
            try (DirectMail directMail = directMail(mailbox.getSmtp().getPort()).dkimKey(ED25519).build()) {
                directMail.send(mail().build());
                assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
            }
            assertThat(mailbox.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
            MimeMessage received = mailbox.getReceivedMessages()[0];
            assertThat(received.getSubject()).startsWith("Grüße aus Köln");
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            received.writeTo(raw);
            DkimVerifyTool.assertPasses(raw.toByteArray(), ED25519);
        } finally {
            mailbox.stop();
        }
    }
}
