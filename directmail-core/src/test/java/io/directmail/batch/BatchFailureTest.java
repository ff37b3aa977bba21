package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.WAIT;
import static io.directmail.batch.BatchFixture.request;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.internal.batch.StoredBatches;
import io.directmail.quota.QuotaLedger;
import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.transport.InMemoryTransport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A row ended by an error that is not an exception fails its batch: the batch says so with the
 * error, keeps its reservation, stays failed across a restart, and resumes without queuing a row
 * twice.
 */
class BatchFailureTest {

    private static final LocalDate TODAY = LocalDate.ofInstant(BatchFixture.START, ZoneOffset.UTC);

    private final BatchFixture fixture = new BatchFixture();
    private final InMemoryTransport transport = new InMemoryTransport();

    /** A store whose n-th add stores the message and then throws an Error, once; it counts its adds. */
    private static final class ErrorAfterStoring extends ForwardingMailStore {
        private final int failingAdd;
        private final AtomicInteger adds = new AtomicInteger();

        ErrorAfterStoring(MailStore delegate, int failingAdd) {
            super(delegate);
            this.failingAdd = failingAdd;
        }

        @Override
        public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
            if (adds.incrementAndGet() == failingAdd) {
                // Stored unclaimed, so that the scheduler delivers it like mail an earlier run left.
                delegate.add(message, content, null);
                throw new StackOverflowError("simulated");
            }
            delegate.add(message, content, leaseUntil);
        }

        int adds() {
            return adds.get();
        }
    }

    @Test
    void aRowEndedByAnError_failsTheBatchWithTheError_andResumeQueuesEveryRowOnce() throws Exception {
        QuotaLedger ledger = fixture.ledger(100);
        ErrorAfterStoring store = new ErrorAfterStoring(fixture.store(), 3);
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            String id = batches.start(ACCOUNT, request(rows(5))).id();

            BatchRecord failed = fixture.journal.awaitState(id, BatchState.FAILED, WAIT);
            BatchProgress expected = new BatchProgress(id, BatchState.FAILED, 5, 2, 0, "java.lang.StackOverflowError: simulated");
            assertThat(failed.progress()).isEqualTo(expected);
            assertThat(batches.progress(id)).contains(expected);
            assertThat(ledger.reservation(id).orElseThrow().remaining()).as("kept, as a paused batch keeps it").isEqualTo(3);
            assertThat(batches.pause(id)).as("pausing a failed batch changes nothing").isEqualTo(expected);
            assertThatThrownBy(() -> batches.forget(id)).isInstanceOfSatisfying(BatchStateException.class,
                    e -> assertThat(e.state()).isEqualTo(BatchState.FAILED));

            assertThat(batches.resume(id)).isEqualTo(new BatchProgress(id, BatchState.RUNNING, 5, 2, 0, null));
            BatchRecord done = fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);

            assertThat(done.queued()).isEqualTo(5);
            assertThat(store.adds()).as("the row stored before its error is found by its key, not stored again").isEqualTo(5);
            assertThat(transport.awaitMessages(5, WAIT)).extracting(BatchFixture::recipient).doesNotHaveDuplicates().hasSize(5);
            assertThat(ledger.usage(TODAY).totalMessages()).isEqualTo(5);
            assertThat(ledger.reservation(id)).isEmpty();
        }
    }

    @Test
    void aFailedBatchIsStillFailedAfterARestart_andCancellingItReleasesItsReservation() throws Exception {
        QuotaLedger ledger = fixture.ledger(100);
        MailStore store = fixture.store();
        StoredBatches stored = new StoredBatches(store);
        AtomicInteger checks = new AtomicInteger();
        // The check passes when the batch starts, and its class fails to load in the batch's thread.
        SenderCheck brokenInTheRunner = (account, from, type) -> {
            if (checks.incrementAndGet() > 1) {
                throw new NoClassDefFoundError("com/example/IdentityTables");
            }
            return fixture.identities.checkSendable(account, from, type);
        };
        String id;
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).senderCheck(brokenInTheRunner).quota(account -> ledger)
                        .journal(record -> {
                            stored.save(record);
                            fixture.journal.accept(record);
                        }).build()) {
            id = batches.start(ACCOUNT, request(rows(3))).id();
            fixture.journal.awaitState(id, BatchState.FAILED, WAIT);
        }
        BatchProgress failed = new BatchProgress(id, BatchState.FAILED, 3, 0, 0,
                "java.lang.NoClassDefFoundError: com/example/IdentityTables");

        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger)
                        .restore(new StoredBatches(store).load()).build()) {
            assertThat(batches.progress(id)).contains(failed);
            assertThat(ledger.reservation(id).orElseThrow().remaining()).isEqualTo(3);

            assertThat(batches.cancel(id)).isEqualTo(new BatchProgress(id, BatchState.CANCELLED, 3, 0, 0, null));
            assertThat(ledger.reservation(id)).isEmpty();
            assertThat(ledger.dailyCapRemaining()).hasValue(100);
        }
        assertThat(transport.messages()).isEmpty();
    }
}
