package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DomainSettings;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.Batches;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.dns.DnsSettings;
import io.directmail.list.ListLimits;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.Template;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.SettableClock;
import io.directmail.testsupport.VerifiedDomains;
import io.directmail.transport.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batches of DirectMail send a managed account's stored lists only, and other accounts' lists within the limit. */
class ManagedBatchListTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final EmailAddress NEWSLETTER = EmailAddress.of("newsletter@acme.example");
    private static final Template TEMPLATE = new Template("monthly", "News for {{name}}", null, "Hello {{name}}");
    private static final UnsubscribeSettings UNSUBSCRIBE = UnsubscribeSettings.of("https://acme.example/unsubscribe", new byte[32]);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final InMemoryTransport transport = new InMemoryTransport();
    private LoopbackDnsServer dns;
    private DirectMail directMail;
    private Account acme;
    private Batches batches;

    @BeforeEach
    void start() throws Exception {
        dns = new LoopbackDnsServer();
        dns.start();
        directMail = DirectMail.newBuilder().transport(transport).clock(clock)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example"))
                .build();
        acme = directMail.accounts().create("acme", AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(100)));
        VerifiedDomains.add(acme, "acme.example", dns);
        acme.addSenderAddress(NEWSLETTER, MailType.BATCH, null);
        batches = directMail.batches(UNSUBSCRIBE);
    }

    @AfterEach
    void stop() {
        batches.close();
        directMail.close();
        dns.close();
    }

    private static RecipientList readers(int rows) {
        List<Recipient> recipients = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            recipients.add(new Recipient(EmailAddress.of("reader" + i + "@example.org"), Map.of("name", "R" + i)));
        }
        return new RecipientList("readers", recipients);
    }

    @Test
    void aStoredListIsSent() throws Exception {
        acme.addList(readers(3));

        batches.start("acme", BatchRequest.of(NEWSLETTER, TEMPLATE, readers(3)));

        assertThat(transport.awaitMessages(3, WAIT)).hasSize(3);
    }

    @Test
    void aListTheAccountHasNotStored_isRefused_andNothingIsReserved() {
        assertThatThrownBy(() -> batches.start("acme", BatchRequest.of(NEWSLETTER, TEMPLATE, readers(3))))
                .isInstanceOf(NameNotFoundException.class).hasMessageContaining("readers");

        assertThat(acme.quota().dailyCapRemaining()).hasValue(100);
        assertThat(batches.snapshot()).isEmpty();
    }

    @Test
    void aListWhoseRowsDifferFromTheStoredOne_isRefused() {
        acme.addList(readers(3));

        assertThatThrownBy(() -> batches.start("acme", BatchRequest.of(NEWSLETTER, TEMPLATE, readers(4))))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("differ");

        assertThat(acme.quota().dailyCapRemaining()).hasValue(100);
    }

    @Test
    void anotherAccountsList_mayHoldTenThousandRows_notOneMore() {
        RecipientList tooLong = readers(ListLimits.DEFAULT.maxAddressesPerList() + 1);

        assertThatThrownBy(() -> batches.start("shop", BatchRequest.of(EmailAddress.of("news@shop.example"), TEMPLATE, tooLong)))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.getMessage()).contains(ListLimits.MAX_ADDRESSES_PER_LIST).contains("10000").contains("10001");
                });
        assertThat(batches.snapshot()).isEmpty();
    }

    @Test
    void inlineRows_areLimitedByTheAccountsPolicy() throws Exception {
        Account small = directMail.accounts().create("small",
                AccountPolicy.defaults().withLists(ListLimits.DEFAULT.withMaxInlineRows(3)));
        VerifiedDomains.add(small, "small.example", dns);
        EmailAddress from = EmailAddress.of("news@small.example");
        small.addSenderAddress(from, MailType.BATCH, null);

        assertThatThrownBy(() -> batches.start("small", BatchRequest.inline(from, TEMPLATE, readers(4).recipients())))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(ListLimits.MAX_INLINE_ROWS);
                    assertThat(e.allowed()).isEqualTo(3);
                    assertThat(e.requested()).isEqualTo(4);
                });
        batches.start("small", BatchRequest.inline(from, TEMPLATE, readers(3).recipients()));
        assertThat(transport.awaitMessages(3, WAIT)).hasSize(3);
    }

    @Test
    void anotherAccountsInlineRows_areAHundredAtMost() {
        EmailAddress from = EmailAddress.of("news@shop.example");

        assertThatThrownBy(() -> batches.start("shop", BatchRequest.inline(from, TEMPLATE, readers(101).recipients())))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("maxInlineRows");
                    assertThat(e.allowed()).isEqualTo(100);
                    assertThat(e.requested()).isEqualTo(101);
                });
        batches.start("shop", BatchRequest.inline(from, TEMPLATE, readers(100).recipients()));
    }

    @Test
    void batchesCanBeTakenOncePerInstance() {
        assertThatThrownBy(() -> directMail.batches(UNSUBSCRIBE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("share the Batches");
    }
}
