package io.directmail.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A loopback name server and what tests of {@link SendingIdentities} build on it: registries that
 * verify through it, with Ed25519 keys (quick to generate) unless a test asks for RSA.
 */
final class IdentityFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final DomainSettings SETTINGS = DomainSettings.of(List.of("ip4:192.0.2.1"), "bounce.mail.example.net")
            .withDkimAlgorithms(List.of(DkimAlgorithm.ED25519_SHA256));

    final LoopbackDnsServer dns = new LoopbackDnsServer();
    final SettableClock clock = new SettableClock(START);

    IdentityFixture() throws IOException {
        dns.start();
    }

    SendingIdentities.Builder builder() {
        return SendingIdentities.newBuilder(SETTINGS)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(10)).build())
                .clock(clock);
    }

    SendingIdentities identities() {
        return builder().build();
    }

    /** Publishes a domain's records on the loopback server. */
    void publish(SendingIdentities identities, SendingDomain domain) {
        for (DnsRecord record : domain.records(identities.domainSettings())) {
            switch (record.type()) {
                case TXT -> dns.txt(record.host(), record.value());
                case CNAME -> dns.cname(record.host(), record.value());
            }
        }
    }

    /** Adds a domain, publishes its records and verifies it. */
    SendingDomain verifiedDomain(SendingIdentities identities, String account, String name) {
        SendingDomain domain = identities.addDomain(account, name);
        publish(identities, domain);
        assertThat(identities.verify(account, name).verified()).as("verified %s", name).isTrue();
        return identities.domain(account, name);
    }

    /** Runs an action and returns what it wrote to the standard error stream, where the test log goes. */
    static String logOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        dns.close();
    }
}
