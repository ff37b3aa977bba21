package io.directmail.batch;

import static io.directmail.batch.BatchFixture.ACCOUNT;
import static io.directmail.batch.BatchFixture.UNSUBSCRIBE;
import static io.directmail.batch.BatchFixture.WAIT;
import static io.directmail.batch.BatchFixture.request;
import static io.directmail.batch.BatchFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.Suppression;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One-click unsubscribe: a signed token from a batch message puts its recipient on the suppression list. */
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
        try (DirectMail directMail = fixture.directMail(transport).build();
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
            assertThat(unsubscribe.suppression().detail()).contains(first).contains(ACCOUNT);
            assertThat(directMail.suppression(READER)).contains(unsubscribe.suppression());
            assertThat(heard).containsExactly(unsubscribe);

            transport.clear();
            String second = batches.start(ACCOUNT, request(rows(2))).id();
            BatchRecord done = fixture.journal.awaitState(second, BatchState.COMPLETED, WAIT);
            assertThat(done.progress()).isEqualTo(new BatchProgress(second, BatchState.COMPLETED, 2, 1, 1, null));
            assertThat(transport.awaitMessages(1, WAIT)).extracting(BatchFixture::recipient).containsExactly("reader1@example.org");
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
            assertThat(directMail.suppressions()).containsExactly(first.suppression());
            assertThat(heard).containsExactly(first);
        }
    }

    @Test
    void anAddressSuppressedForAnotherReasonKeepsItsEntry() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            Suppression manual = directMail.suppress(READER, "asked by phone");

            Unsubscribe unsubscribe = new Unsubscribes(directMail, UNSUBSCRIBE, heard::add).record(tokenFor(READER));

            assertThat(unsubscribe.newlySuppressed()).isFalse();
            assertThat(unsubscribe.suppression()).isEqualTo(manual);
            assertThat(heard).isEmpty();
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

            assertThat(directMail.suppressions()).isEmpty();
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void verifyReadsATokenWithoutRecordingIt() {
        try (DirectMail directMail = fixture.directMail(transport).build()) {
            UnsubscribeToken token = new Unsubscribes(directMail, UNSUBSCRIBE).verify(tokenFor(READER));

            assertThat(token.address()).isEqualTo(READER);
            assertThat(token.batchId()).isEqualTo("b1");
            assertThat(directMail.suppressions()).isEmpty();
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
            assertThat(directMail.suppression(READER)).isPresent();
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
