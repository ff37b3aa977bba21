package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A recipient the transport did not attempt because its destination was busy: it keeps its status
 * and its count of attempts, nothing is stored for it, and the message comes back when the
 * transport said the destination would have room.
 */
class BusyDestinationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");
    private static final SmtpReply OK = SmtpReply.parse(250, "2.0.0 OK");
    private static final SmtpReply GREYLISTED = SmtpReply.parse(451, "4.7.1 Greylisted, try again later");

    private final SettableClock clock = new SettableClock(T0);
    private final RecordingListener listener = new RecordingListener();
    private final CountingStore store = new CountingStore(MailStore.inMemory(StoreOptions.defaults().withClock(clock)));
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    private record Call(Instant at, OutboundMessage message) {
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A transport that lets {@code decide(callNumber, recipient)} answer for each recipient, counting calls from 1. */
    private Transport transport(BiFunction<Integer, EmailAddress, RecipientOutcome> decide) {
        AtomicInteger count = new AtomicInteger();
        return message -> {
            int call = count.incrementAndGet();
            calls.add(new Call(clock.instant(), message));
            return message.recipients().stream().map(r -> decide.apply(call, r)).toList();
        };
    }

    private DirectMail directMail(Transport transport, RetryPolicy policy) {
        return DirectMail.newBuilder().transport(transport).clock(clock).listener(listener).store(store)
                .retryPolicy(policy).schedulerTick(Duration.ofMillis(5)).build();
    }

    private Call nextCall() throws InterruptedException {
        Call call = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(call).as("a delivery attempt within " + WAIT).isNotNull();
        return call;
    }

    private static Mail mail(MailType type, String... to) {
        return Mail.newBuilder().from("news@example.com").addTo(to).subject("Hello").text("Hi").type(type).build();
    }

    private static RecipientOutcome delivered(EmailAddress recipient) {
        return RecipientOutcome.fromReply(recipient, OK, "mx.example.org");
    }

    @Test
    void aPostponedRecipientKeepsItsStatusAndAttempts_andIsDeliveredWhenTheTransportSaid_withoutAStoreWriteInBetween()
            throws Exception {
        Transport transport = transport((call, r) -> r.localPart().equals("alice") && call == 1
                ? RecipientOutcome.notAttempted(r, T0.plusSeconds(2), "example.org is at its rate")
                : delivered(r));
        try (DirectMail directMail = directMail(transport, RetryPolicy.DEFAULT)) {
            Receipt receipt = directMail.send(mail(MailType.BATCH, "alice@example.org"));
            Call first = nextCall();
            assertThat(first.message().type()).as("the engine tells the transport the lane").isEqualTo(MailType.BATCH);

            clock.advance(Duration.ofSeconds(1));
            directMail.send(mail(MailType.TRIGGER, "marker@example.org"));
            assertThat(nextCall().message().recipients()).extracting(EmailAddress::localPart).containsExactly("marker");
            listener.awaitOutcomes(1, WAIT);
            RecipientStatus waiting = directMail.status(receipt.messageId()).orElseThrow()
                    .recipient(EmailAddress.of("alice@example.org"));
            assertThat(waiting.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(waiting.attempts()).isZero();

            clock.advance(Duration.ofSeconds(1));
            Call second = nextCall();
            DeliveryEvent outcome = listener.awaitOutcomes(2, WAIT).get(1);

            assertThat(second.at()).isEqualTo(T0.plusSeconds(2));
            assertThat(outcome.recipient().localPart()).isEqualTo("alice");
            assertThat(outcome.type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(outcome.attempt()).as("the postponement was no attempt").isEqualTo(1);
            assertThat(listener.all()).filteredOn(e -> e.recipient().localPart().equals("alice"))
                    .extracting(DeliveryEvent::type).containsExactly(DeliveryStatus.QUEUED, DeliveryStatus.DELIVERED);
            assertThat(store.updates(receipt.messageId())).as("only the final state was stored").isEqualTo(1);
        }
    }

    @Test
    void aLongerPostponement_putsTheMessageBackInTheStoreUntilItIsDue_soItDoesNotHoldItsPlaceInMemory() throws Exception {
        Transport transport = transport((call, r) -> call == 1
                ? RecipientOutcome.notAttempted(r, T0.plusSeconds(30), "example.org is at its rate")
                : delivered(r));
        try (DirectMail directMail = directMail(transport, RetryPolicy.DEFAULT)) {
            Receipt receipt = directMail.send(mail(MailType.BATCH, "alice@example.org"));
            nextCall();
            assertThat(store.awaitUpdates(receipt.messageId(), 1)).as("put back in the store").isTrue();
            StoredMessage waiting = store.find(receipt.messageId()).orElseThrow();
            assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(waiting.recipients().getFirst().status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(waiting.recipients().getFirst().attempts()).isZero();

            clock.advance(Duration.ofSeconds(30));
            assertThat(nextCall().at()).isEqualTo(T0.plusSeconds(30));
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void whenAnotherRecipientOfTheMessageWasDeferred_theRetryPolicyDecidesWhenBothAreTriedAgain() throws Exception {
        Transport transport = transport((call, r) -> {
            if (call > 1) {
                return delivered(r);
            }
            return r.localPart().equals("busy") ? RecipientOutcome.notAttempted(r, T0.plusSeconds(30), "busy")
                    : RecipientOutcome.fromReply(r, GREYLISTED, "mx.example.net");
        });
        try (DirectMail directMail = directMail(transport, RetryPolicy.DEFAULT)) {
            Receipt receipt = directMail.send(mail(MailType.TRIGGER, "busy@example.org", "grey@example.net"));
            nextCall();
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DEFERRED);

            clock.advance(Duration.ofSeconds(30));
            directMail.send(mail(MailType.TRIGGER, "marker@example.org"));
            assertThat(nextCall().message().recipients()).extracting(EmailAddress::localPart).containsExactly("marker");

            clock.advance(Duration.ofMinutes(5).minusSeconds(30));
            Call retry = nextCall();
            listener.awaitOutcomes(4, WAIT);

            assertThat(retry.at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(retry.message().recipients()).extracting(EmailAddress::localPart).containsExactly("busy", "grey");
            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.recipient(EmailAddress.of("busy@example.org")).attempts()).isEqualTo(1);
            assertThat(status.recipient(EmailAddress.of("grey@example.net")).attempts()).isEqualTo(2);
        }
    }

    @Test
    void aMessagePostponedUntilItsLifetimeEnds_expiresThenWithoutAnyAttempt() throws Exception {
        Transport transport = transport((call, r) -> RecipientOutcome.notAttempted(r, clock.instant().plus(Duration.ofMinutes(2)), "busy"));
        try (DirectMail directMail = directMail(transport, RetryPolicy.DEFAULT.withLifetime(Duration.ofMinutes(1)))) {
            directMail.send(mail(MailType.BATCH, "alice@example.org"));
            nextCall();

            clock.advance(Duration.ofMinutes(1));
            Call last = nextCall();
            DeliveryEvent expired = listener.awaitOutcomes(1, WAIT).getFirst();

            assertThat(last.at()).as("due at the end of the lifetime, not after it").isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(expired.type()).isEqualTo(DeliveryStatus.EXPIRED);
            assertThat(expired.detail()).contains("gave up after 0 attempt(s)");
        }
    }

    /** The in-memory store, counting the updates of each message. */
    private static final class CountingStore extends ForwardingMailStore {
        private final Map<String, AtomicInteger> updates = new ConcurrentHashMap<>();

        CountingStore(MailStore delegate) {
            super(delegate);
        }

        int updates(String messageId) {
            AtomicInteger count = updates.get(messageId);
            return count == null ? 0 : count.get();
        }

        /** Waits, boundedly, until a message has had at least {@code count} updates. */
        synchronized boolean awaitUpdates(String messageId, int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (updates(messageId) < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public void update(StoredMessage progress) {
            delegate.update(progress);
            updates.computeIfAbsent(progress.messageId(), id -> new AtomicInteger()).incrementAndGet();
            synchronized (this) {
                notifyAll();
            }
        }
    }
}
