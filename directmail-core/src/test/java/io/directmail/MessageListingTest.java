package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.SmtpReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link DirectMail#messages}: each message's detail, listed by account, time range and tag, a page at a time. */
class MessageListingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-05-04T09:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final RecordingListener listener = new RecordingListener();
    private final InMemoryTransport transport = new InMemoryTransport();

    private DirectMail directMail(MailStore store) {
        return DirectMail.newBuilder().transport(transport).clock(clock).listener(listener).store(store)
                .schedulerTick(Duration.ofMillis(5)).build();
    }

    private static Mail.Builder mail(String account, String tag, String... to) {
        return Mail.newBuilder().account(account).from("orders@shop.example").addTo(to).subject("Your order").text("Thanks")
                .tag(tag);
    }

    private static MessageQuery.Builder query(String account) {
        return MessageQuery.newBuilder().account(account).from(START).to(START.plus(Duration.ofHours(1)));
    }

    private static List<String> ids(MessagePage page) {
        return page.messages().stream().map(MessageStatus::messageId).toList();
    }

    @Test
    void messages_byTagAndRange_giveEachRecipientsStatusAttemptsAndLastReply() throws Exception {
        try (MailStore store = MailStore.inMemory(StoreOptions.defaults().withClock(clock)); DirectMail directMail = directMail(store)) {
            directMail.suppress(EmailAddress.of("gone@example.org"), "left the company");
            Receipt receipt = directMail.send(mail("shop", "receipt", "alice@example.org", "gone@example.org").build());
            clock.advance(Duration.ofMinutes(1));
            Receipt welcome = directMail.send(mail("shop", "welcome", "bob@example.org").build());
            clock.advance(Duration.ofMinutes(1));
            Receipt scheduled = directMail.send(mail("shop", "receipt", "carol@example.org")
                    .sendAt(START.plus(Duration.ofDays(1))).build());
            clock.advance(Duration.ofMinutes(1));
            Receipt elsewhere = directMail.send(mail("blog", "receipt", "dave@example.org").build());
            // alice delivered and gone suppressed, bob delivered, dave delivered; carol waits for tomorrow.
            listener.awaitOutcomes(4, WAIT);

            MessagePage receipts = directMail.messages(query("shop").tag("receipt").build());

            assertThat(ids(receipts)).containsExactly(receipt.messageId(), scheduled.messageId());
            assertThat(receipts.nextCursor()).isEmpty();
            MessageStatus first = receipts.messages().getFirst();
            assertThat(first.account()).isEqualTo("shop");
            assertThat(first.tag()).isEqualTo("receipt");
            assertThat(first.acceptedAt()).isEqualTo(START);
            RecipientStatus alice = first.recipient(EmailAddress.of("alice@example.org"));
            assertThat(alice.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(alice.attempts()).isEqualTo(1);
            assertThat(alice.lastReply()).isEqualTo(new SmtpReply(250, "2.0.0", "kept in memory"));
            assertThat(alice.remoteHost()).isEqualTo("memory");
            RecipientStatus gone = first.recipient(EmailAddress.of("gone@example.org"));
            assertThat(gone.status()).isEqualTo(DeliveryStatus.SUPPRESSED);
            assertThat(gone.attempts()).isZero();
            assertThat(gone.lastReply()).isNull();
            RecipientStatus carol = receipts.messages().get(1).recipients().getFirst();
            assertThat(carol.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(carol.attempts()).isZero();
            assertThat(receipts.messages()).containsExactly(directMail.status(receipt.messageId()).orElseThrow(),
                    directMail.status(scheduled.messageId()).orElseThrow());

            assertThat(ids(directMail.messages(query("shop").tag("receipt").order(MessageQuery.Order.NEWEST_FIRST).build())))
                    .containsExactly(scheduled.messageId(), receipt.messageId());
            assertThat(ids(directMail.messages(query("shop").from(START.plusSeconds(1)).build())))
                    .as("from is included, and a message accepted before it is not listed")
                    .containsExactly(welcome.messageId(), scheduled.messageId());
            assertThat(ids(directMail.messages(query("shop").to(START.plus(Duration.ofMinutes(2))).build())))
                    .as("to is excluded").containsExactly(receipt.messageId(), welcome.messageId());
            assertThat(ids(directMail.messages(query("blog").build()))).containsExactly(elsewhere.messageId());
            assertThat(directMail.messages(query("nobody").build()).messages()).isEmpty();
        }
    }

    @Test
    void pages_followEachOtherByTheirCursors_untilTheLastHasNone() throws Exception {
        try (MailStore store = MailStore.inMemory(StoreOptions.defaults().withClock(clock)); DirectMail directMail = directMail(store)) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                sent.add(directMail.send(mail("shop", "news", "reader" + i + "@example.org").build()).messageId());
                clock.advance(Duration.ofSeconds(i % 2));   // some share an instant
            }
            listener.awaitOutcomes(7, WAIT);
            MessageQuery query = query("shop").tag("news").limit(3).build();
            List<String> expected = sent.stream().sorted((a, b) -> {
                Instant ta = directMail.status(a).orElseThrow().acceptedAt();
                Instant tb = directMail.status(b).orElseThrow().acceptedAt();
                return ta.equals(tb) ? a.compareTo(b) : ta.compareTo(tb);
            }).toList();

            List<Integer> sizes = new ArrayList<>();
            List<String> listed = new ArrayList<>();
            MessagePage page = directMail.messages(query);
            while (true) {
                sizes.add(page.messages().size());
                listed.addAll(ids(page));
                if (page.nextCursor().isEmpty()) {
                    break;
                }
                String cursor = page.nextCursor().get();
                // A cursor that came back from a client works through the builder as well.
                assertThat(query("shop").tag("news").limit(3).after(cursor).build()).isEqualTo(query.after(cursor));
                page = directMail.messages(query.after(cursor));
            }

            assertThat(sizes).containsExactly(3, 3, 1);
            assertThat(listed).containsExactlyElementsOf(expected);
            MessagePage exactlyFull = directMail.messages(query("shop").tag("news").limit(7).build());
            assertThat(exactlyFull.messages()).hasSize(7);
            assertThat(exactlyFull.nextCursor()).as("no page follows a page that took the last message").isEmpty();
        }
    }

    @Test
    void badQueries_areRefusedWithTheArgumentNamed_beforeTheStoreIsRead() {
        AtomicInteger listings = new AtomicInteger();
        MailStore counting = new ForwardingMailStore(MailStore.inMemory(StoreOptions.defaults().withClock(clock))) {
            @Override
            public List<StoredMessage> messages(MessageQuery query) {
                listings.incrementAndGet();
                return super.messages(query);
            }
        };
        try (counting; DirectMail directMail = directMail(counting)) {
            assertThatThrownBy(() -> MessageQuery.newBuilder().account(null)).isInstanceOf(InvalidMessageQueryException.class)
                    .hasMessageStartingWith("account must be").hasMessageEndingWith(": null");
            assertThatThrownBy(() -> MessageQuery.newBuilder().account("  ")).isInstanceOf(InvalidMessageQueryException.class)
                    .hasMessageContaining("account must be").hasMessageContaining("\"  \"");
            assertThatThrownBy(() -> query("shop").from(START).to(START.minusNanos(1)).build())
                    .isInstanceOf(InvalidMessageQueryException.class).hasMessageContaining("to 2026-05-04T08:59:59.999999999Z is before from");
            assertThatThrownBy(() -> query("shop").limit(1001)).isInstanceOf(InvalidMessageQueryException.class)
                    .hasMessageContaining("limit must be 1 to 1000, was 1001");
            assertThatThrownBy(() -> query("shop").after("not a cursor")).isInstanceOf(InvalidMessageQueryException.class)
                    .hasMessageContaining("cursor");
            assertThatThrownBy(() -> directMail.messages(query("shop").to(START.plus(Duration.ofDays(8))).build()))
                    .isInstanceOf(InvalidMessageQueryException.class).hasMessageContaining("retention");
            assertThatThrownBy(() -> directMail.messages(null)).isInstanceOf(NullPointerException.class).hasMessage("query");

            // Only the range over the retention reached the store, which refused it before reading.
            assertThat(listings).hasValue(1);
            assertThat(directMail.messages(query("shop").to(START.plus(Duration.ofDays(7))).build()).messages()).isEmpty();
        }
    }
}
