package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Trigger mail is never delayed behind a running batch. */
@Tag("integration")
class PriorityLaneTest {

    private static final int BATCH = 100_000;

    @Test
    void aTriggerMessageQueuedBehindA100000MessageBatchIsDeliveredBeforeTheBatchDrains() throws Exception {
        CountDownLatch releaseBatch = new CountDownLatch(1);
        CountDownLatch triggerDelivered = new CountDownLatch(1);
        AtomicInteger batchDeliveredBeforeTrigger = new AtomicInteger(-1);
        AtomicInteger batchDelivered = new AtomicInteger();
        SmtpReply ok = SmtpReply.parse(250, "2.0.0 OK");
        Transport transport = message -> {
            boolean trigger = message.recipients().getFirst().localPart().equals("reset");
            if (trigger) {
                batchDeliveredBeforeTrigger.set(batchDelivered.get());
                triggerDelivered.countDown();
            } else {
                // The batch's exchanger is slow: every batch delivery holds its worker until released.
                try {
                    releaseBatch.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                batchDelivered.incrementAndGet();
            }
            return message.recipients().stream().map(r -> RecipientOutcome.fromReply(r, ok, "mx.example.org")).toList();
        };

        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).deliveryConcurrency(16)
                .closeTimeout(Duration.ofMinutes(2)).build()) {
            Mail newsletter = Mail.newBuilder().from("news@example.com").addTo("reader@example.org").type(MailType.BATCH)
                    .subject("November news").text("What happened this month").build();
            for (int i = 0; i < BATCH; i++) {
                directMail.send(newsletter);
            }
            directMail.send(Mail.newBuilder().from("accounts@example.com").addTo("reset@example.org")
                    .subject("Your password reset code").text("123456").build());

            assertThat(triggerDelivered.await(30, TimeUnit.SECONDS)).as("trigger delivered while the batch waits").isTrue();
            assertThat(batchDeliveredBeforeTrigger.get()).isLessThan(BATCH);
            releaseBatch.countDown();
        }
        assertThat(batchDelivered.get()).isEqualTo(BATCH);
    }
}
