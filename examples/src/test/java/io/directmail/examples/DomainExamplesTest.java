package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainNotVerifiedException;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the guide's domain snippets in order, as a domain owner goes through them. */
class DomainExamplesTest {

    @Test
    void theGuidesWalkThrough_fromAddingADomainToSending_works() throws IOException {
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.start();
            DnsSettings settings = DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(10)).build();
            SendingIdentities identities = DomainExamples.registry(settings);

            SendingDomain domain = DomainExamples.addDomain(identities);
            assertThat(DomainExamples.verify(identities)).as("nothing published yet").isFalse();
            assertThatThrownBy(() -> DomainExamples.senderAddresses(identities)).isInstanceOf(DomainNotVerifiedException.class);

            for (DnsRecord record : domain.records(identities.domainSettings())) {
                switch (record.type()) {
                    case TXT -> dns.txt(record.host(), record.value());
                    case CNAME -> dns.cname(record.host(), record.value());
                }
            }
            assertThat(DomainExamples.verify(identities)).isTrue();
            assertThat(DomainExamples.senderAddresses(identities).replyTo()).isEqualTo(EmailAddress.of("help@shop42.example"));

            SendingIdentities restarted = DomainExamples.restart(identities, settings);
            assertThat(restarted.checkSendable("customer-42", EmailAddress.of("news@shop42.example"), MailType.BATCH).type())
                    .isEqualTo(MailType.BATCH);
            assertThat(DomainExamples.development(identities.domainSettings()).policy().requireVerifiedDomain()).isFalse();
        }
    }
}
