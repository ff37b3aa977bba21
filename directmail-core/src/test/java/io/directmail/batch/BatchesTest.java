package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.ALERTS;
import static io.directmail.batch.BatchFixture.NEWS;
import static io.directmail.batch.BatchFixture.REPLIES;
import static io.directmail.batch.BatchFixture.TEMPLATE;
import static io.directmail.batch.BatchFixture.WAIT;
import static io.directmail.batch.BatchFixture.header;
import static io.directmail.batch.BatchFixture.parse;
import static io.directmail.batch.BatchFixture.recipient;
import static io.directmail.batch.BatchFixture.request;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.directmail.DirectMail;
import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.MailType;
import io.directmail.account.SenderAddress;
import io.directmail.account.SenderTypeMismatchException;
import io.directmail.account.UnknownSenderAddressException;
import io.directmail.list.Recipient;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaLedger;
import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Starting, following, pausing, resuming and cancelling batches, with the quota reserved up front. */
class BatchesTest {

    private static final LocalDate TODAY = LocalDate.ofInstant(BatchFixture.START, ZoneOffset.UTC);

    private final BatchFixture fixture = new BatchFixture();
    private final InMemoryTransport transport = new InMemoryTransport();

    @Test
    void eachRowGetsItsOwnBatchMessageWithOneClickUnsubscribe() throws Exception {
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).build()) {
            BatchProgress started = batches.start(ACCOUNT, request(rows(3)).withFromName("Example News").withTag("march-news"));
            assertThat(started.state()).isEqualTo(BatchState.RUNNING);
            assertThat(started.total()).isEqualTo(3);

            fixture.journal.awaitState(started.id(), BatchState.COMPLETED, WAIT);
            assertThat(batches.progress(started.id())).contains(new BatchProgress(started.id(), BatchState.COMPLETED, 3, 3, 0, null));

            List<OutboundMessage> sent = transport.awaitMessages(3, WAIT);
            assertThat(sent).extracting(BatchFixture::recipient)
                    .containsExactlyInAnyOrder("reader0@example.org", "reader1@example.org", "reader2@example.org");
            assertThat(sent).allSatisfy(message -> assertThat(message.type()).isEqualTo(MailType.BATCH));
            OutboundMessage second = sent.stream().filter(m -> recipient(m).equals("reader1@example.org")).findFirst().orElseThrow();
            MimeMessage mime = parse(second);
            assertThat(mime.getSubject()).isEqualTo("March news for Reader1");
            assertThat(header(mime, "From")).isEqualTo("Example News <news@example.com>");
            assertThat(header(mime, "Reply-To")).isEqualTo(REPLIES.address());
            assertThat(header(mime, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
            String token = BatchFixture.unsubscribeToken(mime);
            assertThat(header(mime, "List-Unsubscribe")).isEqualTo("<https://example.com/unsubscribe/u/" + token
                    + ">, <mailto:unsubscribe@example.com?subject=unsubscribe-" + token + ">");
            assertThat(new Unsubscribes(directMail, BatchFixture.UNSUBSCRIBE).verify(token))
                    .isEqualTo(new UnsubscribeToken(ACCOUNT, EmailAddress.of("reader1@example.org"), started.id(), BatchFixture.START));
            assertThat(new String(second.toByteArray(), java.nio.charset.StandardCharsets.UTF_8)).contains("your code is C-1.");
        }
    }

    @Test
    void rowsThatCannotBeSentAreCountedAsRefused_andTheBatchGoesOn() throws Exception {
        QuotaLedger ledger = fixture.ledger(100);
        List<Recipient> rows = List.of(
                BatchFixture.row(0),
                Recipient.of("nocode@example.org", Map.of("first_name", "No Code")),
                BatchFixture.row(2),
                Recipient.of("injector@example.org", Map.of("first_name", "Eve\r\nBcc: all@example.org", "code", "E")),
                BatchFixture.row(4));
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            directMail.suppress(EmailAddress.of("reader2@example.org"), "asked by phone");

            String id = batches.start(ACCOUNT, request(rows)).id();

            BatchRecord done = fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(done.progress()).isEqualTo(new BatchProgress(id, BatchState.COMPLETED, 5, 2, 3, null));
            assertThat(transport.awaitMessages(2, WAIT)).extracting(BatchFixture::recipient)
                    .containsExactlyInAnyOrder("reader0@example.org", "reader4@example.org");
            assertThat(ledger.usage(TODAY).totalMessages()).isEqualTo(2);
            assertThat(ledger.dailyCapRemaining()).hasValue(98);
            assertThat(ledger.reservation(id)).isEmpty();
        }
    }

    @Test
    void aBatchThatFitsTheDailyCapExactlyIsSent_andOneRowMoreIsRefusedAsAWholeWithNothingSent() throws Exception {
        QuotaLedger ledger = fixture.ledger(5);
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            assertThatThrownBy(() -> batches.start(ACCOUNT, request(rows(6))))
                    .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                        assertThat(e.limit()).isEqualTo(QuotaExceededException.DAILY_CAP);
                        assertThat(e.allowed()).isEqualTo(5);
                        assertThat(e.requested()).isEqualTo(6);
                    });
            assertThat(batches.snapshot()).isEmpty();
            assertThat(fixture.journal.all()).isEmpty();
            assertThat(ledger.dailyCapRemaining()).hasValue(5);

            String id = batches.start(ACCOUNT, request(rows(5))).id();
            assertThat(ledger.dailyCapRemaining()).hasValue(0);
            fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(transport.awaitMessages(5, WAIT)).hasSize(5);
            assertThat(ledger.usage(TODAY).totalMessages()).isEqualTo(5);
        }
        assertThat(transport.messages()).hasSize(5);
    }

    @Test
    void onlyABatchSenderAddressOfTheAccountMaySendABatch_andARefusalReservesNothing() {
        QuotaLedger ledger = fixture.ledger(100);
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            assertThatThrownBy(() -> batches.start(ACCOUNT, BatchRequest.inline(ALERTS, TEMPLATE, rows(1))))
                    .isInstanceOf(SenderTypeMismatchException.class).hasMessageContaining("alerts@example.com");
            assertThatThrownBy(() -> batches.start(ACCOUNT, BatchRequest.inline(EmailAddress.of("other@example.com"), TEMPLATE, rows(1))))
                    .isInstanceOf(UnknownSenderAddressException.class);
            assertThatThrownBy(() -> batches.start("another-account", request(rows(1))))
                    .isInstanceOf(UnknownSenderAddressException.class);
            assertThat(batches.snapshot()).isEmpty();
            assertThat(ledger.dailyCapRemaining()).hasValue(100);
        }
        assertThat(transport.messages()).isEmpty();
    }

    @Test
    void aSenderCheckThatAnswersWithATriggerAddressIsNotTrusted() {
        SenderCheck lenient = (account, from, type) -> new SenderAddress(from, account, MailType.TRIGGER, null, null, BatchFixture.START);
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).senderCheck(lenient).build()) {
            assertThatThrownBy(() -> batches.start(ACCOUNT, request(rows(1)))).isInstanceOf(SenderTypeMismatchException.class);
            assertThat(batches.snapshot()).isEmpty();
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsReserved() {
        QuotaLedger ledger = fixture.ledger(100);
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            assertThatThrownBy(() -> batches.start(ACCOUNT, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> batches.start("bad account", request(rows(1))))
                    .isInstanceOf(InvalidMailException.class).hasMessageContaining("account");
            assertThatThrownBy(() -> batches.start(null, request(rows(1)))).isInstanceOf(InvalidMailException.class);
            assertThatThrownBy(() -> batches.progress(null)).isInstanceOf(NullPointerException.class);
            assertThat(batches.snapshot()).isEmpty();
            assertThat(ledger.dailyCapRemaining()).hasValue(100);
        }
    }

    @Test
    void pauseStopsTheBatchBeforeItsNextRow_andResumeGoesOnFromThere() throws Exception {
        GatedStore store = new GatedStore(MailStore.inMemory(), 4);
        fixture.journal.onEachRecord(record -> {
            if (record.state() == BatchState.PAUSED) {
                store.open();
            }
        });
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).build()) {
            String id = batches.start(ACCOUNT, request(rows(10))).id();
            store.awaitArrival();
            assertThat(batches.progress(id).orElseThrow().queued()).isEqualTo(3);

            BatchProgress paused = batches.pause(id);

            assertThat(paused).isEqualTo(new BatchProgress(id, BatchState.PAUSED, 10, 4, 0, null));
            assertThat(store.adds()).isEqualTo(4);
            assertThat(batches.pause(id)).isEqualTo(paused);
            assertThat(fixture.journal.all()).extracting(BatchRecord::state, BatchRecord::queued)
                    .containsExactly(tuple(BatchState.RUNNING, 0), tuple(BatchState.PAUSED, 3), tuple(BatchState.PAUSED, 4));

            assertThat(batches.resume(id).state()).isEqualTo(BatchState.RUNNING);
            fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(batches.progress(id).orElseThrow().queued()).isEqualTo(10);
            assertThat(transport.awaitMessages(10, WAIT)).extracting(BatchFixture::recipient).doesNotHaveDuplicates().hasSize(10);
            assertThat(store.adds()).isEqualTo(10);
        }
    }

    @Test
    void pauseWaitsForTheRowInFlightNoLongerThanTheCloseTimeout() throws Exception {
        GatedStore store = new GatedStore(MailStore.inMemory(), 2);
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).closeTimeout(Duration.ofMillis(50)).build()) {
            String id = batches.start(ACCOUNT, request(rows(5))).id();
            store.awaitArrival();

            assertThatThrownBy(() -> batches.pause(id)).isInstanceOf(DirectMailException.class)
                    .hasMessageContaining("row in flight was not counted within PT0.05S");
            assertThat(batches.progress(id).orElseThrow().state()).as("paused all the same").isEqualTo(BatchState.PAUSED);

            store.open();
            assertThat(transport.awaitMessages(2, WAIT)).hasSize(2);
            assertThat(store.adds()).as("no further row started").isEqualTo(2);
        }
    }

    @Test
    void cancelStopsTheBatch_andReleasesWhatItHadNotUsedOfItsReservation() throws Exception {
        QuotaLedger ledger = fixture.ledger(100);
        GatedStore store = new GatedStore(MailStore.inMemory(), 4);
        fixture.journal.onEachRecord(record -> {
            if (record.state() == BatchState.CANCELLED) {
                store.open();
            }
        });
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            String id = batches.start(ACCOUNT, request(rows(10))).id();
            store.awaitArrival();
            assertThat(ledger.dailyCapRemaining()).hasValue(90);

            BatchProgress cancelled = batches.cancel(id);

            assertThat(cancelled).isEqualTo(new BatchProgress(id, BatchState.CANCELLED, 10, 4, 0, null));
            assertThat(ledger.dailyCapRemaining()).hasValue(96);
            assertThat(ledger.usage(TODAY).totalMessages()).isEqualTo(4);
            assertThat(ledger.reservation(id)).isEmpty();
            assertThat(batches.cancel(id)).isEqualTo(cancelled);
            assertThatThrownBy(() -> batches.resume(id)).isInstanceOfSatisfying(BatchStateException.class, e -> {
                assertThat(e.state()).isEqualTo(BatchState.CANCELLED);
                assertThat(e.action()).isEqualTo("be resumed");
            });
            assertThatThrownBy(() -> batches.pause(id)).isInstanceOf(BatchStateException.class);
            assertThat(transport.awaitMessages(4, WAIT)).hasSize(4);
            assertThat(store.adds()).isEqualTo(4);
        }
        assertThat(transport.messages()).hasSize(4);
    }

    @Test
    void aPausedBatchCanBeCancelled_andACompletedOneCanNeitherBePausedResumedNorCancelled() throws Exception {
        QuotaLedger ledger = fixture.ledger(100);
        GatedStore store = new GatedStore(MailStore.inMemory(), 2);
        fixture.journal.onEachRecord(record -> {
            if (record.state() == BatchState.PAUSED) {
                store.open();
            }
        });
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            String paused = batches.start(ACCOUNT, request(rows(5))).id();
            store.awaitArrival();
            batches.pause(paused);
            assertThat(batches.cancel(paused).state()).isEqualTo(BatchState.CANCELLED);
            assertThat(ledger.dailyCapRemaining()).hasValue(98);

            String completed = batches.start(ACCOUNT, request(rows(2))).id();
            fixture.journal.awaitState(completed, BatchState.COMPLETED, WAIT);
            for (String action : List.of("pause", "resume", "cancel")) {
                assertThatThrownBy(() -> {
                    switch (action) {
                        case "pause" -> batches.pause(completed);
                        case "resume" -> batches.resume(completed);
                        default -> batches.cancel(completed);
                    }
                }).as(action).isInstanceOfSatisfying(BatchStateException.class, e -> {
                    assertThat(e.batchId()).isEqualTo(completed);
                    assertThat(e.state()).isEqualTo(BatchState.COMPLETED);
                });
            }
            assertThat(batches.progress(completed).orElseThrow().queued()).isEqualTo(2);
        }
    }

    @Test
    void unknownBatchIdsAreRefused() {
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).build()) {
            assertThat(batches.progress("nope")).isEmpty();
            assertThatThrownBy(() -> batches.pause("nope")).isInstanceOfSatisfying(UnknownBatchException.class,
                    e -> assertThat(e.batchId()).isEqualTo("nope"));
            assertThatThrownBy(() -> batches.resume("nope")).isInstanceOf(UnknownBatchException.class);
            assertThatThrownBy(() -> batches.cancel("nope")).isInstanceOf(UnknownBatchException.class);
            assertThatThrownBy(() -> batches.forget("nope")).isInstanceOf(UnknownBatchException.class);
            assertThatThrownBy(() -> batches.pause(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void onlyAFinishedBatchCanBeForgotten() throws Exception {
        GatedStore store = new GatedStore(MailStore.inMemory(), 2);
        try (DirectMail directMail = fixture.directMail(transport).store(store).build();
                Batches batches = fixture.batches(directMail).build()) {
            String running = batches.start(ACCOUNT, request(rows(3))).id();
            store.awaitArrival();
            assertThatThrownBy(() -> batches.forget(running)).isInstanceOf(BatchStateException.class);
            store.open();
            fixture.journal.awaitState(running, BatchState.COMPLETED, WAIT);

            assertThat(batches.forget(running).state()).isEqualTo(BatchState.COMPLETED);
            assertThat(batches.progress(running)).isEmpty();
            assertThat(batches.snapshot()).isEmpty();
        }
    }

    @Test
    void aFailureToQueueARowPausesTheBatchAtThatRow_andResumeSendsItOnce() throws Exception {
        QuotaLedger ledger = fixture.ledger(100);
        AtomicBoolean failOnce = new AtomicBoolean(true);
        MailStore failing = new ForwardingMailStore(MailStore.inMemory()) {
            private int adds;

            @Override
            public synchronized void add(StoredMessage message, byte[] content, Instant leaseUntil) {
                if (++adds == 3 && failOnce.getAndSet(false)) {
                    throw new IllegalStateException("disk full");
                }
                delegate.add(message, content, leaseUntil);
            }
        };
        try (DirectMail directMail = fixture.directMail(transport).store(failing).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger).build()) {
            String id = batches.start(ACCOUNT, request(rows(5))).id();

            BatchRecord paused = fixture.journal.awaitState(id, BatchState.PAUSED, WAIT);
            assertThat(paused.queued()).isEqualTo(2);
            assertThat(paused.failure()).contains("disk full");
            assertThat(batches.progress(id).orElseThrow().failure()).contains("disk full");
            assertThat(ledger.reservation(id).orElseThrow().remaining()).isEqualTo(3);

            batches.resume(id);
            fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            assertThat(transport.awaitMessages(5, WAIT)).extracting(BatchFixture::recipient).doesNotHaveDuplicates().hasSize(5);
            assertThat(ledger.usage(TODAY).totalMessages()).isEqualTo(5);
            assertThat(batches.progress(id).orElseThrow().failure()).isNull();
        }
    }

    @Test
    void aRowEndedByAnError_doesNotLeavePauseWaitingForIt() throws Exception {
        CountDownLatch thrown = new CountDownLatch(1);
        MailStore failing = new ForwardingMailStore(MailStore.inMemory()) {
            @Override
            public void add(StoredMessage message, byte[] content, Instant leaseUntil) {
                thrown.countDown();
                throw new Error("simulated");
            }
        };
        try (DirectMail directMail = fixture.directMail(transport).store(failing).build();
                Batches batches = fixture.batches(directMail).build()) {
            String id = batches.start(ACCOUNT, request(rows(3))).id();
            assertThat(thrown.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            BatchProgress paused = assertTimeoutPreemptively(WAIT, () -> batches.pause(id));
            // Whether the pause came before the error or after it, the error is what the batch shows.
            assertThat(paused.state()).isEqualTo(BatchState.FAILED);
            assertThat(paused.failure()).isEqualTo("java.lang.Error: simulated");
            assertThat(paused.queued()).isZero();
        }
    }

    @Test
    void aBatchWhoseDirectMailIsClosedPausesWithTheReason() throws Exception {
        DirectMail directMail = fixture.directMail(transport).build();
        directMail.close();
        try (Batches batches = fixture.batches(directMail).build()) {
            String id = batches.start(ACCOUNT, request(rows(3))).id();

            BatchRecord paused = fixture.journal.awaitState(id, BatchState.PAUSED, WAIT);
            assertThat(paused.failure()).contains("DirectMail is closed");
            assertThat(paused.position()).isZero();
            assertThat(batches.progress(id)).contains(paused.progress());
        }
        assertThat(transport.messages()).isEmpty();
    }

    @Test
    void theJournalHearsOfTheStartEveryHundredRowsAndTheEnd() throws Exception {
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).build()) {
            String id = batches.start(ACCOUNT, BatchRequest.of(NEWS, TEMPLATE, new io.directmail.list.RecipientList("readers", rows(250)))
                    .withSharedVariables(Map.of("month", "March"))).id();
            fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);

            assertThat(fixture.journal.all()).extracting(BatchRecord::state, BatchRecord::position)
                    .containsExactly(tuple(BatchState.RUNNING, 0), tuple(BatchState.RUNNING, 100), tuple(BatchState.RUNNING, 200),
                            tuple(BatchState.COMPLETED, 250));
            assertThat(batches.snapshot()).extracting(BatchRecord::id).containsExactly(id);
        }
    }

    @Test
    void aJournalThatFailsAtTheStartStartsNothing() {
        QuotaLedger ledger = fixture.ledger(100);
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).quota(account -> ledger)
                        .journal(record -> {
                            throw new IllegalStateException("store unavailable");
                        }).build()) {
            assertThatThrownBy(() -> batches.start(ACCOUNT, request(rows(3)))).hasMessage("store unavailable");
            assertThat(batches.snapshot()).isEmpty();
            assertThat(ledger.dailyCapRemaining()).hasValue(100);
        }
        assertThat(transport.messages()).isEmpty();
    }

    @Test
    void closeLeavesARunningBatchRunningInItsRecord_andARestoredInstanceFinishesIt() throws Exception {
        GatedStore store = new GatedStore(MailStore.inMemory(), 4);
        try (DirectMail directMail = fixture.directMail(transport).store(store).build()) {
            String id;
            try (Batches batches = fixture.batches(directMail).closeTimeout(Duration.ZERO).build()) {
                id = batches.start(ACCOUNT, request(rows(10))).id();
                store.awaitArrival();
                batches.close();
                store.open();
                BatchRecord stopped = fixture.journal.await(r -> r.position() == 4, WAIT);
                assertThat(stopped.state()).isEqualTo(BatchState.RUNNING);
                assertThatThrownBy(() -> batches.start(ACCOUNT, request(rows(1))))
                        .isInstanceOf(DirectMailException.class).hasMessageContaining("closed");
                assertThatThrownBy(() -> batches.resume(id)).isInstanceOf(DirectMailException.class).hasMessageContaining("closed");
                assertThat(batches.snapshot()).singleElement().isEqualTo(stopped);
            }
            List<BatchRecord> stored = new ArrayList<>(fixture.journal.all().stream().filter(r -> r.position() == 4).toList());

            try (Batches restored = fixture.batches(directMail).restore(stored).build()) {
                fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
                assertThat(restored.progress(id).orElseThrow().queued()).isEqualTo(10);
            }
            assertThat(transport.awaitMessages(10, WAIT)).extracting(BatchFixture::recipient).doesNotHaveDuplicates().hasSize(10);
        }
    }

    @Test
    void restoredBatchesPausedByTheApplicationStayPaused_andThosePausedByAFailureGoOn() throws Exception {
        BatchRequest request = request(rows(3));
        BatchRecord pausedByApplication = new BatchRecord("paused1", ACCOUNT, request, BatchState.PAUSED, 1, 0, BatchFixture.START, null);
        BatchRecord pausedByFailure = new BatchRecord("failed1", ACCOUNT, request(rows(2)), BatchState.PAUSED, 0, 0, BatchFixture.START,
                "DirectMail is closed");
        BatchRecord completed = new BatchRecord("done1", ACCOUNT, request, BatchState.COMPLETED, 3, 0, BatchFixture.START, null);
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).restore(List.of(pausedByApplication, pausedByFailure, completed)).build()) {
            fixture.journal.awaitState("failed1", BatchState.COMPLETED, WAIT);
            assertThat(transport.awaitMessages(2, WAIT)).extracting(BatchFixture::recipient)
                    .containsExactlyInAnyOrder("reader0@example.org", "reader1@example.org");
            assertThat(batches.progress("paused1").orElseThrow().state()).isEqualTo(BatchState.PAUSED);
            assertThat(batches.progress("done1").orElseThrow().state()).isEqualTo(BatchState.COMPLETED);

            batches.resume("paused1");
            fixture.journal.awaitState("paused1", BatchState.COMPLETED, WAIT);
            assertThat(batches.progress("paused1").orElseThrow().queued()).isEqualTo(3);
        }
        assertThat(transport.messages()).extracting(BatchFixture::recipient)
                .containsExactlyInAnyOrder("reader0@example.org", "reader1@example.org", "reader1@example.org", "reader2@example.org");
    }

    @Test
    void theBuilderRefusesWhatABatchCannotDoWithout() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            assertThatThrownBy(() -> Batches.newBuilder(directMail).unsubscribe(BatchFixture.UNSUBSCRIBE).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("senderCheck");
            assertThatThrownBy(() -> Batches.newBuilder(directMail).senderCheck(fixture.identities::checkSendable).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("unsubscribe");
            assertThatThrownBy(() -> fixture.batches(directMail).closeTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            BatchRecord record = new BatchRecord("same", ACCOUNT, request(rows(1)), BatchState.COMPLETED, 1, 0, BatchFixture.START, null);
            assertThatThrownBy(() -> fixture.batches(directMail).restore(List.of(record, record)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
            assertThatThrownBy(() -> Batches.newBuilder(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
