package io.directmail.internal.transport;

import io.directmail.EmailAddress;
import io.directmail.dns.MxHost;
import io.directmail.dns.MxLookup;
import io.directmail.dns.MxResolver;
import io.directmail.internal.smtp.SmtpClient;
import io.directmail.internal.smtp.SmtpTarget;
import io.directmail.internal.throttle.Admission;
import io.directmail.internal.throttle.DestinationThrottle;
import io.directmail.internal.throttle.DomainPermit;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.Transport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Delivers straight to each recipient domain's mail exchangers: recipients are grouped by domain,
 * each domain's MX hosts are looked up, and one SMTP transaction per domain carries the message
 * to the first host that takes it. A domain that cannot receive mail (NXDOMAIN, null MX) bounces
 * its recipients; a DNS failure defers them.
 *
 * <p>Every transaction goes through the {@link DestinationThrottle}: it needs a connection slot
 * and a token of its recipient domain, and a connection slot of the exchanger it uses. When the
 * domain or all of its exchangers are busy, its recipients are
 * {@linkplain RecipientOutcome.Result#NOT_ATTEMPTED not attempted}, with the time to come back;
 * the delivery never waits for them. Throttling replies lower the domain's rate.
 */
public final class MxTransport implements Transport {

    private final MxResolver resolver;
    private final SmtpClient client;
    private final int port;
    private final DestinationThrottle throttle;

    /**
     * Creates the transport.
     *
     * @param resolver finds the mail exchangers
     * @param client the SMTP client (owned: closed with this transport); its pool must allow at
     *     least {@link io.directmail.internal.throttle.LimitsByDomain#highestHostLimit()} connections
     *     per address, or a full pool makes an exchanger busy before its limit is reached
     * @param port the port to connect to on every exchanger (25 but in tests)
     * @param throttle the limits per destination, and their state
     */
    public MxTransport(MxResolver resolver, SmtpClient client, int port, DestinationThrottle throttle) {
        this.resolver = resolver;
        this.client = client;
        this.port = port;
        this.throttle = throttle;
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        Map<String, List<EmailAddress>> byDomain = new LinkedHashMap<>();
        for (EmailAddress recipient : message.recipients()) {
            byDomain.computeIfAbsent(recipient.domain(), d -> new ArrayList<>()).add(recipient);
        }
        List<RecipientOutcome> outcomes = new ArrayList<>(message.recipients().size());
        byDomain.forEach((domain, recipients) -> outcomes.addAll(deliverToDomain(domain, message.withRecipients(recipients))));
        return outcomes;
    }

    private List<RecipientOutcome> deliverToDomain(String domain, OutboundMessage message) {
        MxLookup lookup;
        try {
            lookup = resolver.lookup(domain);
        } catch (RuntimeException e) {
            lookup = new MxLookup.TemporaryFailure("MX lookup for " + domain + " failed: " + e);
        }
        return switch (lookup) {
            case MxLookup.Found found -> deliverWithinLimits(domain, targets(found.hosts()), message);
            case MxLookup.PermanentFailure failure -> message.recipients().stream()
                    .map(r -> RecipientOutcome.permanent(r, null, statusOf(failure),
                            "domain " + domain + " cannot receive mail: " + failure.reason()))
                    .toList();
            case MxLookup.TemporaryFailure failure -> message.recipients().stream()
                    .map(r -> RecipientOutcome.temporary(r, null, "MX lookup for " + domain + " failed: " + failure.reason()))
                    .toList();
        };
    }

    private List<RecipientOutcome> deliverWithinLimits(String domain, List<SmtpTarget> targets, OutboundMessage message) {
        return switch (throttle.enter(domain, message.type())) {
            case Admission.Refused refused -> message.recipients().stream()
                    .map(r -> RecipientOutcome.notAttempted(r, refused.retryAt(),
                            "not attempted: " + refused.reason() + "; trying again at " + refused.retryAt()))
                    .toList();
            case DomainPermit permit -> {
                try (permit) {
                    List<RecipientOutcome> outcomes = client.deliver(targets, message, permit);
                    permit.record(outcomes);
                    yield outcomes;
                }
            }
        };
    }

    /** RFC 7505 gives a null MX the status 5.1.10; any other domain that cannot receive mail is 5.1.2. */
    private static String statusOf(MxLookup.PermanentFailure failure) {
        return failure.reason().toLowerCase(Locale.ROOT).contains("null mx") ? "5.1.10" : "5.1.2";
    }

    private List<SmtpTarget> targets(List<MxHost> hosts) {
        List<SmtpTarget> targets = new ArrayList<>();
        for (MxHost host : hosts) {
            for (InetAddress address : host.addresses()) {
                targets.add(new SmtpTarget(host.hostname(), address, port));
            }
        }
        return targets;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "mx:";
    }
}
