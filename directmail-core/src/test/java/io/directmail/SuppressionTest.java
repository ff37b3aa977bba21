package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hard bounces put an address on the suppression list, and later sends to it are refused. */
class SuppressionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingListener listener = new RecordingListener();
    private final List<List<String>> envelopes = new CopyOnWriteArrayList<>();

    /** Answers each recipient by its local part: gone = 550 5.1.1, policy = 550 5.7.1, full = 552 5.2.2. */
    private final Transport transport = message -> {
        envelopes.add(message.recipients().stream().map(EmailAddress::address).toList());
        return message.recipients().stream().map(r -> switch (r.localPart()) {
            case "gone" -> RecipientOutcome.fromReply(r, SmtpReply.parse(550, "5.1.1 No such user"), "mx.example.org");
            case "policy" -> RecipientOutcome.fromReply(r, SmtpReply.parse(550, "5.7.1 Message refused as spam"), "mx.example.org");
            case "full" -> RecipientOutcome.fromReply(r, SmtpReply.parse(552, "5.2.2 Mailbox full"), "mx.example.org");
            case "legacy" -> RecipientOutcome.fromReply(r, SmtpReply.parse(550, "User unknown in local recipient table"), "mx.example.org");
            default -> RecipientOutcome.fromReply(r, SmtpReply.parse(250, "2.0.0 OK"), "mx.example.org");
        }).toList();
    };

    private static Mail mail(String... to) {
        return Mail.newBuilder().from("news@example.com").addTo(to).subject("s").text("t").build();
    }

    @Test
    void aNoSuchUserBounceSuppressesTheAddress_andALaterSendToItAloneIsRefused() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).build()) {
            directMail.send(mail("gone@example.org"));
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.BOUNCED);

            Suppression entry = directMail.suppression(EmailAddress.of("gone@example.org")).orElseThrow();
            assertThat(entry.reason()).isEqualTo(Suppression.Reason.HARD_BOUNCE);
            assertThat(entry.detail()).contains("5.1.1");
            assertThatThrownBy(() -> directMail.send(mail("Gone@example.org")))
                    .isInstanceOfSatisfying(SuppressedRecipientException.class,
                            e -> assertThat(e.suppressions()).extracting(Suppression::reason).containsExactly(Suppression.Reason.HARD_BOUNCE))
                    .hasMessageContaining("gone@example.org").hasMessageContaining("HARD_BOUNCE");
        }
        assertThat(envelopes).hasSize(1);
    }

    @Test
    void theSuppressionList_survivesARestartOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).dataDirectory(dir).build()) {
            directMail.send(mail("gone@example.org"));
            listener.awaitOutcomes(1, WAIT);
            directMail.suppress(EmailAddress.of("left@example.org"), "asked to be removed by phone");
            directMail.suppress(EmailAddress.of("back@example.org"), "by mistake");
            assertThat(directMail.unsuppress(EmailAddress.of("back@example.org"))).isTrue();
        }

        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).dataDirectory(dir).build()) {
            assertThat(directMail.suppressions()).extracting(s -> s.address().address(), Suppression::reason)
                    .containsExactly(tuple("gone@example.org", Suppression.Reason.HARD_BOUNCE),
                            tuple("left@example.org", Suppression.Reason.MANUAL));
            assertThatThrownBy(() -> directMail.send(mail("gone@example.org"))).isInstanceOf(SuppressedRecipientException.class);
            directMail.send(mail("back@example.org"));
        }
        assertThat(envelopes).containsExactly(List.of("gone@example.org"), List.of("back@example.org"));
    }

    @Test
    void aSuppressedRecipientIsSkippedWhileTheOthersGetTheMessage() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).build()) {
            directMail.suppress(EmailAddress.of("left@example.org"), "asked to be removed by phone");
            Receipt receipt = directMail.send(mail("left@example.org", "alice@example.org"));
            listener.awaitOutcomes(2, WAIT);

            MessageStatus status = directMail.status(receipt.messageId()).orElseThrow();
            assertThat(status.recipient(EmailAddress.of("left@example.org")).status()).isEqualTo(DeliveryStatus.SUPPRESSED);
            assertThat(status.recipient(EmailAddress.of("alice@example.org")).status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(receipt.recipients()).hasSize(2);
        }
        assertThat(envelopes).containsExactly(List.of("alice@example.org"));
    }

    @Test
    void refusalsOfOneMessageDoNotSuppressTheAddress() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).build()) {
            directMail.send(mail("policy@example.org", "full@example.org"));
            assertThat(listener.awaitOutcomes(2, WAIT)).extracting(DeliveryEvent::type).containsOnly(DeliveryStatus.BOUNCED);
            assertThat(directMail.suppressions()).isEmpty();
        }
    }

    @Test
    void aReplyWithoutAnEnhancedCodeThatSaysUserUnknownSuppresses() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).build()) {
            directMail.send(mail("legacy@example.org"));
            listener.awaitOutcomes(1, WAIT);
            assertThat(directMail.suppressions()).extracting(s -> s.address().address()).containsExactly("legacy@example.org");
        }
    }

    @Test
    void anUnsuppressedAddressCanBeMailedAgain() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).build()) {
            directMail.suppress(EmailAddress.of("back@example.org"), "");
            assertThat(directMail.unsuppress(EmailAddress.of("back@example.org"))).isTrue();
            assertThat(directMail.unsuppress(EmailAddress.of("back@example.org"))).isFalse();
            directMail.send(mail("back@example.org"));
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void anUnsubscribeIsRecordedWithItsReason_andAnExistingEntryKeepsItsOwn() throws Exception {
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).listener(listener).build()) {
            Suppression entry = directMail.suppress(EmailAddress.of("reader@example.org"), Suppression.Reason.UNSUBSCRIBE, "one-click");
            assertThat(entry.reason()).isEqualTo(Suppression.Reason.UNSUBSCRIBE);
            assertThat(entry.detail()).isEqualTo("one-click");
            assertThat(directMail.suppress(EmailAddress.of("reader@example.org"), "by hand")).isEqualTo(entry);
            assertThatThrownBy(() -> directMail.send(mail("reader@example.org")))
                    .isInstanceOf(SuppressedRecipientException.class).hasMessageContaining("UNSUBSCRIBE");
            assertThatThrownBy(() -> directMail.suppress(EmailAddress.of("x@example.org"), null, ""))
                    .isInstanceOf(NullPointerException.class).hasMessage("reason");
            assertThat(directMail.suppression(EmailAddress.of("x@example.org"))).isEmpty();
        }
        assertThat(envelopes).isEmpty();
    }

    @Test
    void outcomesAreClassifiedByTheirEnhancedStatus() {
        EmailAddress r = EmailAddress.of("x@example.org");
        assertThat(RecipientOutcome.permanent(r, null, "5.1.10", "null MX").isInvalidAddress()).isTrue();
        assertThat(RecipientOutcome.permanent(r, null, "5.1.2", "no such domain").isInvalidAddress()).isTrue();
        assertThat(RecipientOutcome.permanent(r, null, "5.3.4 message too big").isInvalidAddress()).isFalse();
        assertThat(RecipientOutcome.fromReply(r, SmtpReply.parse(450, "4.1.1 try later"), "h").isInvalidAddress()).isFalse();
        assertThat(RecipientOutcome.fromReply(r, SmtpReply.parse(550, "5.1.1 unknown"), "h").enhancedStatus()).isEqualTo("5.1.1");
    }
}
