package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.message;
import static io.directmail.internal.smtp.SmtpFixtures.messageWithContent;
import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static io.directmail.internal.smtp.SmtpFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.directmail.EmailAddress;
import io.directmail.testing.ReceivedCommand;
import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientDeliveryTest {

    private final ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().start();
    private final SmtpClient client = new SmtpClient(settings().build());

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private List<RecipientOutcome> deliver(OutboundMessage message) {
        return client.deliver(List.of(target(server)), message);
    }

    @Test
    void deliver_withPipelining_sendsMailRcptAndDataInOneWrite() {
        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        ReceivedMessage received = server.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        assertThat(received.envelopeFrom()).isEqualTo("sender@example.com");
        assertThat(received.recipients()).containsExactly("a@example.com", "b@example.com");
        assertThat(received.dataAsString()).isEqualTo(SmtpFixtures.CONTENT);
        ReceivedCommand mail = server.commands().stream().filter(c -> c.verb().equals("MAIL")).findFirst().orElseThrow();
        assertThat(mail.pipelined()).as("MAIL was sent together with RCPT and DATA").isTrue();
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void deliver_withoutPipelining_waitsForEachReply() {
        try (ScriptedSmtpServer lockStep = ScriptedSmtpServer.newBuilder().extensions("8BITMIME", "ENHANCEDSTATUSCODES").start()) {
            List<RecipientOutcome> outcomes = client.deliver(List.of(target(lockStep)),
                    message("a@example.com", "b@example.com", "c@example.com"));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            assertThat(lockStep.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients()).hasSize(3);
            assertThat(lockStep.commands()).noneMatch(ReceivedCommand::pipelined);
            assertThat(lockStep.violations()).isEmpty();
        }
    }

    @Test
    void deliver_reportsOutcomesInEnvelopeOrderWithTheAnsweringHost() {
        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com", "c@example.com"));

        assertThat(outcomes).extracting(o -> o.recipient().address())
                .containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.remoteHost()).isEqualTo("localhost");
            assertThat(o.reply().code()).isEqualTo(250);
        });
    }

    @Test
    void deliver_whenOneRecipientIsRefused_deliversToTheOthers() {
        server.on(SmtpStage.RCPT).whenArgumentContains("nobody@").reply("550 5.1.1 No such user");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "nobody@example.com", "c@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result)
                .containsExactly(Result.DELIVERED, Result.PERMANENT_FAILURE, Result.DELIVERED);
        assertThat(outcomes.get(1).reply().enhancedStatus()).isEqualTo("5.1.1");
        assertThat(outcomes.get(1).detail()).contains("RCPT TO refused", "No such user");
        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients())
                .containsExactly("a@example.com", "c@example.com");
    }

    @Test
    void deliver_whenEveryRecipientIsRefused_resetsInsteadOfSendingData() {
        try (ScriptedSmtpServer lockStep = ScriptedSmtpServer.newBuilder().extensions("8BITMIME").start()) {
            lockStep.on(SmtpStage.RCPT).reply("550 5.1.1 No such user");

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(lockStep)), message("x@example.com", "y@example.com"));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.PERMANENT_FAILURE);
            assertThat(lockStep.commands()).extracting(ReceivedCommand::verb)
                    .containsSubsequence("MAIL", "RCPT", "RCPT", "RSET").doesNotContain("DATA");
            assertThat(lockStep.messages()).isEmpty();
        }
    }

    @Test
    void deliver_whenEveryRecipientIsRefusedWhilePipelining_theRefusedDataIsFollowedByRset() {
        server.on(SmtpStage.RCPT).reply("550 5.1.1 No such user");

        List<RecipientOutcome> outcomes = deliver(message("x@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.PERMANENT_FAILURE);
        assertThat(server.commands()).extracting(ReceivedCommand::verb).containsSubsequence("DATA", "RSET");
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void deliver_when451AfterData_isTemporaryForEveryRecipient() {
        server.on(SmtpStage.DATA_END).reply("451 4.3.0 Please try again later");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.reply().code()).isEqualTo(451));
    }

    @Test
    void deliver_when550AfterData_isPermanentForEveryRecipient() {
        server.on(SmtpStage.DATA_END).reply("550 5.7.1 Message content rejected");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.PERMANENT_FAILURE);
        assertThat(outcomes.get(0).reply().enhancedStatus()).isEqualTo("5.7.1");
    }

    @Test
    void deliver_whenMailFromIsRefused_everyRecipientGetsThatReply() {
        server.on(SmtpStage.MAIL).reply("553 5.7.1 Sender not allowed");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.PERMANENT_FAILURE);
        assertThat(outcomes.get(0).detail()).contains("MAIL FROM refused", "553");
    }

    @Test
    void deliver_when452TooManyRecipients_sendsTheRestInAFurtherTransactionOnTheSameConnection() {
        server.on(SmtpStage.RCPT).occurrence(3).reply("452 4.5.3 Too many recipients");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com", "c@example.com",
                "d@example.com", "e@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        List<ReceivedMessage> received = server.awaitMessages(2, Duration.ofSeconds(5));
        assertThat(received.get(0).recipients()).containsExactly("a@example.com", "b@example.com", "d@example.com", "e@example.com");
        assertThat(received.get(1).recipients()).containsExactly("c@example.com");
        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(server.commands()).extracting(ReceivedCommand::verb).containsSubsequence("DATA", "RSET", "MAIL");
    }

    @Test
    void deliver_when452InLockStep_stopsSendingRcptAndDeliversTheRestLater() {
        try (ScriptedSmtpServer lockStep = ScriptedSmtpServer.newBuilder().extensions("8BITMIME").start()) {
            lockStep.on(SmtpStage.RCPT).occurrence(2).reply("452 4.5.3 Too many recipients");

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(lockStep)),
                    message("a@example.com", "b@example.com", "c@example.com"));

            assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
            List<ReceivedMessage> received = lockStep.awaitMessages(2, Duration.ofSeconds(5));
            assertThat(received.get(0).recipients()).containsExactly("a@example.com");
            assertThat(received.get(1).recipients()).containsExactly("b@example.com", "c@example.com");
            assertThat(lockStep.violations()).isEmpty();
        }
    }

    @Test
    void deliver_whenARecipientIsAlways452_itEndsTemporaryWithoutLooping() {
        server.on(SmtpStage.RCPT).whenArgumentContains("full@").reply("452 4.2.2 Mailbox full");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "full@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsExactly(Result.DELIVERED, Result.TEMPORARY_FAILURE);
        assertThat(outcomes.get(1).reply().code()).isEqualTo(452);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void deliver_whenTheConnectionDropsAfterDataBeforeTheReply_isTemporaryWithDuplicateRisk() {
        server.on(SmtpStage.DATA_END).dropConnection();

        List<RecipientOutcome> outcomes = deliver(message("a@example.com", "b@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.detail()).contains("may have been delivered", "duplicate"));
        assertThat(server.messages()).singleElement().extracting(ReceivedMessage::replyCode).isEqualTo(0);
    }

    @Test
    void deliver_whenTheServerStalls_theConfiguredTimeoutFires() {
        server.on(SmtpStage.MAIL).stall();
        try (SmtpClient impatient = new SmtpClient(settings().commandTimeout(Duration.ofMillis(300)).build())) {
            List<RecipientOutcome> outcomes = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> impatient.deliver(List.of(target(server)), message("a@example.com")));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("timed out");
            });
        }
    }

    @Test
    void deliver_whenTheGreetingNeverComes_theGreetingTimeoutFires() {
        server.on(SmtpStage.GREETING).stall();
        try (SmtpClient impatient = new SmtpClient(settings().greetingTimeout(Duration.ofMillis(300)).build())) {
            List<RecipientOutcome> outcomes = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> impatient.deliver(List.of(target(server)), message("a@example.com")));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(o.detail()).contains("timed out");
            });
        }
    }

    @Test
    void deliver_keepsLinesBeginningWithADotExactlyThroughDotStuffing() {
        String content = "Subject: dots\r\n\r\n.\r\n..\r\n.leading dot\r\n...three\r\nend.\r\n. \r\n";

        deliver(messageWithContent(content, "a@example.com"));

        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).dataAsString()).isEqualTo(content);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void deliver_neverPutsABareCrOrLfOnTheWire() {
        String content = "Subject: bare\r\n\r\nunix line\nold mac line\rwindows line\r\n.dot after LF\n\r\rend";

        List<RecipientOutcome> outcomes = deliver(messageWithContent(content, "a@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        assertThat(server.violations()).isEmpty();
        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).dataAsString())
                .isEqualTo("Subject: bare\r\n\r\nunix line\r\nold mac line\r\nwindows line\r\n.dot after LF\r\n\r\n\r\nend\r\n");
    }

    @Test
    void deliver_smugglingSequencesInContentAreNeutralised() {
        String content = "Subject: smuggle\r\n\r\nbefore\n.\nMAIL FROM:<evil@example.com>\r\n\r.\r\nafter\r\n";

        deliver(messageWithContent(content, "a@example.com"));

        List<ReceivedMessage> received = server.awaitMessages(1, Duration.ofSeconds(5));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).dataAsString()).contains("MAIL FROM:<evil@example.com>");
        assertThat(server.commands()).filteredOn(c -> c.verb().equals("MAIL")).hasSize(1);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void deliver_whenTheMessageExceedsTheAnnouncedSize_refusesLocallyWithoutSendingIt() {
        try (ScriptedSmtpServer small = ScriptedSmtpServer.newBuilder().extensions("PIPELINING", "SIZE 100").start()) {
            OutboundMessage big = SmtpFixtures.messageWithContent("Subject: big\r\n\r\n" + "x".repeat(200) + "\r\n", "a@example.com");

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(small)), big);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.PERMANENT_FAILURE);
                assertThat(o.detail()).startsWith("5.3.4");
            });
            assertThat(small.commands()).extracting(ReceivedCommand::verb).doesNotContain("MAIL");
        }
    }

    @Test
    void deliver_whenSizeIsAnnounced_declaresTheSizeOnMailFrom() {
        try (ScriptedSmtpServer sized = ScriptedSmtpServer.newBuilder().extensions("PIPELINING", "SIZE 100000").start()) {
            OutboundMessage small = message("a@example.com");

            client.deliver(List.of(target(sized)), small);

            assertThat(sized.awaitMessages(1, Duration.ofSeconds(5)).get(0).mailParameters()).isEqualTo("SIZE=" + small.size());
        }
    }

    @Test
    void deliver_whenSmtpUtf8IsNeededButNotOffered_isPermanent() {
        try (ScriptedSmtpServer ascii = ScriptedSmtpServer.newBuilder().extensions("PIPELINING", "8BITMIME").start()) {
            OutboundMessage international = new OutboundMessage("m2@example.com", EmailAddress.of("sender@example.com"),
                    List.of(EmailAddress.of("jürgen@example.com")), SmtpFixtures.CONTENT.getBytes(StandardCharsets.UTF_8), true, true);

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(ascii)), international);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.PERMANENT_FAILURE);
                assertThat(o.detail()).startsWith("5.6.7");
            });
            assertThat(ascii.commands()).extracting(ReceivedCommand::verb).doesNotContain("MAIL");
        }
    }

    @Test
    void deliver_whenSmtpUtf8IsOffered_sendsUtf8EnvelopeWithTheParameters() {
        OutboundMessage international = new OutboundMessage("m2@example.com", EmailAddress.of("sender@example.com"),
                List.of(EmailAddress.of("jürgen@bücher.example")), "Subject: ü\r\n\r\nü\r\n".getBytes(StandardCharsets.UTF_8),
                true, true);

        List<RecipientOutcome> outcomes = deliver(international);

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        ReceivedMessage received = server.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        assertThat(received.recipients()).containsExactly("jürgen@xn--bcher-kva.example");
        assertThat(received.mailParameters()).contains("BODY=8BITMIME", "SMTPUTF8");
        assertThat(received.dataAsString()).isEqualTo("Subject: ü\r\n\r\nü\r\n");
    }

    @Test
    void deliver_whenEightBitContentMeetsNo8BitMime_isPermanent() {
        try (ScriptedSmtpServer sevenBit = ScriptedSmtpServer.newBuilder().extensions("PIPELINING").start()) {
            OutboundMessage eightBit = new OutboundMessage("m3@example.com", EmailAddress.of("sender@example.com"),
                    List.of(EmailAddress.of("a@example.com")), "Subject: x\r\n\r\nü\r\n".getBytes(StandardCharsets.UTF_8),
                    false, true);

            List<RecipientOutcome> outcomes = client.deliver(List.of(target(sevenBit)), eightBit);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(Result.PERMANENT_FAILURE);
                assertThat(o.detail()).startsWith("5.6.3");
            });
        }
    }

    @Test
    void deliver_withTheNullReversePath_sendsAnEmptyMailFrom() {
        OutboundMessage bounce = new OutboundMessage("dsn@example.com", null, List.of(EmailAddress.of("a@example.com")),
                SmtpFixtures.CONTENT.getBytes(StandardCharsets.UTF_8), false, false);

        deliver(bounce);

        assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).envelopeFrom()).isEmpty();
        assertThat(server.commands()).extracting(ReceivedCommand::line).contains("MAIL FROM:<>");
    }

    @Test
    void deliver_whenEhloIsRefused_fallsBackToHelo() {
        server.on(SmtpStage.EHLO).reply("502 5.5.1 EHLO not implemented");

        List<RecipientOutcome> outcomes = deliver(message("a@example.com"));

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        assertThat(server.commands()).extracting(ReceivedCommand::verb).containsSubsequence("EHLO", "HELO", "MAIL");
        assertThat(server.commands()).noneMatch(ReceivedCommand::pipelined);
    }

    @Test
    void deliver_greylisted_isTemporaryFirstAndDeliveredOnTheNextAttempt() {
        server.greylist();

        List<RecipientOutcome> first = deliver(message("a@example.com"));
        List<RecipientOutcome> second = deliver(message("a@example.com"));

        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.reply().enhancedStatus()).isEqualTo("4.7.1");
        });
        assertThat(second).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
    }
}
