package io.directmail.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.internal.smtp.SmtpTarget;
import io.directmail.internal.smtp.TargetGate;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import io.directmail.transport.DestinationStatus.Kind;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationThrottleTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final EmailAddress ALICE = EmailAddress.of("alice@example.org");
    private static final SmtpReply THROTTLED = SmtpReply.parse(421, "4.7.0 Try again later, closing connection");
    private static final SmtpReply OK = SmtpReply.parse(250, "2.0.0 OK");

    private final SettableClock clock = new SettableClock(T0);

    private DestinationThrottle throttle(DestinationLimits limits) {
        return new DestinationThrottle(LimitsByDomain.of(limits), clock);
    }

    private static DomainPermit granted(Admission admission) {
        assertThat(admission).isInstanceOf(DomainPermit.class);
        return (DomainPermit) admission;
    }

    private static Admission.Refused refused(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refused.class);
        return (Admission.Refused) admission;
    }

    private static SmtpTarget target(String hostname) throws java.net.UnknownHostException {
        return new SmtpTarget(hostname, InetAddress.getByName("127.0.0.1"), 25);
    }

    private static DestinationStatus status(DestinationThrottle throttle, String name) {
        return throttle.snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDomainGetsItsBurstAtOnce_thenOneMessagePerIntervalOfItsRate() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withTriggerReserve(0)
                .withMaxMessagesPerSecond(2).withMinMessagesPerSecond(1).withBurst(2));

        sent(throttle, "example.org", MailType.TRIGGER);
        sent(throttle, "example.org", MailType.TRIGGER);
        Admission.Refused third = refused(throttle.enter("example.org", MailType.TRIGGER));

        assertThat(third.retryAt()).isEqualTo(T0.plusMillis(500));
        assertThat(third.reason()).isEqualTo("example.org is at its rate of 2 messages/s");
        clock.advance(Duration.ofMillis(499));
        refused(throttle.enter("example.org", MailType.TRIGGER));
        clock.advance(Duration.ofMillis(1));
        sent(throttle, "example.org", MailType.TRIGGER);
    }

    @Test
    void batchMailLeavesTheReservedTokenToTriggerMail() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults()
                .withMaxMessagesPerSecond(1).withMinMessagesPerSecond(1).withBurst(2).withTriggerReserve(1));

        sent(throttle, "example.org", MailType.BATCH);
        Admission.Refused batch = refused(throttle.enter("example.org", MailType.BATCH));
        sent(throttle, "example.org", MailType.TRIGGER);
        Admission.Refused trigger = refused(throttle.enter("example.org", MailType.TRIGGER));

        assertThat(batch.retryAt()).as("batch needs the reserve refilled too").isEqualTo(T0.plusSeconds(1));
        assertThat(trigger.retryAt()).as("trigger needs one token").isEqualTo(T0.plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        refused(throttle.enter("example.org", MailType.BATCH));
        sent(throttle, "example.org", MailType.TRIGGER);
    }

    @Test
    void refusedBatchMailIsToldToComeBackOneIntervalApart_triggerMailAtTheNextToken() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withTriggerReserve(0)
                .withMaxMessagesPerSecond(4).withMinMessagesPerSecond(1).withBurst(1));
        sent(throttle, "example.org", MailType.BATCH);

        List<Instant> batchTimes = List.of(refused(throttle.enter("example.org", MailType.BATCH)).retryAt(),
                refused(throttle.enter("example.org", MailType.BATCH)).retryAt(),
                refused(throttle.enter("example.org", MailType.BATCH)).retryAt());
        Instant triggerTime = refused(throttle.enter("example.org", MailType.TRIGGER)).retryAt();

        assertThat(batchTimes).containsExactly(T0.plusMillis(250), T0.plusMillis(500), T0.plusMillis(750));
        assertThat(triggerTime).isEqualTo(T0.plusMillis(250));
    }

    @Test
    void aDomainHasAtMostItsConnectionLimitInUse_batchMailOneFewer() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withMaxConnectionsPerDomain(3).withTriggerReserve(1));

        DomainPermit first = granted(throttle.enter("example.org", MailType.BATCH));
        DomainPermit second = granted(throttle.enter("example.org", MailType.BATCH));
        Admission.Refused batch = refused(throttle.enter("example.org", MailType.BATCH));
        DomainPermit third = granted(throttle.enter("example.org", MailType.TRIGGER));
        Admission.Refused trigger = refused(throttle.enter("example.org", MailType.TRIGGER));

        assertThat(batch.reason()).isEqualTo("example.org has all 2 connections open to batch mail in use");
        assertThat(trigger.reason()).isEqualTo("example.org has all 3 connections in use");
        assertThat(status(throttle, "example.org").connectionsInUse()).isEqualTo(3);
        first.close();
        first.close();
        assertThat(status(throttle, "example.org").connectionsInUse()).as("closing twice gives back one slot").isEqualTo(2);
        refused(throttle.enter("example.org", MailType.BATCH));
        third.close();
        sent(throttle, "example.org", MailType.BATCH);
        second.close();
        assertThat(status(throttle, "example.org").connectionsInUse()).isZero();
    }

    @Test
    void anExchangerHasAtMostItsConnectionLimitInUse_evenForDomainsThatShareIt() throws Exception {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withMaxConnectionsPerHost(3).withTriggerReserve(1));
        DomainPermit one = granted(throttle.enter("example.org", MailType.BATCH));
        DomainPermit other = granted(throttle.enter("example.net", MailType.BATCH));

        TargetGate.Pass first = one.enter(target("MX.shared.example"));
        TargetGate.Pass second = other.enter(target("mx.shared.example"));
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(other.enter(target("mx.shared.example"))).as("the batch limit is one below").isNull();
        DomainPermit trigger = granted(throttle.enter("example.net", MailType.TRIGGER));
        TargetGate.Pass third = trigger.enter(target("mx.shared.example"));
        assertThat(third).isNotNull();
        assertThat(trigger.enter(target("mx.shared.example"))).isNull();

        DestinationStatus host = status(throttle, "mx.shared.example");
        assertThat(host.kind()).isEqualTo(Kind.MX_HOST);
        assertThat(host.connectionsInUse()).isEqualTo(3);
        assertThat(host.maxConnections()).isEqualTo(3);
        first.close();
        assertThat(other.enter(target("mx.shared.example"))).as("batch: two of three in use").isNull();
        third.close();
        assertThat(other.enter(target("mx.shared.example"))).isNotNull();
        assertThat(first.maxMessagesPerConnection()).isEqualTo(100);
    }

    @Test
    void aPermitThatFoundEveryExchangerBusy_givesItsTokenBack_andNamesATimeToComeBack() throws Exception {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withTriggerReserve(0)
                .withMaxConnectionsPerHost(1).withMaxMessagesPerSecond(2).withBurst(2));
        DomainPermit holder = granted(throttle.enter("example.org", MailType.TRIGGER));
        TargetGate.Pass held = holder.enter(target("mx.example.org"));

        DomainPermit unlucky = granted(throttle.enter("example.org", MailType.TRIGGER));
        assertThat(unlucky.enter(target("mx.example.org"))).isNull();
        RecipientOutcome outcome = unlucky.busy(ALICE, "every server is busy");
        unlucky.close();

        assertThat(outcome.result()).isEqualTo(RecipientOutcome.Result.NOT_ATTEMPTED);
        assertThat(outcome.retryAt()).isEqualTo(T0.plusMillis(500));
        assertThat(outcome.detail()).startsWith("every server is busy; trying again at ");
        assertThat(status(throttle, "example.org").rate().tokens()).as("only the holder's token is spent").isEqualTo(1.0);
        held.close();
        holder.close();
        assertThat(status(throttle, "example.org").rate().tokens()).isEqualTo(1.0);
    }

    @Test
    void aPermitWhoseExchangerTurnedOutBusyAfterItWasEntered_givesItsTokenBackToo() throws Exception {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withBurst(3).withTriggerReserve(0));
        DomainPermit permit = granted(throttle.enter("example.org", MailType.TRIGGER));
        permit.enter(target("mx.example.org")).close();    // entered, then its connection pool was full
        permit.busy(ALICE, "every server is at its connection limit");
        permit.close();

        assertThat(status(throttle, "example.org").rate().tokens()).isEqualTo(3.0);
    }

    @Test
    void aThrottlingReplyHalvesTheRate_atMostOncePerInterval_andEmptiesTheBucketDownToTheReserve() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults());

        throttledDelivery(throttle, "example.org");
        DestinationStatus domain = status(throttle, "example.org");
        assertThat(domain.rate().currentPerSecond()).isEqualTo(25.0);
        assertThat(domain.rate().tokens()).isEqualTo(1.0);
        assertThat(domain.throttlingEvents()).isEqualTo(1);
        assertThat(domain.lastThrottledAt()).isEqualTo(T0);
        assertThat(domain.isSlowedDown()).isTrue();
        DestinationStatus host = status(throttle, "mx.example.org");
        assertThat(host.throttlingEvents()).isEqualTo(1);
        assertThat(host.lastThrottled()).contains(T0);

        clock.advance(Duration.ofMillis(500));
        throttledDelivery(throttle, "example.org");
        assertThat(status(throttle, "example.org").rate().currentPerSecond()).as("within a second").isEqualTo(25.0);
        assertThat(status(throttle, "example.org").throttlingEvents()).isEqualTo(2);

        clock.advance(Duration.ofMillis(500));
        throttledDelivery(throttle, "example.org");
        assertThat(status(throttle, "example.org").rate().currentPerSecond()).isEqualTo(12.5);
    }

    @Test
    void theRateStopsAtItsFloor() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withMinMessagesPerSecond(5));
        for (int i = 0; i < 8; i++) {
            throttledDelivery(throttle, "example.org");
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(status(throttle, "example.org").rate().currentPerSecond()).isEqualTo(5.0);
        assertThat(status(throttle, "example.org").rate().minPerSecond()).isEqualTo(5.0);
    }

    @Test
    void aThrottlingReplyFromAnExchangerThatWasLeftForTheNextCounts_evenWhenTheNextDelivered() throws Exception {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults());
        DomainPermit permit = granted(throttle.enter("example.org", MailType.TRIGGER));
        try (TargetGate.Pass pass = permit.enter(target("mx1.example.org"))) {
            pass.abandoned(THROTTLED);
        }
        try (TargetGate.Pass pass = permit.enter(target("mx2.example.org"))) {
            pass.abandoned(null);
        }
        permit.record(List.of(RecipientOutcome.fromReply(ALICE, OK, "mx3.example.org")));
        permit.close();

        assertThat(status(throttle, "example.org").rate().currentPerSecond()).isEqualTo(25.0);
        assertThat(status(throttle, "mx1.example.org").throttlingEvents()).isEqualTo(1);
        assertThat(status(throttle, "mx2.example.org").throttlingEvents()).isZero();
    }

    @Test
    void deliveredMessagesRaiseALoweredRateOneStepPerSoManySuccesses() {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults().withIncrease(5, 2));
        throttledDelivery(throttle, "example.org");

        delivered(throttle, "example.org");
        assertThat(status(throttle, "example.org").rate().currentPerSecond()).isEqualTo(25.0);
        clock.advance(Duration.ofSeconds(1));
        delivered(throttle, "example.org");
        assertThat(status(throttle, "example.org").rate().currentPerSecond()).isEqualTo(30.0);
    }

    @Test
    void aDomainWithLimitsOfItsOwnKeepsThem_othersGetTheDefaults() {
        DestinationLimits gmail = DestinationLimits.defaults().withTriggerReserve(0).withMaxConnectionsPerDomain(2)
                .withMaxMessagesPerSecond(1).withBurst(1);
        DestinationThrottle throttle = new DestinationThrottle(
                new LimitsByDomain(DestinationLimits.defaults(), Map.of("gmail.com", gmail)), clock);

        sent(throttle, "gmail.com", MailType.TRIGGER);
        refused(throttle.enter("gmail.com", MailType.TRIGGER));
        for (int i = 0; i < 10; i++) {
            sent(throttle, "example.org", MailType.TRIGGER);
        }

        assertThat(status(throttle, "gmail.com").maxConnections()).isEqualTo(2);
        assertThat(status(throttle, "gmail.com").rate().maxPerSecond()).isEqualTo(1.0);
        assertThat(status(throttle, "example.org").maxConnections()).isEqualTo(20);
        assertThat(throttle.limits().highestHostLimit()).isEqualTo(20);
    }

    @Test
    void theSnapshotListsDomainsThenExchangers_eachSortedByName_andDoesNotChangeAfterwards() throws Exception {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults());
        for (String domain : List.of("b.example", "a.example")) {
            DomainPermit permit = granted(throttle.enter(domain, MailType.TRIGGER));
            permit.enter(target("mx." + domain)).close();
            permit.close();
        }
        DomainPermit open = granted(throttle.enter("a.example", MailType.TRIGGER));

        List<DestinationStatus> snapshot = throttle.snapshot();
        open.close();

        assertThat(snapshot).extracting(DestinationStatus::kind, DestinationStatus::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.DOMAIN, "a.example"),
                org.assertj.core.groups.Tuple.tuple(Kind.DOMAIN, "b.example"),
                org.assertj.core.groups.Tuple.tuple(Kind.MX_HOST, "mx.a.example"),
                org.assertj.core.groups.Tuple.tuple(Kind.MX_HOST, "mx.b.example"));
        DestinationStatus a = snapshot.getFirst();
        assertThat(a.connectionsInUse()).isEqualTo(1);
        assertThat(a.maxConnections()).isEqualTo(20);
        assertThat(a.rate()).isEqualTo(new DestinationStatus.Rate(50, 50, 1, 48));
        assertThat(a.throttlingEvents()).isZero();
        assertThat(a.lastThrottled()).isEmpty();
        assertThat(snapshot.get(2).rate()).isNull();
        assertThatThrownBy(() -> snapshot.add(a)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anIdleDomainBackAtFullRateIsForgotten_butOneStillSlowedDownIsKept() throws Exception {
        DestinationThrottle throttle = throttle(DestinationLimits.defaults());
        sent(throttle, "calm.example", MailType.TRIGGER);
        throttledDelivery(throttle, "busy.example");

        clock.advance(Duration.ofMinutes(10));
        sent(throttle, "new.example", MailType.TRIGGER);

        assertThat(throttle.snapshot()).extracting(DestinationStatus::name)
                .as("an idle exchanger is forgotten with its counters; a slowed-down domain keeps its rate")
                .containsExactly("busy.example", "new.example", "mx.new.example");
    }

    @Test
    void domainKeysAreLowerCaseAscii_andBadDomainsAreRefused() {
        assertThat(LimitsByDomain.domainKey("GMail.COM")).isEqualTo("gmail.com");
        assertThat(LimitsByDomain.domainKey("bücher.example")).isEqualTo("xn--bcher-kva.example");
        for (String bad : new String[] {"", "localhost", "alice@gmail.com", "gmail..com", "gmail.com.", "bad domain.com"}) {
            assertThatThrownBy(() -> LimitsByDomain.domainKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("domain");
        }
        assertThatThrownBy(() -> LimitsByDomain.domainKey(null)).isInstanceOf(NullPointerException.class);
    }

    /** Uses a granted permit as a delivery does: through the exchanger {@code mx.<domain>}, with the given reply. */
    private static void deliverThrough(DomainPermit permit, String domain, SmtpReply reply) {
        try (permit) {
            permit.enter(target("mx." + domain)).close();
            permit.record(List.of(RecipientOutcome.fromReply(EmailAddress.of("someone@" + domain), reply, "mx." + domain)));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void sent(DestinationThrottle throttle, String domain, MailType type) {
        deliverThrough(granted(throttle.enter(domain, type)), domain, OK);
    }

    private static void throttledDelivery(DestinationThrottle throttle, String domain) {
        deliverThrough(granted(throttle.enter(domain, MailType.TRIGGER)), domain, THROTTLED);
    }

    private static void delivered(DestinationThrottle throttle, String domain) {
        deliverThrough(granted(throttle.enter(domain, MailType.TRIGGER)), domain, OK);
    }
}
