package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import io.directmail.transport.SmtpSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sending frequency per destination, through the whole path: {@code send} → MX lookup on a
 * loopback DNS server → a scripted exchanger that pushes back → a lower rate for the domain, seen
 * in {@link DirectMail#destinations()} → the message delivered later.
 */
class DestinationThrottlingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final RecordingListener listener = new RecordingListener();
    private final SettableClock clock = new SettableClock(T0);
    private ScriptedSmtpServer mx;

    @BeforeEach
    void startServers() throws Exception {
        dns.start();
        mx = ScriptedSmtpServer.newBuilder().start();
        dns.mx("example.org", 10, "mx.example.org").a("mx.example.org", mx.address().getHostAddress());
    }

    @AfterEach
    void stopServers() {
        mx.close();
        dns.close();
    }

    private DirectMail.Builder directMail() {
        return DirectMail.newBuilder()
                .clock(clock)
                .schedulerTick(Duration.ofMillis(5))
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(2)).build())
                .smtp(SmtpSettings.newBuilder().port(mx.port()).allReplyTimeouts(Duration.ofSeconds(5)).build())
                .listener(listener);
    }

    private static Mail mail(MailType type, String to) {
        return Mail.newBuilder().from("news@example.com").addTo(to).subject("Hello").text("Hi").type(type).build();
    }

    private static DestinationStatus status(DirectMail directMail, String name) {
        return directMail.destinations().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void moreWorkersThanConnections_toOneDomain_keepItsConnectionsBusy_withoutWaitingForSchedulerTicks() throws Exception {
        int messages = 300;
        // A tick of a minute: mail turned away for a busy connection must come back on a wake-up of its own.
        try (DirectMail directMail = DirectMail.newBuilder()
                .schedulerTick(Duration.ofMinutes(1)).claimLease(Duration.ofMinutes(5))
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(2)).build())
                .smtp(SmtpSettings.newBuilder().port(mx.port()).allReplyTimeouts(Duration.ofSeconds(5)).build())
                .destinationLimits(DestinationLimits.defaults().withMaxConnectionsPerDomain(2).withMaxConnectionsPerHost(2)
                        .withMaxMessagesPerSecond(1_000_000).withBurst(1_000_000))
                .deliveryConcurrency(16).listener(listener).build()) {
            for (int i = 0; i < messages; i++) {
                directMail.send(mail(MailType.BATCH, "reader" + i + "@example.org"));
            }
            assertThat(listener.awaitOutcomes(messages, Duration.ofSeconds(40)))
                    .hasSize(messages).allSatisfy(e -> assertThat(e.type()).isEqualTo(DeliveryStatus.DELIVERED));
        }
        assertThat(mx.maxConcurrentConnections()).isLessThanOrEqualTo(2);
    }

    @Test
    void anExchangerThatSaysRateLimited_lowersTheDomainsRate_andTheMessageIsDeliveredOnTheRetry() throws Exception {
        mx.on(SmtpStage.DATA_END).occurrence(1).reply("451 4.7.0 Rate limited, try again later");
        try (DirectMail directMail = directMail().destinationLimits(DestinationLimits.defaults()).build()) {
            Receipt receipt = directMail.send(mail(MailType.TRIGGER, "alice@example.org"));
            DeliveryEvent deferred = listener.awaitOutcomes(1, WAIT).getFirst();

            assertThat(deferred.type()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(deferred.reply().code()).isEqualTo(451);
            DestinationStatus domain = status(directMail, "example.org");
            assertThat(domain.kind()).isEqualTo(DestinationStatus.Kind.DOMAIN);
            assertThat(domain.rate().maxPerSecond()).isEqualTo(50.0);
            assertThat(domain.rate().currentPerSecond()).isEqualTo(25.0);
            assertThat(domain.throttlingEvents()).isEqualTo(1);
            assertThat(domain.lastThrottledAt()).isEqualTo(T0);
            assertThat(domain.connectionsInUse()).isZero();
            assertThat(status(directMail, "mx.example.org").throttlingEvents()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(5));
            DeliveryEvent delivered = listener.awaitOutcomes(2, WAIT).get(1);

            assertThat(delivered.type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(delivered.attempt()).isEqualTo(2);
            assertThat(directMail.status(receipt.messageId()).orElseThrow().isComplete()).isTrue();
            assertThat(status(directMail, "example.org").rate().currentPerSecond())
                    .as("one success does not restore the rate").isEqualTo(25.0);
        }
        assertThat(mx.awaitMessages(2, WAIT)).extracting(ReceivedMessage::replyCode).containsExactly(451, 250);
    }

    @Test
    void triggerMailToABusyDomainGoesAheadOfTheBatchWaitingForIt_andTheBatchFollowsAsTheRateAllows() throws Exception {
        DestinationLimits slow = DestinationLimits.defaults().withMaxMessagesPerSecond(1).withMinMessagesPerSecond(1)
                .withBurst(2).withTriggerReserve(1);
        try (DirectMail directMail = directMail().destinationLimits("EXAMPLE.org", slow).build()) {
            directMail.send(mail(MailType.BATCH, "first@example.org"));
            assertThat(listener.awaitOutcomes(1, WAIT).getFirst().type()).isEqualTo(DeliveryStatus.DELIVERED);
            Receipt second = directMail.send(mail(MailType.BATCH, "second@example.org"));
            Receipt third = directMail.send(mail(MailType.BATCH, "third@example.org"));

            directMail.send(mail(MailType.TRIGGER, "reset@example.org"));
            DeliveryEvent trigger = listener.awaitOutcomes(2, WAIT).get(1);

            assertThat(trigger.recipient().localPart()).isEqualTo("reset");
            assertThat(trigger.type()).isEqualTo(DeliveryStatus.DELIVERED);
            for (Receipt waiting : List.of(second, third)) {
                RecipientStatus batch = directMail.status(waiting.messageId()).orElseThrow().recipients().getFirst();
                assertThat(batch.status()).isEqualTo(DeliveryStatus.QUEUED);
                assertThat(batch.attempts()).isZero();
            }
            assertThat(status(directMail, "example.org").rate().maxPerSecond()).isEqualTo(1.0);

            clock.advance(Duration.ofMinutes(1));
            listener.awaitOutcomes(3, WAIT);
            clock.advance(Duration.ofMinutes(1));
            List<DeliveryEvent> all = listener.awaitOutcomes(4, WAIT);

            assertThat(all).extracting(DeliveryEvent::type).containsOnly(DeliveryStatus.DELIVERED);
            assertThat(all).extracting(DeliveryEvent::attempt).containsOnly(1);
        }
        assertThat(mx.awaitMessages(4, WAIT)).extracting(m -> m.recipients().getFirst()).startsWith("first@example.org",
                "reset@example.org");
    }

    @Test
    void aDomainsOwnLimitsReplaceTheDefaults_forThatDomainOnly() throws Exception {
        dns.mx("example.net", 10, "mx.example.net").a("mx.example.net", mx.address().getHostAddress());
        try (DirectMail directMail = directMail().deliveryConcurrency(1)
                .destinationLimits(DestinationLimits.defaults().withMaxConnectionsPerDomain(7))
                .destinationLimits("example.org", DestinationLimits.defaults().withMaxMessagesPerConnection(1)).build()) {
            for (int i = 0; i < 3; i++) {
                directMail.send(mail(MailType.TRIGGER, "r" + i + "@example.org"));
                directMail.send(mail(MailType.TRIGGER, "r" + i + "@example.net"));
            }
            listener.awaitOutcomes(6, WAIT);

            assertThat(status(directMail, "example.org").maxConnections()).isEqualTo(20);
            assertThat(status(directMail, "example.net").maxConnections()).isEqualTo(7);
        }
        assertThat(mx.awaitMessages(6, WAIT)).hasSize(6);
        assertThat(mx.transactionsPerConnection().values()).as("three single-message connections for example.org, one for example.net")
                .containsExactlyInAnyOrder(1, 1, 1, 3);
    }

    @Test
    void badDestinationLimitsAreRefusedAtOnce_andLeaveTheBuilderAsItWas() {
        DirectMail.Builder builder = DirectMail.newBuilder().transport("memory:");

        assertThatThrownBy(() -> builder.destinationLimits((DestinationLimits) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("limits");
        assertThatThrownBy(() -> builder.destinationLimits("gmail.com", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("limits");
        assertThatThrownBy(() -> builder.destinationLimits(null, DestinationLimits.defaults()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("domain");
        assertThatThrownBy(() -> builder.destinationLimits("alice@gmail.com", DestinationLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address");
        assertThatThrownBy(() -> builder.destinationLimits("gmail", DestinationLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain").hasMessageContaining("no dot");
        assertThatThrownBy(() -> builder.destinationLimits("gmail.com\r\nX: y", DestinationLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("\r\n");

        try (DirectMail directMail = builder.build()) {
            directMail.send(mail(MailType.TRIGGER, "alice@example.org"));
            assertThat(directMail.destinations()).as("a relay or memory transport has no destinations to limit").isEmpty();
        }
    }
}
