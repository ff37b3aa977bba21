package io.directmail.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.transport.RecipientOutcome.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientOutcomeTest {

    private static final EmailAddress ALICE = EmailAddress.of("alice@example.org");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:05Z");

    @Test
    void aNotAttemptedOutcomeCarriesItsRetryTime_andIsNoAttempt() {
        RecipientOutcome outcome = RecipientOutcome.notAttempted(ALICE, LATER, "example.org is at its rate");

        assertThat(outcome.result()).isEqualTo(Result.NOT_ATTEMPTED);
        assertThat(outcome.retryAt()).isEqualTo(LATER);
        assertThat(outcome.isAttempted()).isFalse();
        assertThat(outcome.reply()).isNull();
        assertThat(outcome.detail()).isEqualTo("example.org is at its rate");
        assertThat(outcome.isInvalidAddress()).isFalse();
    }

    @Test
    void onlyANotAttemptedOutcomeHasARetryTime() {
        assertThatThrownBy(() -> RecipientOutcome.notAttempted(ALICE, null, "busy")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retryAt");
        assertThatThrownBy(() -> new RecipientOutcome(ALICE, Result.NOT_ATTEMPTED, null, null, "busy", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the time to try again (retryAt)");
        assertThatThrownBy(() -> new RecipientOutcome(ALICE, Result.TEMPORARY_FAILURE, null, null, "x", null, LATER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEMPORARY_FAILURE had " + LATER);
        RecipientOutcome attempted = RecipientOutcome.temporary(ALICE, "mx.example.org", "timed out");
        assertThat(attempted.retryAt()).isNull();
        assertThat(attempted.isAttempted()).isTrue();
    }

    @Test
    void anOutboundMessageIsTriggerMailUnlessToldOtherwise_andKeepsItsLaneForOtherRecipients() {
        byte[] content = "Subject: x\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        OutboundMessage trigger = new OutboundMessage("m@example.com", null, List.of(ALICE), content, false, false);
        OutboundMessage batch = new OutboundMessage("m@example.com", null, List.of(ALICE), content, false, false, MailType.BATCH);

        assertThat(trigger.type()).isEqualTo(MailType.TRIGGER);
        assertThat(batch.withRecipients(List.of(EmailAddress.of("bob@example.org"))).type()).isEqualTo(MailType.BATCH);
        assertThatThrownBy(() -> new OutboundMessage("m@example.com", null, List.of(ALICE), content, false, false, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
    }
}
