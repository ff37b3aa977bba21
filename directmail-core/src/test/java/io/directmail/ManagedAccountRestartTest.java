package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.dns.DnsSettings;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.Template;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managed accounts and everything they hold survive a restart on the same data directory. */
class ManagedAccountRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final EmailAddress NEWS = EmailAddress.of("news@acme.example");

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final InMemoryTransport transport = new InMemoryTransport();

    private DirectMail start(LoopbackDnsServer dns) {
        return DirectMail.newBuilder().transport(transport).clock(clock).dataDirectory(dir)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example"))
                .build();
    }

    private static Mail mail() {
        return Mail.newBuilder().account("acme").from(NEWS).addTo("alice@example.org").subject("Receipt").text("Thanks").build();
    }

    @Test
    void accountsDomainsSendersPasswordsTemplatesListsAndQuota_surviveARestart() throws Exception {
        Template template = new Template("welcome", "Welcome, {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}");
        RecipientList list = new RecipientList("customers",
                List.of(new Recipient(EmailAddress.of("alice@example.org"), Map.of("name", "Alice"))));
        String dkimRecord;
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.start();
            try (DirectMail directMail = start(dns)) {
                Account acme = directMail.accounts().create("acme",
                        AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(3)));
                acme.addDomain("acme.example");
                for (DnsRecord record : acme.dnsRecords("acme.example")) {
                    switch (record.type()) {
                        case TXT -> dns.txt(record.host(), record.value());
                        case CNAME -> dns.cname(record.host(), record.value());
                    }
                }
                assertThat(acme.verifyDomain("acme.example").verified()).isTrue();
                acme.addSenderAddress(NEWS, MailType.TRIGGER, null);
                acme.setSmtpPassword(NEWS, "correct horse battery".toCharArray());
                acme.addTemplate(template);
                acme.addList(list);
                directMail.send(mail());
                directMail.send(mail());
                transport.awaitMessages(2, WAIT);
                dkimRecord = acme.domains().getFirst().dkimKeys().getFirst().dnsTxtValue();
            }

            try (DirectMail directMail = start(dns)) {
                Account acme = directMail.accounts().find("acme").orElseThrow();
                assertThat(acme.policy().quota().dailyCap()).hasValue(3);
                assertThat(acme.domains()).singleElement().satisfies(d -> {
                    assertThat(d.verified()).isTrue();
                    assertThat(d.dkimKeys().getFirst().dnsTxtValue()).as("the same key").isEqualTo(dkimRecord);
                });
                assertThat(acme.verifySmtpPassword(NEWS, "correct horse battery".toCharArray())).isTrue();
                assertThat(acme.template("welcome")).contains(template);
                assertThat(acme.list("customers")).contains(list);
                assertThat(acme.quota().usage(LocalDate.parse("2026-06-01")).freeMessages()).isEqualTo(2);

                directMail.send(mail());
                assertThatThrownBy(() -> directMail.send(mail())).as("the cap counts the charges before the restart")
                        .isInstanceOf(QuotaExceededException.class);
                assertThatThrownBy(() -> directMail.accounts().create("acme")).isInstanceOf(DuplicateNameException.class);
                acme.deleteTemplate("welcome");
                directMail.accounts().changePolicy("acme", acme.policy().withQuota(QuotaPolicy.defaults().withDailyCap(5)));
            }

            try (DirectMail directMail = start(dns)) {
                Account acme = directMail.accounts().find("acme").orElseThrow();
                assertThat(acme.templates()).as("deleted before the last restart").isEmpty();
                assertThat(acme.lists()).containsExactly(list);
                assertThat(acme.policy().quota().dailyCap()).as("the policy changed before the last restart").hasValue(5);
                assertThat(acme.quota().dailyCapRemaining()).hasValue(2);
            }
        }
    }
}
