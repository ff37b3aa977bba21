package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.NEWS;
import static io.directmail.batch.BatchFixture.TEMPLATE;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaLedger;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testsupport.DkimVerifyTool;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.SmtpSettings;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole batch path against real parts: a 10,000-row list rendered row by row, queued in the
 * batch lane, delivered to a loopback mail exchanger found through a loopback DNS server, with
 * every message's Ed25519 DKIM signature — covering both unsubscribe headers — checked by the
 * independent verifier.
 */
@Tag("integration")
class BatchDeliveryTest {

    private static final int ROWS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BatchFixture fixture = new BatchFixture();
    private final LoopbackDnsServer dns = new LoopbackDnsServer();
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

    @Test
    void tenThousandRowsArriveOnceEach_personalised_andSignedOverTheirUnsubscribeHeaders() throws Exception {
        List<DkimKey> domainKeys = fixture.identities.domain(ACCOUNT, "example.com").dkimKeys();
        QuotaLedger ledger = fixture.ledger(20_000);
        BatchRequest request = BatchRequest.of(NEWS, TEMPLATE, new RecipientList("readers", rows(ROWS)))
                .withSharedVariables(Map.of("month", "March"))
                .withTag("march-news");

        DirectMail.Builder builder = DirectMail.newBuilder()
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(2)).build())
                .smtp(SmtpSettings.newBuilder().port(mx.port()).allReplyTimeouts(Duration.ofSeconds(10)).build())
                .destinationLimits(DestinationLimits.defaults().withMaxMessagesPerSecond(1_000_000).withBurst(1_000_000))
                .deliveryConcurrency(16)
                .closeTimeout(WAIT);
        domainKeys.forEach(builder::dkimKey);
        String id;
        try (DirectMail directMail = builder.build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            id = batches.start(ACCOUNT, request).id();
            BatchRecord done = fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(done.progress()).isEqualTo(new BatchProgress(id, BatchState.COMPLETED, ROWS, ROWS, 0, null));
            mx.awaitMessages(ROWS, WAIT);
        }

        List<ReceivedMessage> received = mx.messages();
        assertThat(received).hasSize(ROWS).allSatisfy(message -> assertThat(message.accepted()).isTrue());
        assertThat(received).flatExtracting(ReceivedMessage::recipients).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, ROWS).mapToObj(i -> "reader" + i + "@example.org").toList());
        assertThat(mx.violations()).isEmpty();

        List<DkimVerifyTool.VerifyResult> verdicts = DkimVerifyTool.assertEachPasses(
                received.stream().map(ReceivedMessage::data).toList(), domainKeys.toArray(DkimKey[]::new));
        assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.signatureLines()).singleElement().asString()
                .contains("a=ed25519-sha256").contains(":List-Unsubscribe:List-Unsubscribe-Post").endsWith(" pass"));

        Map<String, ReceivedMessage> byRecipient = new HashMap<>();
        received.forEach(message -> byRecipient.put(message.recipients().getFirst(), message));
        for (int row = 0; row < ROWS; row += 997) {
            EmailAddress address = EmailAddress.of("reader" + row + "@example.org");
            MimeMessage message = BatchFixture.parse(byRecipient.get(address.address()).data());
            assertThat(message.getSubject()).isEqualTo("March news for Reader" + row);
            assertThat(byRecipient.get(address.address()).dataAsString()).contains("Hello Reader" + row + ", your code is C-" + row + ".");
            assertThat(BatchFixture.header(message, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
            UnsubscribeToken token = BatchFixture.UNSUBSCRIBE.tokens().verify(BatchFixture.unsubscribeToken(message));
            assertThat(token.address()).isEqualTo(address);
            assertThat(token.batchId()).isEqualTo(id);
        }

        LocalDate today = LocalDate.ofInstant(BatchFixture.START, ZoneOffset.UTC);
        assertThat(ledger.usage(today).totalMessages()).isEqualTo(ROWS);
        assertThat(ledger.reservation(id)).isEmpty();
    }
}
