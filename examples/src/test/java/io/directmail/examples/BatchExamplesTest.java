package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.Suppression;
import io.directmail.account.DomainSettings;
import io.directmail.account.IdentityPolicy;
import io.directmail.account.SendingIdentities;
import io.directmail.batch.BatchProgress;
import io.directmail.batch.BatchRecord;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.BatchState;
import io.directmail.batch.BatchStateException;
import io.directmail.batch.Batches;
import io.directmail.batch.Unsubscribe;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.batch.Unsubscribes;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.MailStore;
import io.directmail.template.Template;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs the batch and unsubscribe snippets of the user guide. */
class BatchExamplesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] KEY = "an example key of at least 32 octets".getBytes(StandardCharsets.US_ASCII);
    private static final Template NEWSLETTER = new Template("newsletter", "{{month}} news for {{first_name}}", null,
            "Hello {{first_name}}, here is what happened in {{month}}.");
    private static final Pattern TOKEN = Pattern.compile("/unsubscribe/u/([A-Za-z0-9_-]+)>");

    private final InMemoryTransport transport = new InMemoryTransport();
    private final BlockingQueue<BatchRecord> saved = new LinkedBlockingQueue<>();
    private final SendingIdentities identities = SendingIdentities.newBuilder(DomainSettings.of(List.of("ip4:192.0.2.1"),
                    "bounces.example.net").withDkimAlgorithms(List.of(DkimAlgorithm.ED25519_SHA256)))
            .policy(IdentityPolicy.DEFAULT.withRequireVerifiedDomain(false))
            .build();

    BatchExamplesTest() {
        identities.addDomain("shop-42", "example.com");
        identities.addSenderAddress("shop-42", EmailAddress.of("news@example.com"), MailType.BATCH, null);
    }

    private static RecipientList customers(int rows) {
        return new RecipientList("customers", IntStream.range(0, rows)
                .mapToObj(i -> Recipient.of("customer" + i + "@example.org", Map.of("first_name", "Customer" + i))).toList());
    }

    private BatchRecord awaitState(String id, BatchState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            BatchRecord record = saved.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (record == null) {
                throw new AssertionError("batch " + id + " did not reach " + state + " within " + WAIT);
            }
            if (record.id().equals(id) && record.state() == state) {
                return record;
            }
        }
    }

    @Test
    void aNewsletterIsSentToEveryCustomerWithALinkThatUnsubscribesThem() throws Exception {
        QuotaLedger ledger = QuotaLedger.newBuilder().policy(QuotaPolicy.defaults().withDailyCap(1_000)).build();
        List<Unsubscribe> counted = new CopyOnWriteArrayList<>();
        UnsubscribeSettings unsubscribe = BatchExamples.unsubscribeSettings(KEY);
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).store(MailStore.inMemory()).build();
                Batches batches = BatchExamples.batches(directMail, identities, Map.of("shop-42", ledger), unsubscribe, saved::add,
                        List.of())) {
            String id = BatchExamples.start(batches, NEWSLETTER, customers(3)).orElseThrow();
            awaitState(id, BatchState.COMPLETED);
            assertThat(BatchExamples.report(batches, id)).isEqualTo(new BatchProgress(id, BatchState.COMPLETED, 3, 3, 0, null));
            assertThat(ledger.dailyCapRemaining()).hasValue(997);

            OutboundMessage first = transport.awaitMessages(3, WAIT).stream()
                    .filter(m -> m.recipients().getFirst().address().equals("customer0@example.org")).findFirst().orElseThrow();
            Matcher link = TOKEN.matcher(new String(first.toByteArray(), StandardCharsets.US_ASCII).replace("\r\n ", " "));
            assertThat(link.find()).isTrue();
            String token = link.group(1);

            Unsubscribes unsubscribes = BatchExamples.unsubscribes(batches, counted::add);
            assertThat(BatchExamples.unsubscribePage(unsubscribes, "GET", token))
                    .isEqualTo("200 unsubscribe customer0@example.org? <form method=post>");
            assertThat(directMail.unsubscribes("shop-42")).isEmpty();
            assertThat(BatchExamples.unsubscribePage(unsubscribes, "POST", token))
                    .isEqualTo("200 customer0@example.org will get no more newsletters");
            assertThat(directMail.unsubscribed("shop-42", EmailAddress.of("customer0@example.org")).orElseThrow().reason())
                    .isEqualTo(Suppression.Reason.UNSUBSCRIBE);
            assertThat(BatchExamples.unsubscribePage(unsubscribes, "POST", token)).startsWith("200");
            assertThat(counted).hasSize(1);
            assertThat(BatchExamples.unsubscribePage(unsubscribes, "POST", "forged" + token)).isEqualTo("404 unknown link");

            assertThat(BatchExamples.unsubscribeByMail(unsubscribes, "unsubscribe-" + token)).isTrue();
            assertThat(BatchExamples.unsubscribeByMail(unsubscribes, "Re: your newsletter")).isFalse();
        }
    }

    @Test
    void aBatchOverTheDailyCapDoesNotStart() {
        QuotaLedger ledger = QuotaLedger.newBuilder().policy(QuotaPolicy.defaults().withDailyCap(2)).build();
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).store(MailStore.inMemory()).build();
                Batches batches = BatchExamples.batches(directMail, identities, Map.of("shop-42", ledger),
                        BatchExamples.unsubscribeSettings(KEY), saved::add, List.of())) {
            assertThat(BatchExamples.start(batches, NEWSLETTER, customers(3))).isEmpty();
            assertThat(batches.snapshot()).isEmpty();
        }
        assertThat(transport.messages()).isEmpty();
    }

    @Test
    void aBatchPausedBeforeARestartStaysPausedUntilResumed_orIsCancelled() throws Exception {
        QuotaLedger ledger = QuotaLedger.newBuilder().policy(QuotaPolicy.defaults().withDailyCap(1_000)).build();
        BatchRequest request = BatchRequest.of(EmailAddress.of("news@example.com"), NEWSLETTER, customers(4))
                .withSharedVariables(Map.of("month", "March"));
        Instant created = Instant.parse("2026-03-02T08:00:00Z");
        List<BatchRecord> stored = List.of(
                new BatchRecord("paused-news", "shop-42", request, BatchState.PAUSED, 1, 0, created, null),
                new BatchRecord("paused-promo", "shop-42", request, BatchState.PAUSED, 2, 0, created, null));
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).store(MailStore.inMemory()).build();
                Batches batches = BatchExamples.batches(directMail, identities, Map.of("shop-42", ledger),
                        BatchExamples.unsubscribeSettings(KEY), saved::add, stored)) {
            assertThat(BatchExamples.report(batches, "paused-news").state()).isEqualTo(BatchState.PAUSED);
            assertThat(BatchExamples.control(batches, "paused-news", "pause").state()).isEqualTo(BatchState.PAUSED);

            assertThat(BatchExamples.control(batches, "paused-news", "resume").state()).isEqualTo(BatchState.RUNNING);
            awaitState("paused-news", BatchState.COMPLETED);
            assertThat(transport.awaitMessages(3, WAIT)).extracting(m -> m.recipients().getFirst().address())
                    .containsExactlyInAnyOrder("customer1@example.org", "customer2@example.org", "customer3@example.org");

            assertThat(BatchExamples.control(batches, "paused-promo", "cancel").state()).isEqualTo(BatchState.CANCELLED);
            assertThatThrownBy(() -> BatchExamples.control(batches, "paused-promo", "resume")).isInstanceOf(BatchStateException.class);
        }
        assertThat(transport.messages()).hasSize(3);
    }
}
