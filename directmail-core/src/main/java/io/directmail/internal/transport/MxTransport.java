package io.directmail.internal.transport;

import io.directmail.EmailAddress;
import io.directmail.dns.MxHost;
import io.directmail.dns.MxLookup;
import io.directmail.dns.MxResolver;
import io.directmail.internal.smtp.SmtpClient;
import io.directmail.internal.smtp.SmtpTarget;
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
 */
public final class MxTransport implements Transport {

    private final MxResolver resolver;
    private final SmtpClient client;
    private final int port;

    /**
     * Creates the transport.
     *
     * @param resolver finds the mail exchangers
     * @param client the SMTP client (owned: closed with this transport)
     * @param port the port to connect to on every exchanger (25 but in tests)
     */
    public MxTransport(MxResolver resolver, SmtpClient client, int port) {
        this.resolver = resolver;
        this.client = client;
        this.port = port;
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
            case MxLookup.Found found -> client.deliver(targets(found.hosts()), message);
            case MxLookup.PermanentFailure failure -> message.recipients().stream()
                    .map(r -> RecipientOutcome.permanent(r, null, statusOf(failure),
                            "domain " + domain + " cannot receive mail: " + failure.reason()))
                    .toList();
            case MxLookup.TemporaryFailure failure -> message.recipients().stream()
                    .map(r -> RecipientOutcome.temporary(r, null, "MX lookup for " + domain + " failed: " + failure.reason()))
                    .toList();
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
