package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.InvalidMessageQueryException;
import io.directmail.Mail;
import io.directmail.MessagePage;
import io.directmail.MessageStatus;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the message listing snippets of the user guide, so that what they claim holds. */
class MessageListingExamplesTest {

    private static final Instant NINE = Instant.parse("2026-03-10T09:00:00Z");

    /** A clock the test moves forward, so the messages are accepted at different times. */
    private static final class StepClock extends Clock {
        private volatile Instant now = NINE;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final StepClock clock = new StepClock();
    /** Refuses "gone" as no such user and delivers to anyone else. */
    private final Transport transport = message -> message.recipients().stream()
            .map(r -> RecipientOutcome.fromReply(r, r.localPart().equals("gone")
                    ? SmtpReply.parse(550, "5.1.1 No such user") : SmtpReply.parse(250, "2.0.0 OK"), "mx.example.org"))
            .toList();

    private static Mail receipt(String tag, String... to) {
        return Mail.newBuilder().account("shop").from("orders@shop.example").addTo(to).subject("Receipt").text("Thanks")
                .tag(tag).build();
    }

    @Test
    void theGuidesListingsShowEachRecipient_newestFirst_andPageThroughCursors() throws Exception {
        CountDownLatch outcomes = new CountDownLatch(25);
        try (MailStore store = MailStore.inMemory(StoreOptions.defaults().withClock(clock));
             DirectMail directMail = DirectMail.newBuilder().transport(transport).clock(clock).store(store)
                     .listener(event -> {
                         if (event.type() != DeliveryStatus.QUEUED) {
                             outcomes.countDown();
                         }
                     }).build()) {
            directMail.send(receipt("receipt", "alice@one.example", "gone@two.example"));
            clock.now = NINE.plus(Duration.ofHours(1));
            directMail.send(receipt("welcome", "bob@one.example"));
            clock.now = NINE.plus(Duration.ofHours(2));
            directMail.send(receipt("receipt", "carol@one.example"));
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                clock.now = NINE.plus(Duration.ofHours(3)).plusSeconds(i);
                sent.add(directMail.send(receipt("news", "reader" + i + "@one.example")).messageId());
            }
            assertThat(outcomes.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(MessageListingExamples.receiptsOfTheDay(directMail, "shop", LocalDate.of(2026, 3, 10))).containsExactly(
                    "2026-03-10T11:00:00Z carol@one.example: DELIVERED after 1 attempt(s), last reply 250 2.0.0 OK",
                    "2026-03-10T09:00:00Z alice@one.example: DELIVERED after 1 attempt(s), last reply 250 2.0.0 OK",
                    "2026-03-10T09:00:00Z gone@two.example: BOUNCED after 1 attempt(s), last reply 550 5.1.1 No such user");
            assertThat(MessageListingExamples.receiptsOfTheDay(directMail, "shop", LocalDate.of(2026, 3, 9))).isEmpty();

            Instant from = NINE.plus(Duration.ofHours(3));
            Instant to = from.plus(Duration.ofHours(1));
            List<String> listed = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                MessagePage page = MessageListingExamples.onePage(directMail, "shop", from, to, cursor);
                page.messages().stream().map(MessageStatus::messageId).forEach(listed::add);
                cursor = page.nextCursor().orElse(null);
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(2);
            assertThat(listed).containsExactlyElementsOf(sent);
            assertThatThrownBy(() -> MessageListingExamples.onePage(directMail, "shop", from, to, "from-a-bad-client"))
                    .isInstanceOf(InvalidMessageQueryException.class).hasMessageContaining("cursor");
        }
    }
}
