package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts share delivery fairly: one account's large batch does not hold back another's. */
class FairShareTest {

    private static final int BIG_BATCH = 6_000;
    private static final int SMALL_BATCH = 10;

    @TempDir
    Path dir;

    @Test
    void aSmallBatchQueuedAfterAnotherAccountsLargeOne_isDeliveredLongBeforeTheLargeOneDrains() throws Exception {
        CountDownLatch smallQueued = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        SmtpReply ok = SmtpReply.parse(250, "2.0.0 OK");
        Transport transport = message -> {
            String account = message.recipients().getFirst().domain().startsWith("big") ? "big" : "small";
            if (account.equals("big")) {
                // The big account's deliveries wait until the small account has queued its batch.
                try {
                    smallQueued.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            order.add(account);
            return message.recipients().stream().map(r -> RecipientOutcome.fromReply(r, ok, "mx.example.org")).toList();
        };

        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).dataDirectory(dir).deliveryConcurrency(16)
                .closeTimeout(Duration.ofMinutes(2)).build()) {
            Mail big = Mail.newBuilder().account("big-customer").from("news@big.example").addTo("reader@big.example.org")
                    .type(MailType.BATCH).subject("Sale").text("Everything must go").build();
            Mail small = Mail.newBuilder().account("small-customer").from("news@small.example").addTo("reader@small.example.org")
                    .type(MailType.BATCH).subject("Our first newsletter").text("Hello").build();
            for (int i = 0; i < BIG_BATCH; i++) {
                directMail.send(big);
            }
            for (int i = 0; i < SMALL_BATCH; i++) {
                directMail.send(small);
            }
            smallQueued.countDown();
        }

        assertThat(order).hasSize(BIG_BATCH + SMALL_BATCH);
        int lastSmall = order.lastIndexOf("small");
        System.out.printf("fair share: the small account's last message went out at position %d of %d%n",
                lastSmall + 1, order.size());
        assertThat(lastSmall).as("position of the small account's last delivery").isLessThan(BIG_BATCH / 3);
    }
}
