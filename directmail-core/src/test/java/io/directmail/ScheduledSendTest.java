package io.directmail;

import io.directmail.testsupport.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Mail#sendAt()}: accepted now, delivered when its time comes, by the injected clock. */
class ScheduledSendTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final InMemoryTransport memory = new InMemoryTransport();
    private final RecordingListener listener = new RecordingListener();

    private DirectMail directMail() {
        return DirectMail.newBuilder().transport(memory).clock(clock).listener(listener)
                .schedulerTick(Duration.ofMillis(5)).build();
    }

    private static Mail.Builder mail(String to) {
        return Mail.newBuilder().from("news@example.com").addTo(to).subject("Reminder").text("Your meeting starts soon");
    }

    @Test
    void aScheduledMessageIsQueuedAtOnceAndDeliveredWhenItsTimeComes() throws Exception {
        try (DirectMail directMail = directMail()) {
            Receipt scheduled = directMail.send(mail("later@example.org").sendAt(START.plus(Duration.ofHours(1))).build());
            assertThat(directMail.status(scheduled.messageId()).orElseThrow().recipients().getFirst().status())
                    .isEqualTo(DeliveryStatus.QUEUED);

            clock.advance(Duration.ofMinutes(59));
            directMail.send(mail("now@example.org").build());
            listener.awaitOutcomes(1, WAIT);
            assertThat(memory.messages()).extracting(m -> m.recipients().getFirst().address()).containsExactly("now@example.org");

            clock.advance(Duration.ofMinutes(1));
            DeliveryEvent delivered = listener.awaitOutcomes(2, WAIT).get(1);
            assertThat(delivered.recipient().address()).isEqualTo("later@example.org");
            assertThat(delivered.at()).isEqualTo(START.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void aTimeInThePastMeansNow() throws Exception {
        try (DirectMail directMail = directMail()) {
            directMail.send(mail("late@example.org").sendAt(START.minusSeconds(60)).build());
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void aTimeBeyondTheLimitIsRefusedAndNothingIsQueued() {
        try (DirectMail directMail = DirectMail.newBuilder().transport(memory).clock(clock)
                .limits(Limits.DEFAULT.withMaxScheduleAhead(Duration.ofDays(7))).build()) {
            assertThatThrownBy(() -> directMail.send(mail("far@example.org").sendAt(START.plus(Duration.ofDays(8))).build()))
                    .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                        assertThat(e.limit()).isEqualTo("maxScheduleAhead");
                        assertThat(e.allowed()).isEqualTo(Duration.ofDays(7).toSeconds());
                    });
        }
        assertThat(memory.messages()).extracting(OutboundMessage::messageId).isEmpty();
    }
}
