package io.directmail.examples;

import io.directmail.Attachment;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.LimitExceededException;
import io.directmail.Mail;
import io.directmail.RateLimit;
import io.directmail.MailType;
import io.directmail.Receipt;
import io.directmail.RetryPolicy;
import io.directmail.Suppression;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The snippets the user guide quotes, each a method that compiles against the real API. They are
 * not run by the quick-start; DocumentationSnippetsTest checks that the guide quotes them as they are.
 */
public final class SendingExamples {

    private SendingExamples() {
    }

    /** Generates DKIM keys once and stores them; prints the DNS records to publish. */
    static DkimKey generateKeys(Path directory) throws Exception {
        // tag::dkim-generate[]
        DkimKey ed25519 = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "ed1");
        DkimKey rsa = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "rsa1");
        Files.writeString(directory.resolve("ed1.pem"), ed25519.privateKeyPem());
        Files.writeString(directory.resolve("rsa1.pem"), rsa.privateKeyPem());
        System.out.println(ed25519.dnsName() + " TXT \"" + ed25519.dnsTxtValue() + "\"");
        System.out.println(rsa.dnsName() + " TXT \"" + rsa.dnsTxtValue() + "\"");
        // end::dkim-generate[]
        return ed25519;
    }

    /** Builds an instance that signs every message twice, with RSA and Ed25519. */
    static DirectMail dualSigned(Path directory) {
        // tag::dkim-load[]
        DirectMail directMail = DirectMail.newBuilder()
                .dkimKey(DkimKey.fromPem("example.com", "ed1", directory.resolve("ed1.pem")))
                .dkimKey(DkimKey.fromPem("example.com", "rsa1", directory.resolve("rsa1.pem")))
                .build();
        // end::dkim-load[]
        return directMail;
    }

    /** Sends through a smarthost instead of straight to the recipients' exchangers. */
    static DirectMail relay() {
        // tag::relay[]
        DirectMail directMail = DirectMail.newBuilder()
                .transport("smtp://apikey:secret@smtp.example.net:587")   // STARTTLS required
                .smtp(SmtpSettings.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .build())
                .build();
        // end::relay[]
        return directMail;
    }

    /** Writes every message to a folder instead of sending it: handy in development. */
    static DirectMail toFiles(Path outbox) {
        // tag::file[]
        DirectMail directMail = DirectMail.newBuilder()
                .transport(outbox.toUri())          // file:/.../outbox: one .eml per message
                .build();
        // end::file[]
        return directMail;
    }

    /** A message with every kind of part. */
    static Mail richMail(byte[] invoicePdf, byte[] logoPng) {
        // tag::rich-mail[]
        Mail mail = Mail.newBuilder()
                .from("billing@example.com", "Example Billing")
                .addReplyTo("support@example.com")
                .addTo("alice@example.org")
                .addCc("accounts@example.org")
                .addBcc("archive@example.com")
                .subject("Invoice 2026-117 — €42.00")
                .text("Your invoice is attached.")
                .html("<img src=\"cid:logo@example.com\"><p>Your invoice is attached.</p>")
                .addInlineImage(Attachment.inline("logo@example.com", "logo.png", "image/png", logoPng))
                .addAttachment(Attachment.of("invoice-2026-117.pdf", "application/pdf", invoicePdf))
                .addHeader("X-Invoice-Number", "2026-117")
                .tag("invoice")
                .idempotencyKey("invoice-2026-117")     // a retried call never sends twice
                .build();
        // end::rich-mail[]
        return mail;
    }

    /** Sends without blocking, and handles a refused message. */
    static void sendAsync(DirectMail directMail, Mail mail) {
        // tag::send-async[]
        CompletableFuture<Receipt> future = directMail.sendAsync(mail);
        future.whenComplete((receipt, failure) -> {
            if (failure instanceof LimitExceededException tooMany) {
                System.err.println("refused: " + tooMany.limit() + " is " + tooMany.allowed());
            } else if (failure != null) {
                System.err.println("refused: " + failure.getMessage());
            } else {
                System.out.println("queued " + receipt.messageId());
            }
        });
        // end::send-async[]
    }

    /** Refused input: the exception says what is wrong, and nothing is queued. */
    static String refusedSubject() {
        // tag::bad-input[]
        try {
            Mail.newBuilder()
                    .from("news@example.com")
                    .addTo("bob@example.org")
                    .subject("Hello\r\nBcc: victim@example.net")   // header injection attempt
                    .text("hi")
                    .build();
        } catch (InvalidMailException e) {
            return e.getMessage();   // says which field holds a line break
        }
        // end::bad-input[]
        throw new AssertionError("the subject was accepted");
    }

    /** Listens for outcomes. */
    static DirectMail withListener() {
        // tag::listener[]
        DirectMail directMail = DirectMail.newBuilder()
                .listener(event -> {
                    if (event.type() == DeliveryStatus.BOUNCED) {
                        System.err.println(event.recipient() + " bounced: " + event.detail());
                    }
                })
                .build();
        // end::listener[]
        return directMail;
    }

    /** Requires verified TLS on every hop to exchangers, not just opportunistic encryption. */
    static SmtpSettings strictTls() {
        // tag::tls[]
        SmtpSettings settings = SmtpSettings.newBuilder()
                .tlsPolicy(TlsPolicy.REQUIRED)
                .build();
        // end::tls[]
        return settings;
    }

    /** Schedules a reminder and sends a newsletter in the batch lane. */
    static void scheduledAndBatch(DirectMail directMail, Instant meetingStart) {
        // tag::schedule[]
        directMail.send(Mail.newBuilder()
                .from("calendar@example.com")
                .addTo("alice@example.org")
                .subject("Your meeting starts in 15 minutes")
                .text("See you there.")
                .sendAt(meetingStart.minus(Duration.ofMinutes(15)))   // stored now, delivered then
                .build());
        // end::schedule[]
        // tag::batch-lane[]
        directMail.send(Mail.newBuilder()
                .from("news@example.com")
                .addTo("reader@example.org")
                .subject("November news")
                .text("What happened this month")
                .type(MailType.BATCH)         // yields to trigger mail such as password resets
                .build());
        // end::batch-lane[]
        // tag::accounts[]
        directMail.send(Mail.newBuilder()
                .account("customer-42")       // shares delivery fairly with other customers' mail
                .from("news@shop42.example")
                .addTo("reader@example.org")
                .subject("Our spring collection")
                .text("Fresh arrivals")
                .type(MailType.BATCH)
                .build());
        // end::accounts[]
    }

    /** Limits how fast accounts' mail goes out. */
    static DirectMail accountRates() {
        // tag::account-rates[]
        return DirectMail.newBuilder()
                .accountRateLimit(RateLimit.perSecond(50))                     // every account
                .accountRateLimit("customer-42", new RateLimit(5, 20))         // 5/s, bursts of 20
                .build();
        // end::account-rates[]
    }

    /** Retries, expiry and the suppression list. */
    static DirectMail retriesAndSuppression() {
        // tag::retry[]
        DirectMail directMail = DirectMail.newBuilder()
                .retryPolicy(new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofMinutes(30), Duration.ofDays(2)))
                .build();
        // end::retry[]
        // tag::suppression[]
        for (Suppression entry : directMail.suppressions()) {
            System.out.println(entry.address() + " " + entry.reason() + " since " + entry.since() + ": " + entry.detail());
        }
        directMail.unsuppress(EmailAddress.of("bob@example.org"));   // Bob fixed his mailbox
        // end::suppression[]
        return directMail;
    }

    /** Sets how hard each destination is pushed, with more room for one large provider. */
    static DirectMail destinationLimits() {
        // tag::destination-limits[]
        DirectMail directMail = DirectMail.newBuilder()
                .destinationLimits(DestinationLimits.defaults()
                        .withMaxConnectionsPerDomain(10)
                        .withMaxMessagesPerSecond(20))
                .destinationLimits("gmail.com", DestinationLimits.defaults()   // this domain only
                        .withMaxMessagesPerSecond(100)
                        .withBurst(100))
                .build();
        // end::destination-limits[]
        return directMail;
    }

    /** Reports the destinations that pushed back, as a monitoring job or a metrics binder would poll them. */
    static void slowedDownDestinations(DirectMail directMail) {
        // tag::destinations[]
        for (DestinationStatus destination : directMail.destinations()) {
            if (destination.isSlowedDown()) {
                DestinationStatus.Rate rate = destination.rate();
                System.out.printf("%s: %.1f of %.1f messages/s, %d throttling replies, the last at %s%n",
                        destination.name(), rate.currentPerSecond(), rate.maxPerSecond(),
                        destination.throttlingEvents(), destination.lastThrottledAt());
            }
        }
        // end::destinations[]
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
