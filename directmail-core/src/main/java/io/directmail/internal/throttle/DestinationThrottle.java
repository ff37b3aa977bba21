package io.directmail.internal.throttle;

import io.directmail.MailType;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import io.directmail.transport.SmtpReply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controls how often and how much the direct-to-MX transport sends to each destination. Before a
 * message goes to a recipient domain, {@link #enter} takes one of the domain's connection slots and
 * one token of its bucket, or refuses with the time to come back; it never waits. The permit then
 * hands out the exchangers' connection slots and reports throttling replies, which lower the
 * domain's rate; delivered messages raise it again.
 *
 * <p>A destination that has been idle for ten minutes with nothing in use and its rate and bucket back at their maximum is forgotten (its counters with it), so that
 * the state kept stays proportional to the destinations in use. Time is the injected clock's.
 *
 * <p>Thread-safe and shared by every delivery thread of one {@code DirectMail}. Internal API.
 */
public final class DestinationThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationThrottle.class);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final LimitsByDomain limits;
    private final Clock clock;
    private final ConcurrentHashMap<String, DomainState> domains = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, HostState> hosts = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;

    /**
     * Creates a throttle with nothing in use.
     *
     * @param limits the limits of every domain
     * @param clock the time source for the buckets and the adaptive rates
     */
    public DestinationThrottle(LimitsByDomain limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextSweep = new AtomicReference<>(clock.instant().plus(SWEEP_EVERY));
    }

    /** Returns the limits in force. */
    public LimitsByDomain limits() {
        return limits;
    }

    /**
     * Asks to deliver one message to a recipient domain now. Never waits.
     *
     * @param domain the recipient domain, lower-case ASCII as in {@link io.directmail.EmailAddress#domain()}
     * @param type the message's lane: batch mail leaves the trigger reserve alone
     * @return a permit to deliver now (close it afterwards), or a refusal with the time to come back
     */
    public Admission enter(String domain, MailType type) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
        Instant now = clock.instant();
        sweepIfDue(now);
        boolean batch = type == MailType.BATCH;
        Admission.Refused[] refused = new Admission.Refused[1];
        DomainState state = domains.compute(domain, (key, existing) -> {
            DomainState entry = existing != null ? existing : new DomainState(key, limits.forDomain(key), now);
            refused[0] = entry.tryEnter(batch, now);
            return entry;
        });
        if (refused[0] != null) {
            LOG.debug("{} mail to {} not attempted: {}; back at {}", type, domain, refused[0].reason(), refused[0].retryAt());
            return refused[0];
        }
        return new DomainPermit(this, state, batch);
    }

    /**
     * Returns where every destination in use stands: recipient domains first, then mail
     * exchangers, each sorted by name. The list is a copy; later changes do not show in it.
     */
    public List<DestinationStatus> snapshot() {
        Instant now = clock.instant();
        List<DestinationStatus> statuses = new ArrayList<>();
        domains.values().stream().map(state -> state.status(now))
                .sorted(Comparator.comparing(DestinationStatus::name)).forEach(statuses::add);
        hosts.values().stream().map(HostState::status)
                .sorted(Comparator.comparing(DestinationStatus::name)).forEach(statuses::add);
        return List.copyOf(statuses);
    }

    /** Takes a connection slot of an exchanger, or returns null when it has none free for this lane. */
    HostState enterHost(String hostname, DestinationLimits domainLimits, boolean batch) {
        Instant now = clock.instant();
        boolean[] entered = new boolean[1];
        HostState state = hosts.compute(hostname, (key, existing) -> {
            HostState entry = existing != null ? existing : new HostState(key, now);
            entered[0] = entry.tryEnter(domainLimits.maxConnectionsPerHost(), batch ? domainLimits.triggerReserve() : 0, now);
            return entry;
        });
        return entered[0] ? state : null;
    }

    /** Records a throttling reply met while delivering to a domain, through the given exchangers. */
    void throttled(DomainState domain, Set<String> throughHosts, SmtpReply reply) {
        Instant now = clock.instant();
        double before = domain.throttled(now);
        for (String host : throughHosts) {
            hosts.compute(host, (key, existing) -> {
                HostState entry = existing != null ? existing : new HostState(key, now);
                entry.throttled(now);
                return entry;
            });
        }
        if (before >= 0) {
            LOG.info("{} answered with a throttling reply ({}); its rate is lowered from {} to {} messages/s",
                    throughHosts.isEmpty() ? domain.domain() : domain.domain() + " (" + String.join(", ", throughHosts) + ")",
                    reply, Rates.format(before), Rates.format(domain.currentRate()));
        }
    }

    Instant now() {
        return clock.instant();
    }

    private void sweepIfDue(Instant now) {
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY))) {
            return;
        }
        for (String domain : domains.keySet()) {
            domains.computeIfPresent(domain, (key, state) -> state.isAtRest(now, FORGET_AFTER) ? null : state);
        }
        for (String host : hosts.keySet()) {
            hosts.computeIfPresent(host, (key, state) -> state.isAtRest(now, FORGET_AFTER) ? null : state);
        }
    }
}
