package io.directmail.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testing.LoopbackDnsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsSettingsTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);

    @Test
    void defaults_areTheDocumentedOnes() {
        DnsSettings settings = DnsSettings.defaults();

        assertThat(settings.nameservers()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.attempts()).isEqualTo(2);
        assertThat(settings.cacheMaximumSize()).isEqualTo(10_000);
        assertThat(settings.negativeTtlCap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.ipv6()).isTrue();
        assertThat(settings.clock()).isEqualTo(Clock.systemUTC());
        assertThat(DnsSettings.newBuilder().build()).isEqualTo(settings);
    }

    @Test
    void builder_keepsEveryValue_andToBuilderCopiesThem() {
        Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        DnsSettings settings = DnsSettings.newBuilder()
                .nameserver(LOCAL)
                .timeout(Duration.ofMillis(500))
                .attempts(3)
                .cacheMaximumSize(0)
                .negativeTtlCap(Duration.ZERO)
                .ipv6(false)
                .clock(fixed)
                .build();

        assertThat(settings.nameservers()).containsExactly(LOCAL);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.attempts()).isEqualTo(3);
        assertThat(settings.cacheMaximumSize()).isZero();
        assertThat(settings.negativeTtlCap()).isZero();
        assertThat(settings.ipv6()).isFalse();
        assertThat(settings.clock()).isSameAs(fixed);
        assertThat(settings.toBuilder().build()).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(settings.toBuilder().attempts(1).build().attempts()).isEqualTo(1);
        assertThat(settings.attempts()).as("the original is unchanged").isEqualTo(3);
    }

    @Test
    void nameservers_replacesTheList_andEmptyMeansTheSystemResolvers() {
        InetSocketAddress other = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);

        DnsSettings.Builder builder = DnsSettings.newBuilder().nameserver(LOCAL).nameservers(List.of(other));

        assertThat(builder.build().nameservers()).containsExactly(other);
        assertThat(builder.nameservers(List.of()).build().nameservers()).isEmpty();
        assertThat(builder.build().toString()).contains("nameservers=system");
    }

    @Test
    void badValues_areRefusedAtOnce_namingTheValue() {
        DnsSettings.Builder builder = DnsSettings.newBuilder();

        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder.timeout(Duration.ofMillis(-5))).hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(2))).hasMessageContaining("PT2M");
        assertThatThrownBy(() -> builder.attempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempts").hasMessageContaining("was 0");
        assertThatThrownBy(() -> builder.attempts(11)).hasMessageContaining("was 11");
        assertThatThrownBy(() -> builder.cacheMaximumSize(-1)).hasMessageContaining("was -1");
        assertThatThrownBy(() -> builder.negativeTtlCap(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> builder.nameserver(InetSocketAddress.createUnresolved("dns.example", 53)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dns.example");
        assertThatThrownBy(() -> builder.nameserver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> builder.nameservers(List.of(LOCAL, InetSocketAddress.createUnresolved("x.example", 53))))
                .hasMessageContaining("x.example");
        assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> builder.nameserver(null)).isInstanceOf(NullPointerException.class);

        assertThat(builder.build()).as("nothing half-applied").isEqualTo(DnsSettings.defaults());
    }

    @Test
    void mxResolverDns_resolvesThroughTheConfiguredNameserver() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");
            dns.start();

            MxLookup lookup = MxResolver.dns(DnsSettings.newBuilder().nameserver(dns.address()).build())
                    .lookup("example.test");

            assertThat(lookup).isInstanceOfSatisfying(MxLookup.Found.class, found -> assertThat(found.hosts())
                    .singleElement()
                    .satisfies(host -> assertThat(host.addresses()).containsExactly(InetAddress.getByName("127.0.0.2"))));
        }
        assertThatThrownBy(() -> MxResolver.dns(null)).isInstanceOf(NullPointerException.class);
    }
}
