package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.ALERTS;
import static io.directmail.batch.BatchFixture.NEWS;
import static io.directmail.batch.BatchFixture.UNSUBSCRIBE;
import static io.directmail.batch.BatchFixture.WAIT;
import static io.directmail.batch.BatchFixture.request;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.Receipt;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DomainSettings;
import io.directmail.account.IdentityPolicy;
import io.directmail.quota.LedgerEntry;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.MailStore;
import io.directmail.transport.InMemoryTransport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rows of a managed account's batch take their places under the daily cap from the batch's
 * reservation; any other mail takes its own, whatever its idempotency key says.
 */
class BatchAdmissionTest {

    private static final int DAILY_CAP = 4;

    private final BatchFixture fixture = new BatchFixture();
    private final InMemoryTransport transport = new InMemoryTransport();

    /** A DirectMail whose account {@value BatchFixture#ACCOUNT} is managed, with a daily cap of {@value #DAILY_CAP}. */
    private DirectMail managedDirectMail(MailStore store) {
        DirectMail directMail = fixture.directMail(transport).store(store)
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.1"), "bounce.example.net"))
                .identityPolicy(IdentityPolicy.DEFAULT.withRequireVerifiedDomain(false))
                .build();
        Account shop = directMail.accounts().create(ACCOUNT,
                AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(DAILY_CAP)));
        shop.addDomain("example.com");
        shop.addSenderAddress(NEWS, MailType.BATCH, null);
        shop.addSenderAddress(ALERTS, MailType.TRIGGER, null);
        return directMail;
    }

    /** Batches that check and charge the managed accounts, as the guide shows. */
    private Batches managedBatches(DirectMail directMail) {
        return Batches.newBuilder(directMail)
                .senderCheck((account, from, type) -> directMail.accounts().find(account).orElseThrow().checkSendable(from, type))
                .quota(account -> directMail.accounts().find(account).orElseThrow().quota())
                .unsubscribe(UNSUBSCRIBE).clock(fixture.clock).journal(fixture.journal).build();
    }

    private static Mail mail(EmailAddress from, MailType type, String to, String idempotencyKey) {
        return Mail.newBuilder().account(ACCOUNT).from(from).type(type).addTo(to).subject("Your receipt").text("Thanks")
                .idempotencyKey(idempotencyKey).build();
    }

    @Test
    void mailSentWithTheKeyOfABatchRow_isChargedToTheCap_andTheBatchStillFitsItsReservation() throws Exception {
        GatedStore store = new GatedStore(fixture.store(), 1);
        try (DirectMail directMail = managedDirectMail(store);
                Batches batches = managedBatches(directMail)) {
            QuotaLedger quota = directMail.accounts().find(ACCOUNT).orElseThrow().quota();
            String id = batches.start(ACCOUNT, request(rows(3))).id();
            // Row 0 waits in the store: the batch holds 3 places of the cap of 4, none charged yet.
            store.awaitArrival();

            Receipt ordinary = directMail.send(mail(ALERTS, MailType.TRIGGER, "bob@example.org", "batch-" + id + "-5"));

            assertThat(quota.dailyCapRemaining()).as("the ordinary mail took the last free place").hasValue(0);
            assertThat(quota.reservation(id).orElseThrow().remaining()).as("the batch's places are untouched").isEqualTo(3);
            assertThatThrownBy(() -> directMail.send(mail(NEWS, MailType.BATCH, "carol@example.org", "batch-" + id + "-6")))
                    .as("even batch mail from the batch's address gets no place from the batch's reservation")
                    .isInstanceOfSatisfying(QuotaExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo(QuotaExceededException.DAILY_CAP));

            store.open();
            BatchRecord done = fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(done.queued()).as("the whole batch, on a full cap").isEqualTo(3);
            assertThat(transport.awaitMessages(4, WAIT)).extracting(BatchFixture::recipient).containsExactlyInAnyOrder(
                    "bob@example.org", "reader0@example.org", "reader1@example.org", "reader2@example.org");
            List<LedgerEntry.Charged> charges = quota.entries().stream()
                    .filter(LedgerEntry.Charged.class::isInstance).map(LedgerEntry.Charged.class::cast).toList();
            assertThat(charges).hasSize(4);
            assertThat(charges).filteredOn(charge -> charge.messageId().equals(ordinary.messageId()))
                    .singleElement().extracting(LedgerEntry.Charged::reservationId).isNotEqualTo(Optional.of(id));
            assertThat(charges).filteredOn(charge -> !charge.messageId().equals(ordinary.messageId()))
                    .extracting(LedgerEntry.Charged::reservationId).containsOnly(Optional.of(id));
            assertThat(quota.reservation(id)).isEmpty();
            assertThat(quota.dailyCapRemaining()).hasValue(0);
        }
    }

    @Test
    void aBatchKeyOfNoBatch_isJustAnIdempotencyKey() throws Exception {
        try (DirectMail directMail = managedDirectMail(fixture.store())) {
            QuotaLedger quota = directMail.accounts().find(ACCOUNT).orElseThrow().quota();
            Mail mail = mail(ALERTS, MailType.TRIGGER, "bob@example.org", "batch-0123456789abcdef0123-1");

            Receipt first = directMail.send(mail);

            assertThat(directMail.send(mail)).as("sent again: the first receipt").isEqualTo(first);
            assertThat(quota.dailyCapRemaining()).as("charged once, to the cap").hasValue(DAILY_CAP - 1);
            assertThat(transport.awaitMessages(1, WAIT)).hasSize(1);
        }
    }
}
