package io.directmail.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.dns.MxHost;
import io.directmail.dns.MxLookup;
import io.directmail.dns.MxResolver;
import io.directmail.internal.throttle.DestinationThrottle;
import io.directmail.internal.throttle.LimitsByDomain;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testing.SmtpStage;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import io.directmail.transport.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The direct-to-MX transport under destination limits, against a real (scripted) exchanger: the
 * connection limits hold, a busy destination is answered at once instead of waited for, and
 * throttling replies lower the domain's rate.
 */
class MxTransportThrottleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] CONTENT = ("From: news@example.com\r\nSubject: hello\r\nMessage-ID: <m@example.com>\r\n\r\n"
            + "Hello.\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ScriptedSmtpServer server = ScriptedSmtpServer.newBuilder().start();
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private DestinationThrottle throttle;
    private Transport transport;

    @AfterEach
    void tearDown() {
        server.close();
        threads.shutdownNow();
        if (transport != null) {
            transport.close();
        }
    }

    /** Every domain's exchanger is the scripted server; domains listed in {@code shared} all use {@code mx.shared.example}. */
    private Transport transport(LimitsByDomain limits, String... shared) {
        MxResolver resolver = domain -> new MxLookup.Found(List.of(new MxHost(
                List.of(shared).contains(domain) ? "mx.shared.example" : "mx." + domain, 10, List.of(server.address()), false)));
        SmtpSettings smtp = SmtpSettings.newBuilder().port(server.port()).heloName("client.example.com")
                .tlsPolicy(TlsPolicy.DISABLED).connectTimeout(Duration.ofSeconds(5)).allReplyTimeouts(Duration.ofSeconds(10)).build();
        throttle = new DestinationThrottle(limits, clock);
        transport = TransportUris.create(URI.create("mx:/"), smtp, resolver, throttle);
        return transport;
    }

    private static OutboundMessage message(String recipient, MailType type) {
        return new OutboundMessage("m@example.com", EmailAddress.of("news@example.com"), List.of(EmailAddress.of(recipient)),
                CONTENT, false, false, type);
    }

    private DestinationStatus status(String name) {
        return throttle.snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDomainGetsAtMostItsConnections_andAFurtherMessageIsNotAttemptedInsteadOfWaiting() throws Exception {
        server.on(SmtpStage.DATA_END).stall();
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults().withMaxConnectionsPerDomain(3).withTriggerReserve(1)));
        List<Future<List<RecipientOutcome>>> stuck = new ArrayList<>();
        stuck.add(threads.submit(() -> mx.deliver(message("a@example.org", MailType.BATCH))));
        stuck.add(threads.submit(() -> mx.deliver(message("b@example.org", MailType.BATCH))));
        server.awaitMessages(2, WAIT);

        List<RecipientOutcome> batch = mx.deliver(message("c@example.org", MailType.BATCH));
        stuck.add(threads.submit(() -> mx.deliver(message("reset@example.org", MailType.TRIGGER))));
        server.awaitMessages(3, WAIT);
        List<RecipientOutcome> trigger = mx.deliver(message("d@example.org", MailType.TRIGGER));

        assertThat(batch).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.NOT_ATTEMPTED);
            assertThat(o.detail()).contains("example.org has all 2 connections open to batch mail in use");
            assertThat(o.retryAt()).isAfter(clock.instant());
        });
        assertThat(trigger).singleElement().extracting(RecipientOutcome::result).isEqualTo(Result.NOT_ATTEMPTED);
        assertThat(server.messages()).extracting(m -> m.recipients().getFirst())
                .containsExactlyInAnyOrder("a@example.org", "b@example.org", "reset@example.org");
        assertThat(server.maxConcurrentConnections()).isEqualTo(3);
        assertThat(status("example.org").connectionsInUse()).isEqualTo(3);
        server.close();
        for (Future<List<RecipientOutcome>> delivery : stuck) {
            assertThat(delivery.get(30, TimeUnit.SECONDS)).extracting(RecipientOutcome::result).containsOnly(Result.TEMPORARY_FAILURE);
        }
        assertThat(status("example.org").connectionsInUse()).isZero();
    }

    @Test
    void anExchangerSharedByTwoDomainsGetsAtMostItsConnections() throws Exception {
        server.on(SmtpStage.DATA_END).stall();
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults().withTriggerReserve(0).withMaxConnectionsPerHost(2)),
                "example.org", "example.net");
        Future<List<RecipientOutcome>> one = threads.submit(() -> mx.deliver(message("a@example.org", MailType.TRIGGER)));
        Future<List<RecipientOutcome>> other = threads.submit(() -> mx.deliver(message("b@example.net", MailType.TRIGGER)));
        server.awaitMessages(2, WAIT);

        List<RecipientOutcome> third = mx.deliver(message("c@example.org", MailType.TRIGGER));

        assertThat(third).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.NOT_ATTEMPTED);
            assertThat(o.detail()).contains("every server is at its connection limit").contains("mx.shared.example");
        });
        assertThat(server.maxConcurrentConnections()).isEqualTo(2);
        assertThat(status("mx.shared.example").connectionsInUse()).isEqualTo(2);
        assertThat(status("example.org").rate().tokens()).as("the refused message gave its token back").isEqualTo(49.0);
        server.close();
        one.get(30, TimeUnit.SECONDS);
        other.get(30, TimeUnit.SECONDS);
    }

    @Test
    void a421Greeting_halvesTheDomainsRate_andCountsForTheExchanger() {
        server.on(SmtpStage.GREETING).reply("421 4.7.0 Try again later, closing connection");
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults()));

        assertThat(mx.deliver(message("a@example.org", MailType.TRIGGER))).extracting(RecipientOutcome::result)
                .containsOnly(Result.TEMPORARY_FAILURE);

        DestinationStatus domain = status("example.org");
        assertThat(domain.rate().currentPerSecond()).isEqualTo(25.0);
        assertThat(domain.throttlingEvents()).isEqualTo(1);
        assertThat(domain.lastThrottledAt()).isEqualTo(clock.instant());
        assertThat(status("mx.example.org").throttlingEvents()).isEqualTo(1);
    }

    @Test
    void a451WithStatus471AtRcpt_halvesTheRate() {
        server.on(SmtpStage.RCPT).reply("451 4.7.1 Service unavailable, sending too fast");
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults()));

        mx.deliver(message("a@example.org", MailType.BATCH));

        assertThat(status("example.org").rate().currentPerSecond()).isEqualTo(25.0);
    }

    @Test
    void aRateLimitedTextAfterData_halvesTheRate_andRepeatedRepliesWithinASecondDoNotHalveItAgain() {
        server.on(SmtpStage.DATA_END).reply("451 Rate limited, please try again later");
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults()));

        mx.deliver(message("a@example.org", MailType.TRIGGER));
        clock.advance(Duration.ofMillis(999));
        mx.deliver(message("b@example.org", MailType.TRIGGER));
        assertThat(status("example.org").rate().currentPerSecond()).isEqualTo(25.0);
        assertThat(status("example.org").throttlingEvents()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        mx.deliver(message("c@example.org", MailType.TRIGGER));
        assertThat(status("example.org").rate().currentPerSecond()).isEqualTo(12.5);
    }

    @Test
    void greylistingIsNoThrottling() {
        server.greylist();
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults()));

        assertThat(mx.deliver(message("a@example.org", MailType.TRIGGER))).extracting(RecipientOutcome::result)
                .containsOnly(Result.TEMPORARY_FAILURE);

        assertThat(status("example.org").rate().currentPerSecond()).isEqualTo(50.0);
        assertThat(status("example.org").throttlingEvents()).isZero();
    }

    @Test
    void aDomainsOwnMessagesPerConnectionDecideWhenItsConnectionIsReplaced() {
        Transport mx = transport(new LimitsByDomain(DestinationLimits.defaults(),
                Map.of("example.org", DestinationLimits.defaults().withMaxMessagesPerConnection(2))));

        for (int i = 0; i < 5; i++) {
            assertThat(mx.deliver(message("r" + i + "@example.org", MailType.BATCH))).extracting(RecipientOutcome::result)
                    .containsOnly(Result.DELIVERED);
        }

        assertThat(server.transactionsPerConnection().values()).containsExactly(2, 2, 1);
    }

    @Test
    void theExchangersPoolIsSizedForTheLargestExchangerLimit_notTheSmtpSettingsDefault() throws Exception {
        server.on(SmtpStage.DATA_END).stall();
        Transport mx = transport(LimitsByDomain.of(DestinationLimits.defaults().withMaxConnectionsPerHost(8)));
        List<Future<List<RecipientOutcome>>> stuck = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String recipient = "r" + i + "@example.org";
            stuck.add(threads.submit(() -> mx.deliver(message(recipient, MailType.TRIGGER))));
        }

        assertThat(server.awaitMessages(7, WAIT)).hasSize(7);
        assertThat(server.maxConcurrentConnections()).as("more than SmtpSettings' default of 5").isEqualTo(7);
        server.close();
        for (Future<List<RecipientOutcome>> delivery : stuck) {
            delivery.get(30, TimeUnit.SECONDS);
        }
    }
}
