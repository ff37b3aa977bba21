package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainNotVerifiedException;
import io.directmail.account.DomainSettings;
import io.directmail.account.SenderTypeMismatchException;
import io.directmail.account.SendingDomain;
import io.directmail.account.UnknownSenderAddressException;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.Batches;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.dns.DnsSettings;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.Template;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.DkimVerifyTool;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mail of a managed account passes its sender checks, is signed with its domain's keys and charged to its quota. */
class ManagedAccountTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final EmailAddress NEWS = EmailAddress.of("news@acme.example");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final InMemoryTransport transport = new InMemoryTransport();
    private LoopbackDnsServer dns;
    private DirectMail directMail;
    private Account acme;

    @BeforeEach
    void start() throws Exception {
        dns = new LoopbackDnsServer();
        dns.start();
        directMail = DirectMail.newBuilder().transport(transport).clock(clock)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example"))
                .build();
        acme = directMail.accounts().create("acme",
                AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(3)));
        SendingDomain domain = acme.addDomain("acme.example");
        for (DnsRecord record : acme.dnsRecords(domain.name())) {
            switch (record.type()) {
                case TXT -> dns.txt(record.host(), record.value());
                case CNAME -> dns.cname(record.host(), record.value());
            }
        }
        assertThat(acme.verifyDomain("acme.example").verified()).isTrue();
        acme.addSenderAddress(NEWS, MailType.TRIGGER, null);
    }

    @AfterEach
    void stop() {
        directMail.close();
        dns.close();
    }

    private static Mail.Builder mail(String from) {
        return Mail.newBuilder().account("acme").from(from).addTo("alice@example.org").subject("Your receipt").text("Thanks");
    }

    @Test
    void mailFromASenderAddress_isSignedWithItsDomainsKey_andChargedOnce() throws Exception {
        Receipt receipt = directMail.send(mail("news@acme.example").build());

        OutboundMessage sent = transport.awaitMessages(1, WAIT).getFirst();
        String content = new String(sent.toByteArray(), StandardCharsets.UTF_8);
        assertThat(content).contains("DKIM-Signature:").contains("d=acme.example");
        DkimVerifyTool.assertPasses(sent.toByteArray(), acme.domains().getFirst().dkimKeys().toArray(new io.directmail.dkim.DkimKey[0]));
        assertThat(acme.quota().usage(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()).freeMessages()).isEqualTo(1);
        assertThat(receipt.messageId()).endsWith("@acme.example");
    }

    @Test
    void mailFromAnotherAddressOrOfTheOtherType_isRefused_andNeitherQueuedNorCharged() {
        assertThatThrownBy(() -> directMail.send(mail("sales@acme.example").build()))
                .isInstanceOf(UnknownSenderAddressException.class).hasMessageContaining("sales@acme.example");
        assertThatThrownBy(() -> directMail.send(mail("news@acme.example").type(MailType.BATCH).build()))
                .isInstanceOf(SenderTypeMismatchException.class);

        assertThat(transport.messages()).isEmpty();
        assertThat(acme.quota().usage(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()).freeMessages()).isZero();
    }

    @Test
    void theDailyCap_refusesTheMailBeyondIt_withNothingQueued() throws Exception {
        for (int i = 0; i < 3; i++) {
            directMail.send(mail("news@acme.example").build());
        }
        assertThatThrownBy(() -> directMail.send(mail("news@acme.example").build()))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> assertThat(e.limit()).isEqualTo("dailyCap"));

        transport.awaitMessages(3, WAIT);
        assertThat(transport.messages()).hasSize(3);
        clock.advance(Duration.ofDays(1));
        directMail.send(mail("news@acme.example").build());
        assertThat(transport.awaitMessages(4, WAIT)).hasSize(4);
    }

    @Test
    void anUnverifiedDomain_cannotHaveSenderAddresses_andUnmanagedAccountsSendUnchecked() throws Exception {
        acme.addDomain("other.example");
        assertThatThrownBy(() -> acme.addSenderAddress(EmailAddress.of("hi@other.example"), MailType.TRIGGER, null))
                .isInstanceOf(DomainNotVerifiedException.class);

        directMail.send(Mail.newBuilder().account("someone-else").from("hi@other.example").addTo("bob@example.org")
                .subject("s").text("t").build());
        assertThat(transport.awaitMessages(1, WAIT)).hasSize(1);
    }

    @Test
    void aBatchOfAManagedAccount_fitsItsCapExactly_andEachRowIsChargedOnce() throws Exception {
        EmailAddress newsletter = EmailAddress.of("newsletter@acme.example");
        acme.addSenderAddress(newsletter, MailType.BATCH, null);
        Template template = new Template("monthly", "News for {{name}}", null, "Hello {{name}}");
        RecipientList readers = new RecipientList("readers", List.of(
                new Recipient(EmailAddress.of("a@example.org"), Map.of("name", "A")),
                new Recipient(EmailAddress.of("b@example.org"), Map.of("name", "B")),
                new Recipient(EmailAddress.of("c@example.org"), Map.of("name", "C"))));
        try (Batches batches = Batches.newBuilder(directMail)
                .senderCheck((account, from, type) -> directMail.accounts().find(account).orElseThrow().checkSendable(from, type))
                .quota(account -> directMail.accounts().find(account).orElseThrow().quota())
                .unsubscribe(UnsubscribeSettings.of("https://acme.example/unsubscribe", new byte[32]))
                .clock(clock).build()) {
            batches.start("acme", BatchRequest.of(newsletter, template, readers));
            assertThat(transport.awaitMessages(3, WAIT)).as("the cap of 3 holds the batch's 3 rows").hasSize(3);
        }

        assertThat(acme.quota().usage(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()).freeMessages())
                .as("charged once per row").isEqualTo(3);
        assertThatThrownBy(() -> directMail.send(mail("news@acme.example").build())).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void smtpPasswords_areKeptHashed_andVerified() {
        acme.setSmtpPassword(NEWS, "correct horse battery".toCharArray());

        assertThat(acme.verifySmtpPassword(NEWS, "correct horse battery".toCharArray())).isTrue();
        assertThat(acme.verifySmtpPassword(NEWS, "wrong horse battery".toCharArray())).isFalse();
        assertThat(acme.verifySmtpPassword(EmailAddress.of("nobody@acme.example"), "correct horse battery".toCharArray())).isFalse();
        assertThat(acme.senderAddresses().getFirst().smtpPasswordHash()).startsWith("pbkdf2-sha256$")
                .doesNotContain("correct horse");
    }

    @Test
    void accounts_areCreatedOnce_andFoundById() {
        assertThat(directMail.accounts().find("acme")).contains(acme);
        assertThat(directMail.accounts().find("nobody")).isEmpty();
        assertThatThrownBy(() -> directMail.accounts().create("acme")).isInstanceOf(DuplicateNameException.class);
        assertThatThrownBy(() -> directMail.accounts().create("not valid")).isInstanceOf(IllegalArgumentException.class);
        assertThat(directMail.accounts().list()).extracting(Account::id).containsExactly("acme");
    }
}
