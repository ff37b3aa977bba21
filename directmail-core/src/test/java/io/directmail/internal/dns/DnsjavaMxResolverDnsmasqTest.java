package io.directmail.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.directmail.dns.DnsSettings;
import io.directmail.dns.MxHost;
import io.directmail.dns.MxLookup;
import io.directmail.testsupport.Dnsmasq;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resolver against a DNS server it was not written with: dnsmasq. */
@Tag("integration")
class DnsjavaMxResolverDnsmasqTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mxHostsServedByDnsmasq_comeBackInPreferenceOrder_withTheirAddresses() throws Exception {
        assumeThat(Dnsmasq.isInstalled()).as(Dnsmasq.EXECUTABLE + " is installed").isTrue();
        try (Dnsmasq dnsmasq = Dnsmasq.newBuilder()
                .mx("example.test", "mx2.example.test", 20)
                .mx("example.test", "mx1.example.test", 10)
                .hostRecord("mx1.example.test", "127.0.0.2")
                .hostRecord("mx2.example.test", "127.0.0.3")
                .start()) {
            DnsSettings settings = DnsSettings.newBuilder()
                    .nameserver(dnsmasq.address())
                    .timeout(Duration.ofSeconds(10))
                    .build();

            MxLookup lookup = new DnsjavaMxResolver(settings, new Random(7)).lookup("example.test");

            assertThat(lookup).as(dnsmasq::log).isInstanceOf(MxLookup.Found.class);
            assertThat(((MxLookup.Found) lookup).hosts())
                    .extracting(MxHost::hostname, MxHost::preference, MxHost::addresses)
                    .containsExactly(
                            tuple("mx1.example.test", 10, List.of(InetAddress.getByName("127.0.0.2"))),
                            tuple("mx2.example.test", 20, List.of(InetAddress.getByName("127.0.0.3"))));
        }
    }
}
