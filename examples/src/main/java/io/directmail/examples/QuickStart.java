package io.directmail.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.MessageStatus;
import io.directmail.Receipt;
import io.directmail.RecipientStatus;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.transport.SmtpSettings;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends one DKIM-signed message through the whole engine to a mailbox on this machine, with no
 * network and no arguments: a loopback DNS server says that mail for {@code example.net} goes to
 * a local SMTP server, and DirectMail looks that up, connects, and delivers — the same path it
 * takes to a real mail exchanger. Accepted mail is kept in the embedded store in a temporary
 * directory. Prints the delivery report and the message as received.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if the example cannot run
     */
    public static void main(String[] args) throws Exception {
        GreenMail mailbox = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailbox.start();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.start();
            // The recipient domain's MX record, and the sender's DKIM public key, as DNS would publish them.
            dns.mx("example.net", 10, "mx.example.net").a("mx.example.net", "127.0.0.1");
            DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "quickstart");
            dns.txt(key.dnsName(), key.dnsTxtValue());
            System.out.println("Publish this DKIM record: " + key.dnsName() + " TXT \"" + key.dnsTxtValue() + "\"");

            CountDownLatch finished = new CountDownLatch(1);
            Path dataDirectory = Files.createTempDirectory("directmail-quickstart");
            // tag::build[]
            DirectMail directMail = DirectMail.newBuilder()
                    .dataDirectory(dataDirectory)        // accepted mail survives a crash or restart
                    .dkimKey(key)
                    .dns(DnsSettings.newBuilder().nameserver(dns.address()).build())
                    .smtp(SmtpSettings.newBuilder().port(mailbox.getSmtp().getPort()).build())
                    .listener(event -> {
                        System.out.println("event: " + event.type() + " " + event.recipient() + " " + event.detail());
                        if (event.type().isTerminal()) {
                            finished.countDown();
                        }
                    })
                    .build();
            // end::build[]
            try (directMail) {
                // tag::send[]
                Receipt receipt = directMail.send(Mail.newBuilder()
                        .from("hello@example.com", "Example Shop")
                        .addTo("alice@example.net")
                        .subject("Welcome, Alice — your account is ready")
                        .text("Hello Alice,\n\nyour account is ready.\n")
                        .html("<p>Hello Alice,</p><p>your account is <b>ready</b>.</p>")
                        .tag("welcome")
                        .build());
                System.out.println("accepted: " + receipt.messageId());
                // end::send[]
                if (!finished.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the message was not delivered within 30 seconds");
                }
                printReport(directMail.status(receipt.messageId()).orElseThrow());
            }
            printReceived(mailbox);
        } finally {
            mailbox.stop();
        }
    }

    private static void printReport(MessageStatus status) {
        System.out.println();
        System.out.println("Delivery report for " + status.messageId());
        for (RecipientStatus recipient : status.recipients()) {
            System.out.printf("  %-24s %-9s attempts=%d host=%s reply=%s%n", recipient.recipient(), recipient.status(),
                    recipient.attempts(), recipient.remoteHost(), recipient.lastReply());
            if (recipient.status() != DeliveryStatus.DELIVERED) {
                throw new IllegalStateException("not delivered: " + recipient);
            }
        }
    }

    private static void printReceived(GreenMail mailbox) throws Exception {
        if (!mailbox.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), 1)) {
            throw new IllegalStateException("the mailbox has no message");
        }
        MimeMessage received = mailbox.getReceivedMessages()[0];
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        received.writeTo(raw);
        System.out.println();
        System.out.println("The message as the mailbox received it:");
        System.out.println(raw.toString(StandardCharsets.UTF_8));
    }
}
