package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainInUseException;
import io.directmail.account.DomainNotVerifiedException;
import io.directmail.account.DomainSettings;
import io.directmail.account.SendingDomain;
import io.directmail.account.UnknownAccountException;
import io.directmail.dns.DnsSettings;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.Template;
import io.directmail.template.TemplateLimits;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.SettableClock;
import io.directmail.testsupport.VerifiedDomains;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What happens to a managed account's mail after admission: retries, and a domain that loses its records. */
class ManagedAccountLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LocalDate DAY = LocalDate.parse("2026-06-01");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final RecordingListener listener = new RecordingListener();
    private final AtomicInteger attempts = new AtomicInteger();
    private LoopbackDnsServer dns;
    private DirectMail directMail;
    private Account acme;
    private List<DnsRecord> published;

    /** Defers every recipient on the first attempt, then accepts. */
    private final Transport greylisting = message -> {
        boolean first = attempts.incrementAndGet() == 1;
        return message.recipients().stream()
                .map(r -> RecipientOutcome.fromReply(r, first ? SmtpReply.parse(451, "4.7.1 greylisted, try again later")
                        : SmtpReply.parse(250, "2.0.0 ok"), "mx.example.org"))
                .toList();
    };

    @BeforeEach
    void start() throws Exception {
        dns = new LoopbackDnsServer();
        dns.start();
        directMail = DirectMail.newBuilder().transport(greylisting).clock(clock).listener(listener)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example"))
                .schedulerTick(Duration.ofMillis(5))
                .build();
        acme = directMail.accounts().create("acme", AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(5)));
        published = VerifiedDomains.add(acme, "acme.example", dns);
        acme.addSenderAddress(EmailAddress.of("news@acme.example"), MailType.TRIGGER, null);
    }

    @AfterEach
    void stop() {
        directMail.close();
        dns.close();
    }

    private static Mail receipt() {
        return Mail.newBuilder().account("acme").from("news@acme.example").addTo("alice@example.org").subject("Your receipt")
                .text("Thanks").build();
    }

    @Test
    void aChangedPolicy_raisesTheCapAtOnce_andALoweredLimitKeepsWhatExists() {
        for (int i = 0; i < 5; i++) {
            directMail.send(receipt());
        }
        assertThatThrownBy(() -> directMail.send(receipt())).isInstanceOf(QuotaExceededException.class);
        acme.addTemplate(new Template("one", "One", null, "1"));
        acme.addTemplate(new Template("two", "Two", null, "2"));

        Account changed = directMail.accounts().changePolicy("acme", acme.policy()
                .withQuota(QuotaPolicy.defaults().withDailyCap(8))
                .withTemplates(new TemplateLimits(1)));

        assertThat(changed).isSameAs(acme);
        assertThat(acme.policy().quota().dailyCap()).hasValue(8);
        directMail.send(receipt());
        assertThat(acme.quota().dailyCapRemaining()).hasValue(2);
        assertThat(acme.templates()).as("kept though over the new limit").hasSize(2);
        assertThatThrownBy(() -> acme.addTemplate(new Template("three", "Three", null, "3")))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> directMail.accounts().changePolicy("nobody", AccountPolicy.defaults()))
                .isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> directMail.accounts().changePolicy("acme", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> directMail.accounts().changePolicy("acme", acme.policy().withQuota(acme.policy().quota()
                .withPricePerThousand(new java.math.BigDecimal("0.30"), java.util.Currency.getInstance("USD")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> directMail.accounts().changePolicy("acme", acme.policy().withQuota(acme.policy().quota()
                .withZone(java.time.ZoneId.of("Asia/Shanghai"))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zone");
        assertThat(acme.policy().quota().dailyCap()).as("a refused change changes nothing").hasValue(8);
    }

    @Test
    void anInstanceForManagedAccountsOnly_refusesMailOfAnyOtherAccount_andQueuesNothing() {
        try (DirectMail strict = DirectMail.newBuilder().transport(greylisting).clock(clock).managedAccountsOnly()
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example")).build()) {
            Mail unmanaged = Mail.newBuilder().account("nobody").from("news@nobody.example").addTo("alice@example.org")
                    .subject("Hi").text("Hi").build();
            Mail noAccount = Mail.newBuilder().from("news@nobody.example").addTo("alice@example.org").subject("Hi").text("Hi")
                    .build();

            assertThatThrownBy(() -> strict.send(unmanaged)).isInstanceOfSatisfying(UnknownAccountException.class,
                    e -> assertThat(e.account()).isEqualTo("nobody"));
            assertThatThrownBy(() -> strict.send(noAccount)).isInstanceOf(UnknownAccountException.class)
                    .hasMessageContaining("default");
            strict.suppress(EmailAddress.of("alice@example.org"), "bounced");
            assertThatThrownBy(() -> strict.send(unmanaged)).as("the account is checked before the recipients")
                    .isInstanceOf(UnknownAccountException.class);
            assertThat(strict.statistics().daily("nobody", strict.statistics().today(), strict.statistics().today()))
                    .singleElement().satisfies(day -> assertThat(day.requests()).isZero());
        }
        assertThat(attempts).as("nothing was handed to delivery").hasValue(0);
    }

    @Test
    void anIdempotencyKey_belongsToItsAccount() {
        Mail acmeOrder = receipt().toBuilder().idempotencyKey("order-1").build();
        Mail otherOrder = Mail.newBuilder().account("other-shop").from("news@other.example").addTo("bob@example.org")
                .subject("Your receipt").text("Thanks").idempotencyKey("order-1").build();

        Receipt acme = directMail.send(acmeOrder);
        Receipt other = directMail.send(otherOrder);

        assertThat(other.messageId()).as("another account's key is another key").isNotEqualTo(acme.messageId());
        assertThat(other.recipients()).extracting(EmailAddress::address).containsExactly("bob@example.org");
        assertThat(directMail.send(acmeOrder)).isEqualTo(acme);
        assertThat(directMail.send(otherOrder)).isEqualTo(other);
    }

    @Test
    void aDomainWithSenderAddresses_cannotBeRemoved_untilTheyAre() {
        assertThatThrownBy(() -> acme.removeDomain("acme.example")).isInstanceOf(DomainInUseException.class)
                .hasMessageContaining("acme.example");
        assertThat(acme.domains()).extracting(SendingDomain::name).containsExactly("acme.example");
        assertThat(directMail.send(receipt()).messageId()).as("it still sends").isNotBlank();

        acme.removeSenderAddress(EmailAddress.of("news@acme.example"));
        acme.removeDomain("acme.example");

        assertThat(acme.domains()).isEmpty();
        assertThatThrownBy(() -> directMail.send(receipt())).isInstanceOf(InvalidMailException.class);
    }

    @Test
    void aMessageDeliveredOnItsSecondAttempt_isChargedOnce() throws Exception {
        Receipt receipt = directMail.send(receipt());
        assertThat(listener.awaitOutcomes(1, WAIT)).extracting(DeliveryEvent::type).containsExactly(DeliveryStatus.DEFERRED);

        clock.advance(Duration.ofMinutes(5));
        assertThat(listener.awaitOutcomes(2, WAIT).get(1).type()).isEqualTo(DeliveryStatus.DELIVERED);

        assertThat(attempts).hasValue(2);
        assertThat(directMail.status(receipt.messageId()).orElseThrow().recipient(EmailAddress.of("alice@example.org")).attempts())
                .isEqualTo(2);
        assertThat(acme.quota().usage(DAY).totalMessages()).isEqualTo(1);
        assertThat(acme.quota().dailyCapRemaining()).hasValue(4);
    }

    @Test
    void aDomainWhoseRecordsWereTakenDown_failsItsNextCheck_andItsMailIsRefusedWithNothingCharged() {
        for (DnsRecord record : published) {
            if (record.type() == DnsRecord.Type.TXT && record.host().contains("_domainkey")) {
                dns.remove(record.host());
            }
        }
        clock.advance(Duration.ofMinutes(10)); // past the cached answers' TTL

        assertThat(acme.verifyDomain("acme.example").verified()).isFalse();

        assertThatThrownBy(() -> directMail.send(receipt())).isInstanceOf(DomainNotVerifiedException.class)
                .hasMessageContaining("acme.example");
        assertThat(acme.quota().usage(DAY).totalMessages()).isZero();
        assertThat(attempts).hasValue(0);
    }
}
