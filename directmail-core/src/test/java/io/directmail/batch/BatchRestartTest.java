package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.NEWS;
import static io.directmail.batch.BatchFixture.TEMPLATE;
import static io.directmail.batch.BatchFixture.WAIT;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.DirectMail;
import io.directmail.list.RecipientList;
import io.directmail.quota.LedgerEntry;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.transport.InMemoryTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch taken up after a restart from a record that lags behind it sends no row twice and charges none twice. */
class BatchRestartTest {

    private static final int ROWS = 250;

    private final BatchFixture fixture = new BatchFixture();
    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void rowsQueuedAfterTheStoredPositionAreNotSentOrChargedAgain(@TempDir Path dataDirectory) throws Exception {
        StoreOptions options = StoreOptions.defaults().withClock(fixture.clock);
        QuotaPolicy policy = QuotaPolicy.defaults().withDailyCap(1_000);
        List<LedgerEntry> ledgerJournal = new ArrayList<>();
        QuotaLedger ledger = QuotaLedger.newBuilder().policy(policy).clock(fixture.clock).journal(ledgerJournal::add).build();
        BatchRequest request = BatchRequest.of(NEWS, TEMPLATE, new RecipientList("readers", rows(ROWS)))
                .withSharedVariables(Map.of("month", "March"));

        String id;
        GatedStore firstStore = new GatedStore(MailStore.embedded(dataDirectory, options), 231);
        try (DirectMail directMail = fixture.directMail(transport).store(firstStore).build()) {
            Batches batches = fixture.batches(directMail).quota(account -> ledger).closeTimeout(Duration.ZERO).build();
            id = batches.start(ACCOUNT, request).id();
            firstStore.awaitArrival();
            batches.close();
            firstStore.open();
            assertThat(fixture.journal.await(record -> record.position() == 231, WAIT).state()).isEqualTo(BatchState.RUNNING);
        } finally {
            firstStore.close();
        }
        assertThat(transport.messages()).hasSize(231);
        // The process died with only the checkpoint at row 200 stored: rows 200 to 230 were queued after it.
        BatchRecord stale = fixture.journal.await(record -> record.position() == 200, WAIT);
        QuotaLedger rebuilt = QuotaLedger.newBuilder().policy(policy).clock(fixture.clock).entries(ledgerJournal).build();

        try (MailStore secondStore = MailStore.embedded(dataDirectory, options);
                DirectMail directMail = fixture.directMail(transport).store(secondStore).build();
                Batches batches = fixture.batches(directMail).quota(account -> rebuilt).restore(List.of(stale)).build()) {
            BatchRecord done = fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(done.progress()).isEqualTo(new BatchProgress(id, BatchState.COMPLETED, ROWS, ROWS, 0, null));
            assertThat(transport.awaitMessages(ROWS, WAIT)).hasSize(ROWS);
            assertThat(batches.snapshot()).containsExactly(done);
        }
        assertThat(transport.messages()).hasSize(ROWS).extracting(BatchFixture::recipient).doesNotHaveDuplicates();
        LocalDate today = LocalDate.ofInstant(BatchFixture.START, ZoneOffset.UTC);
        assertThat(rebuilt.usage(today).totalMessages()).isEqualTo(ROWS);
        assertThat(rebuilt.reservation(id)).isEmpty();
        assertThat(rebuilt.dailyCapRemaining()).hasValue(1_000 - ROWS);
    }
}
