package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.account.DnsRecord;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.transport.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the guide's account snippets in order, as an application goes through them. */
class AccountExamplesTest {

    @Test
    void theGuidesWalkThrough_fromCreatingAnAccountToSending_works() throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.start();
            DnsSettings settings = DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(10)).build();
            try (DirectMail directMail = AccountExamples.directMail(transport, settings)) {
                List<DnsRecord> records = AccountExamples.createAccount(directMail);
                assertThatThrownBy(() -> AccountExamples.verifyAndSend(directMail)).hasMessageContaining("not published");

                for (DnsRecord record : records) {
                    switch (record.type()) {
                        case TXT -> dns.txt(record.host(), record.value());
                        case CNAME -> dns.cname(record.host(), record.value());
                    }
                }
                String messageId = AccountExamples.verifyAndSend(directMail).messageId();
                assertThat(transport.awaitMessages(1, Duration.ofSeconds(10)).getFirst().messageId()).isEqualTo(messageId);
                assertThat(AccountExamples.upgrade(directMail).quota().dailyCapRemaining()).hasValue(50_000 - 1);
            }
        }
    }
}
