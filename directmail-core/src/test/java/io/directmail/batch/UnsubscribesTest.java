package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.UNSUBSCRIBE;
import static io.directmail.batch.BatchFixture.WAIT;
import static io.directmail.batch.BatchFixture.request;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DeliveryEvent;
import io.directmail.DeliveryListener;
import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.SuppressedRecipientException;
import io.directmail.Suppression;
import io.directmail.UnsubscribeEvent;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One-click unsubscribe: a signed token from a batch message puts its recipient on the account's
 * unsubscribe list, which holds back that account's batch mail only; listeners and statistics hear
 * of it once.
 */
class UnsubscribesTest {

    private static final EmailAddress READER = EmailAddress.of("reader0@example.org");

    private final BatchFixture fixture = new BatchFixture();
    private final InMemoryTransport transport = new InMemoryTransport();
    private final List<Unsubscribe> heard = new CopyOnWriteArrayList<>();

    private static String tokenFor(EmailAddress address) {
        return UNSUBSCRIBE.tokens().issue(ACCOUNT, address, "b1", BatchFixture.START);
    }

    @Test
    void theTokenOfABatchMessageUnsubscribesItsRecipient_andTheNextBatchSkipsThem() throws Exception {
        List<UnsubscribeEvent> events = new CopyOnWriteArrayList<>();
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void onEvent(DeliveryEvent event) {
            }

            @Override
            public void onUnsubscribe(UnsubscribeEvent event) {
                events.add(event);
            }
        };
        try (DirectMail directMail = fixture.directMail(transport).listener(listener).build();
                Batches batches = fixture.batches(directMail).build()) {
            String first = batches.start(ACCOUNT, request(rows(2))).id();
            fixture.journal.awaitState(first, BatchState.COMPLETED, WAIT);
            OutboundMessage toReader = transport.awaitMessages(2, WAIT).stream()
                    .filter(m -> m.recipients().equals(List.of(READER))).findFirst().orElseThrow();
            String token = BatchFixture.unsubscribeToken(BatchFixture.parse(toReader));

            Unsubscribe unsubscribe = new Unsubscribes(directMail, UNSUBSCRIBE, heard::add).record(token);

            assertThat(unsubscribe.newlySuppressed()).isTrue();
            assertThat(unsubscribe.token()).isEqualTo(new UnsubscribeToken(ACCOUNT, READER, first, BatchFixture.START));
            assertThat(unsubscribe.suppression().reason()).isEqualTo(Suppression.Reason.UNSUBSCRIBE);
            assertThat(unsubscribe.suppression().detail()).contains(first);
            assertThat(directMail.unsubscribed(ACCOUNT, READER)).contains(unsubscribe.suppression());
            assertThat(directMail.suppression(READER)).as("the instance's suppression list is left alone").isEmpty();
            assertThat(heard).containsExactly(unsubscribe);
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.address()).isEqualTo(READER);
                assertThat(event.account()).isEqualTo(ACCOUNT);
                assertThat(event.at()).isEqualTo(fixture.clock.instant());
            });
            assertThat(directMail.statistics().daily(ACCOUNT, directMail.statistics().today(), directMail.statistics().today()))
                    .singleElement().satisfies(day -> assertThat(day.unsubscribed()).isEqualTo(1));

            transport.clear();
            String second = batches.start(ACCOUNT, request(rows(2))).id();
            BatchRecord done = fixture.journal.awaitState(second, BatchState.COMPLETED, WAIT);
            assertThat(done.progress()).isEqualTo(new BatchProgress(second, BatchState.COMPLETED, 2, 1, 1, null));
            assertThat(transport.awaitMessages(1, WAIT)).extracting(BatchFixture::recipient).containsExactly("reader1@example.org");

            transport.clear();
            directMail.send(Mail.newBuilder().account(ACCOUNT).from(BatchFixture.ALERTS).addTo(READER).subject("Your receipt")
                    .text("Thanks").build());
            directMail.send(Mail.newBuilder().account("another-shop").type(MailType.BATCH).from("news@another.example")
                    .addTo(READER).subject("Another newsletter").text("Hello").build());
            assertThat(transport.awaitMessages(2, WAIT)).as("the account's trigger mail and other accounts' mail still go")
                    .extracting(OutboundMessage::recipients).containsOnly(List.of(READER));
        }
    }

    @Test
    void anUnsubscribeHoldsBackTheAccountsBatchMail_untilTheAddressResubscribes() throws Exception {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            directMail.unsubscribe(ACCOUNT, READER, "spring-sale", "asked at the counter");
            Mail newsletter = Mail.newBuilder().account(ACCOUNT).type(MailType.BATCH).from(BatchFixture.NEWS).addTo(READER)
                    .subject("News").text("Hello").build();

            assertThatThrownBy(() -> directMail.send(newsletter)).isInstanceOf(SuppressedRecipientException.class);
            assertThat(directMail.unsubscribes(ACCOUNT)).extracting(Suppression::address).containsExactly(READER);
            assertThat(directMail.statistics().byTag(ACCOUNT, directMail.statistics().today()))
                    .filteredOn(day -> "spring-sale".equals(day.tag())).singleElement()
                    .satisfies(day -> assertThat(day.unsubscribed()).isEqualTo(1));

            assertThat(directMail.resubscribe(ACCOUNT, READER)).isTrue();
            assertThat(directMail.resubscribe(ACCOUNT, READER)).isFalse();
            directMail.send(newsletter);
            assertThat(transport.awaitMessages(1, WAIT)).hasSize(1);
        }
    }

    @Test
    void anUnsubscribedAddress_keepsItsSpelling_andIsFoundWhateverTheCaseOfItsLocalPart() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            directMail.unsubscribe(ACCOUNT, EmailAddress.of("Reader.Zero@Example.org"), null, "by phone");

            assertThat(directMail.unsubscribes(ACCOUNT)).extracting(entry -> entry.address().address())
                    .containsExactly("Reader.Zero@example.org");
            assertThat(directMail.unsubscribed(ACCOUNT, EmailAddress.of("reader.zero@example.org"))).isPresent();
            assertThat(directMail.unsubscribed("another-shop", EmailAddress.of("reader.zero@example.org"))).isEmpty();
        }
    }

    @Test
    void unsubscribeArgumentsAreChecked_andNothingIsRecordedForABadOne() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            assertThatThrownBy(() -> directMail.unsubscribe("no spaces allowed", READER, null, ""))
                    .isInstanceOf(InvalidMailException.class).hasMessageContaining("account");
            assertThatThrownBy(() -> directMail.unsubscribe(ACCOUNT, READER, "bad\r\ntag", ""))
                    .isInstanceOf(InvalidMailException.class).hasMessageContaining("tag");
            assertThatThrownBy(() -> directMail.unsubscribe(ACCOUNT, null, null, "")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> directMail.unsubscribed(null, READER)).isInstanceOf(InvalidMailException.class);

            assertThat(directMail.unsubscribes(ACCOUNT)).isEmpty();
        }
    }

    @Test
    void theIntakeOfABatches_countsEachUnsubscribeUnderItsBatchsTag() throws Exception {
        try (DirectMail directMail = fixture.directMail(transport).build();
                Batches batches = fixture.batches(directMail).build()) {
            String id = batches.start(ACCOUNT, request(rows(1)).withTag("march-news")).id();
            fixture.journal.awaitState(id, BatchState.COMPLETED, WAIT);
            String token = BatchFixture.unsubscribeToken(BatchFixture.parse(transport.awaitMessages(1, WAIT).getFirst()));

            Unsubscribe unsubscribe = batches.unsubscribes(heard::add).record(token);

            assertThat(unsubscribe.newlySuppressed()).isTrue();
            assertThat(heard).containsExactly(unsubscribe);
            assertThat(directMail.statistics().byTag(ACCOUNT, directMail.statistics().today()))
                    .filteredOn(day -> "march-news".equals(day.tag())).singleElement()
                    .satisfies(day -> assertThat(day.unsubscribed()).isEqualTo(1));
        }
    }

    @Test
    void recordingTheSameUnsubscribeAgainChangesNothing_andTheListenerHearsOfItOnce() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            Unsubscribes unsubscribes = new Unsubscribes(directMail, UNSUBSCRIBE, heard::add);
            Unsubscribe first = unsubscribes.record(tokenFor(READER));
            fixture.clock.advance(java.time.Duration.ofHours(1));

            Unsubscribe again = unsubscribes.record(tokenFor(READER));

            assertThat(again.newlySuppressed()).isFalse();
            assertThat(again.suppression()).isEqualTo(first.suppression());
            assertThat(directMail.unsubscribes(ACCOUNT)).containsExactly(first.suppression());
            assertThat(heard).containsExactly(first);
        }
    }

    @Test
    void anAddressOnTheInstancesSuppressionList_isStillRecordedAsUnsubscribedFromTheAccount() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            Suppression manual = directMail.suppress(READER, "asked by phone");

            Unsubscribe unsubscribe = new Unsubscribes(directMail, UNSUBSCRIBE, heard::add).record(tokenFor(READER));

            assertThat(unsubscribe.newlySuppressed()).isTrue();
            assertThat(directMail.suppression(READER)).contains(manual);
            assertThat(directMail.unsubscribed(ACCOUNT, READER)).contains(unsubscribe.suppression());
            assertThat(heard).containsExactly(unsubscribe);
        }
    }

    @Test
    void aForgedOrGarbledTokenIsRefused_andNothingIsRecorded() {
        String genuine = tokenFor(READER);
        String altered = genuine.substring(0, 10) + (genuine.charAt(10) == 'x' ? 'y' : 'x') + genuine.substring(11);
        UnsubscribeSettings otherKey = UnsubscribeSettings.of("https://example.com/unsubscribe",
                "another key that is 32 octets or more".getBytes(StandardCharsets.US_ASCII));
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            Unsubscribes unsubscribes = new Unsubscribes(directMail, UNSUBSCRIBE, heard::add);

            assertThatThrownBy(() -> unsubscribes.record(altered)).isInstanceOf(InvalidUnsubscribeTokenException.class);
            assertThatThrownBy(() -> unsubscribes.record("garbage!")).isInstanceOf(InvalidUnsubscribeTokenException.class)
                    .hasMessageContaining("base64url");
            assertThatThrownBy(() -> unsubscribes.record(""))
                    .isInstanceOf(InvalidUnsubscribeTokenException.class);
            assertThatThrownBy(() -> new Unsubscribes(directMail, otherKey).record(genuine))
                    .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("signature does not match");
            assertThatThrownBy(() -> unsubscribes.verify(altered)).isInstanceOf(InvalidUnsubscribeTokenException.class);
            assertThatThrownBy(() -> unsubscribes.record(null)).isInstanceOf(NullPointerException.class);

            assertThat(directMail.unsubscribes(ACCOUNT)).isEmpty();
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void verifyReadsATokenWithoutRecordingIt() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            UnsubscribeToken token = new Unsubscribes(directMail, UNSUBSCRIBE).verify(tokenFor(READER));

            assertThat(token.address()).isEqualTo(READER);
            assertThat(token.batchId()).isEqualTo("b1");
            assertThat(directMail.unsubscribes(ACCOUNT)).isEmpty();
        }
    }

    @Test
    void aListenerThatFailsDoesNotUndoTheUnsubscribe() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            Unsubscribes unsubscribes = new Unsubscribes(directMail, UNSUBSCRIBE, unsubscribe -> {
                throw new IllegalStateException("statistics are down");
            });

            Unsubscribe unsubscribe = unsubscribes.record(tokenFor(READER));

            assertThat(unsubscribe.newlySuppressed()).isTrue();
            assertThat(directMail.unsubscribed(ACCOUNT, READER)).isPresent();
        }
    }

    @Test
    void theConstructorRefusesNulls() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            assertThatThrownBy(() -> new Unsubscribes(null, UNSUBSCRIBE)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Unsubscribes(directMail, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Unsubscribes(directMail, UNSUBSCRIBE, null)).isInstanceOf(NullPointerException.class);
        }
    }
}
