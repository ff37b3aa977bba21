package io.directmail.batch;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.account.DomainSettings;
import io.directmail.account.IdentityPolicy;
import io.directmail.account.SendingIdentities;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.list.Recipient;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.template.Template;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * What the batch tests share: an account with a batch and a trigger sender address, a quota
 * ledger, unsubscribe settings, a template, and builders of {@link DirectMail} and {@link Batches}
 * on one settable clock.
 */
final class BatchFixture {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final String ACCOUNT = "shop-42";
    static final EmailAddress NEWS = EmailAddress.of("news@example.com");
    static final EmailAddress ALERTS = EmailAddress.of("alerts@example.com");
    static final EmailAddress REPLIES = EmailAddress.of("replies@example.com");
    static final byte[] KEY = "0123456789abcdef0123456789abcdef-batch-test".getBytes(StandardCharsets.US_ASCII);
    static final UnsubscribeSettings UNSUBSCRIBE = UnsubscribeSettings.of("https://example.com/unsubscribe", KEY)
            .withMailto(EmailAddress.of("unsubscribe@example.com"));
    static final Template TEMPLATE = new Template("news", "{{month}} news for {{first_name}}",
            "<p>Hello {{first_name}}, your code is <b>{{code}}</b>.</p>", "Hello {{first_name}}, your code is {{code}}.");
    private static final Pattern TOKEN = Pattern.compile("/u/([A-Za-z0-9_-]+)>");

    final SettableClock clock = new SettableClock(START);
    final JournalRecorder journal = new JournalRecorder();
    final SendingIdentities identities;

    BatchFixture() {
        identities = SendingIdentities.newBuilder(DomainSettings.of(List.of("ip4:192.0.2.1"), "bounce.example.net")
                        .withDkimAlgorithms(List.of(DkimAlgorithm.ED25519_SHA256)))
                .policy(IdentityPolicy.DEFAULT.withRequireVerifiedDomain(false))
                .clock(clock)
                .build();
        identities.addDomain(ACCOUNT, "example.com");
        identities.addSenderAddress(ACCOUNT, NEWS, MailType.BATCH, REPLIES);
        identities.addSenderAddress(ACCOUNT, ALERTS, MailType.TRIGGER, null);
    }

    /** Returns a ledger on the fixture's clock with a daily cap. */
    QuotaLedger ledger(long dailyCap) {
        return QuotaLedger.newBuilder().policy(QuotaPolicy.defaults().withDailyCap(dailyCap)).clock(clock).build();
    }

    /** Returns a DirectMail builder that delivers into the transport, on the fixture's clock. */
    DirectMail.Builder directMail(InMemoryTransport transport) {
        return DirectMail.newBuilder().transport(transport).clock(clock).schedulerTick(Duration.ofMillis(20));
    }

    /**
     * Returns an in-memory store on the fixture's clock, so that it keeps what it accepts for its
     * retention (the system clock would find the fixture's messages long past it).
     */
    MailStore store() {
        return MailStore.inMemory(StoreOptions.defaults().withClock(clock));
    }

    /** Returns a Batches builder with the fixture's sender check, unsubscribe settings, clock and journal. */
    Batches.Builder batches(DirectMail directMail) {
        return Batches.newBuilder(directMail).senderCheck(identities::checkSendable).unsubscribe(UNSUBSCRIBE).clock(clock)
                .journal(journal);
    }

    /** Returns rows reader0@example.org, reader1@..., each with its own first name and code. */
    static List<Recipient> rows(int count) {
        return IntStream.range(0, count).mapToObj(BatchFixture::row).toList();
    }

    static Recipient row(int i) {
        return Recipient.of("reader" + i + "@example.org", Map.of("first_name", "Reader" + i, "code", "C-" + i));
    }

    /** Returns an inline request for the rows, with the month shared by all. */
    static BatchRequest request(List<Recipient> rows) {
        return BatchRequest.inline(NEWS, TEMPLATE, rows).withSharedVariables(Map.of("month", "March"));
    }

    /** Parses a message in wire form. */
    static MimeMessage parse(byte[] data) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static MimeMessage parse(OutboundMessage message) {
        return parse(message.toByteArray());
    }

    /** Returns a header's value, unfolded. */
    static String header(MimeMessage message, String name) {
        try {
            String value = message.getHeader(name, null);
            return value == null ? null : MimeUtility.unfold(value);
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Returns the token of the HTTPS link in a message's List-Unsubscribe header. */
    static String unsubscribeToken(MimeMessage message) {
        Matcher matcher = TOKEN.matcher(header(message, "List-Unsubscribe"));
        if (!matcher.find()) {
            throw new AssertionError("no unsubscribe token in " + header(message, "List-Unsubscribe"));
        }
        return matcher.group(1);
    }

    /** Returns the only To address of a delivered message. */
    static String recipient(OutboundMessage message) {
        return message.recipients().getFirst().address();
    }
}
