package io.directmail.internal.dns;

import io.directmail.testsupport.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.dns.DnsSettings;
import io.directmail.dns.MxHost;
import io.directmail.dns.MxLookup;
import io.directmail.testing.LoopbackDnsServer;
import java.time.Instant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DnsjavaMxResolverTest {

    /** Long enough that a busy machine never turns an answer into a timeout (and a second query). */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        dns.start();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void mxHosts_comeInPreferenceOrder_eachWithIpv4BeforeIpv6() {
        dns.mx("example.test", 20, "mx2.example.test")
                .mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 30, "mx3.example.test")
                .aaaa("mx1.example.test", "::1")
                .a("mx1.example.test", "127.0.0.2")
                .a("mx2.example.test", "127.0.0.3")
                .a("mx3.example.test", "127.0.0.4");

        MxLookup lookup = resolver().lookup("example.test");

        assertThat(hosts(lookup)).extracting(MxHost::hostname, MxHost::preference)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mx1.example.test", 10),
                        org.assertj.core.groups.Tuple.tuple("mx2.example.test", 20),
                        org.assertj.core.groups.Tuple.tuple("mx3.example.test", 30));
        assertThat(hosts(lookup).get(0).addresses()).containsExactly(ip("127.0.0.2"), ip("::1"));
        assertThat(hosts(lookup)).noneMatch(MxHost::implicit);
    }

    @Test
    void equalPreferences_areShuffled_reproduciblyForOneSeed() {
        dns.mx("example.test", 10, "a.example.test")
                .mx("example.test", 10, "b.example.test")
                .mx("example.test", 10, "c.example.test")
                .mx("example.test", 5, "first.example.test")
                .mx("example.test", 50, "last.example.test");
        for (String host : List.of("a", "b", "c", "first", "last")) {
            dns.a(host + ".example.test", "127.0.0.2");
        }

        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            List<String> order = names(new DnsjavaMxResolver(settings().build(), new Random(seed)).lookup("example.test"));
            List<String> again = names(new DnsjavaMxResolver(settings().build(), new Random(seed)).lookup("example.test"));
            assertThat(again).isEqualTo(order);
            assertThat(order.get(0)).isEqualTo("first.example.test");
            assertThat(order.get(4)).isEqualTo("last.example.test");
            assertThat(order.subList(1, 4)).containsExactlyInAnyOrder("a.example.test", "b.example.test", "c.example.test");
            orders.add(order);
        }
        assertThat(orders).as("orders seen over 30 seeds").hasSizeGreaterThan(3);
    }

    @Test
    void domainWithoutMx_butWithAddresses_isItsOwnImplicitMx() {
        dns.a("example.test", "127.0.0.5").aaaa("example.test", "::1");

        MxLookup lookup = resolver().lookup("example.test");

        assertThat(hosts(lookup)).singleElement().satisfies(host -> {
            assertThat(host.hostname()).isEqualTo("example.test");
            assertThat(host.preference()).isZero();
            assertThat(host.implicit()).isTrue();
            assertThat(host.addresses()).containsExactly(ip("127.0.0.5"), ip("::1"));
        });
    }

    @Test
    void domainWithoutMxOrAddresses_failsPermanently() {
        dns.txt("example.test", "v=spf1 -all");

        assertThat(resolver().lookup("example.test"))
                .isInstanceOfSatisfying(MxLookup.PermanentFailure.class,
                        failure -> assertThat(failure.reason()).contains("no MX records and no address records"));
    }

    @Test
    void nullMx_failsPermanently() {
        dns.nullMx("example.test").a("example.test", "127.0.0.2");

        assertThat(resolver().lookup("example.test"))
                .isInstanceOfSatisfying(MxLookup.PermanentFailure.class,
                        failure -> assertThat(failure.reason()).contains("null MX", "RFC 7505"));
        assertThat(dns.queryCount("example.test", "A")).as("no implicit MX for a null MX").isZero();
    }

    @Test
    void nullMxAmongRealHosts_isIgnored() {
        dns.mx("example.test", 0, ".").mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");

        assertThat(names(resolver().lookup("example.test"))).containsExactly("mx.example.test");
    }

    @Test
    void nxdomain_failsPermanently() {
        dns.a("other.test", "127.0.0.2");

        assertThat(resolver().lookup("missing.test"))
                .isInstanceOfSatisfying(MxLookup.PermanentFailure.class,
                        failure -> assertThat(failure.reason()).contains("missing.test", "NXDOMAIN"));
    }

    @Test
    void servfail_failsTemporarily_afterEveryAttempt() {
        dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2").servfail("example.test");

        MxLookup lookup = resolver(settings().attempts(3)).lookup("example.test");

        assertThat(lookup).isInstanceOfSatisfying(MxLookup.TemporaryFailure.class,
                failure -> assertThat(failure.reason()).contains("SERVFAIL"));
        assertThat(dns.queryCount("example.test", "MX")).isEqualTo(3);
    }

    @Test
    void refused_failsTemporarily() {
        dns.refuse("example.test");

        assertThat(resolver().lookup("example.test"))
                .isInstanceOfSatisfying(MxLookup.TemporaryFailure.class,
                        failure -> assertThat(failure.reason()).contains("REFUSED"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void silentServer_failsTemporarily_withinTheTimeout() {
        dns.mx("example.test", 10, "mx.example.test").timeout("example.test");

        MxLookup lookup = resolver(settings().timeout(Duration.ofMillis(200)).attempts(2)).lookup("example.test");

        assertThat(lookup).isInstanceOfSatisfying(MxLookup.TemporaryFailure.class,
                failure -> assertThat(failure.reason()).contains("timed out"));
        assertThat(dns.queryCount("example.test", "MX")).isEqualTo(2);
    }

    @Test
    void failingNameserver_isSkippedForTheNextOne() throws IOException {
        try (LoopbackDnsServer broken = new LoopbackDnsServer()) {
            broken.servfail("example.test").servfail("mx.example.test");
            broken.start();
            dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");
            DnsSettings settings = DnsSettings.newBuilder()
                    .nameserver(broken.address())
                    .nameserver(dns.address())
                    .attempts(1)
                    .timeout(GENEROUS)
                    .clock(clock)
                    .build();

            assertThat(names(new DnsjavaMxResolver(settings, new Random(1)).lookup("example.test")))
                    .containsExactly("mx.example.test");
            assertThat(broken.queryCount("example.test", "MX")).isEqualTo(1);
        }
    }

    @Test
    void mxHostWithoutAddress_isSkipped() {
        dns.mx("example.test", 10, "gone.example.test")
                .mx("example.test", 20, "nodata.example.test")
                .mx("example.test", 30, "mx.example.test")
                .txt("nodata.example.test", "no addresses here")
                .a("mx.example.test", "127.0.0.2");

        assertThat(names(resolver().lookup("example.test"))).containsExactly("mx.example.test");
    }

    @Test
    void everyMxHostWithoutAddress_failsPermanently() {
        dns.mx("example.test", 10, "gone.example.test").mx("example.test", 20, "gone2.example.test");

        assertThat(resolver().lookup("example.test"))
                .isInstanceOfSatisfying(MxLookup.PermanentFailure.class, failure -> assertThat(failure.reason())
                        .contains("gone.example.test: NXDOMAIN", "gone2.example.test: NXDOMAIN"));
    }

    @Test
    void noUsableMxHost_failsTemporarily_whenAnyHostLookupFailedTemporarily() {
        dns.mx("example.test", 10, "gone.example.test")
                .mx("example.test", 20, "flaky.example.test")
                .a("flaky.example.test", "127.0.0.2")
                .servfail("flaky.example.test");

        assertThat(resolver().lookup("example.test"))
                .isInstanceOfSatisfying(MxLookup.TemporaryFailure.class,
                        failure -> assertThat(failure.reason()).contains("flaky.example.test", "SERVFAIL"));
    }

    @Test
    void hostWhoseAaaaLookupFails_keepsItsIpv4Addresses() {
        dns.mx("example.test", 10, "mx.example.test")
                .a("mx.example.test", "127.0.0.2")
                .aaaa("mx.example.test", "::1")
                .servfail("mx.example.test", "AAAA");

        assertThat(hosts(resolver().lookup("example.test"))).singleElement()
                .satisfies(host -> assertThat(host.addresses()).containsExactly(ip("127.0.0.2")));
    }

    @Test
    void cachedAnswers_outliveANameServerThatStopsAnswering() {
        dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");
        DnsjavaMxResolver resolver = resolver();
        resolver.lookup("example.test");
        dns.timeout("example.test").timeout("mx.example.test");

        assertThat(hosts(resolver.lookup("example.test")).get(0).addresses()).containsExactly(ip("127.0.0.2"));
    }

    @Test
    void mxTargetWrittenAsAnIpAddress_isLookedUpAsAHostName() {
        dns.mx("example.test", 10, "192.0.2.1");

        MxLookup lookup = resolver().lookup("example.test");

        assertThat(lookup).isInstanceOfSatisfying(MxLookup.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("192.0.2.1: NXDOMAIN"));
        assertThat(dns.queryCount("192.0.2.1", "A")).isEqualTo(1);
    }

    @Test
    void mxTargetWrittenAsAnIpAddress_isUsed_whenThatNameHasAddresses() {
        dns.mx("example.test", 10, "192.0.2.1").a("192.0.2.1", "127.0.0.9");

        assertThat(hosts(resolver().lookup("example.test"))).singleElement().satisfies(host -> {
            assertThat(host.hostname()).isEqualTo("192.0.2.1");
            assertThat(host.addresses()).containsExactly(ip("127.0.0.9"));
        });
    }

    @Test
    void cnames_areFollowed_forTheDomainAndForMxHosts() {
        dns.cname("alias.test", "example.test")
                .mx("example.test", 10, "mx-alias.example.test")
                .cname("mx-alias.example.test", "mx.example.test")
                .a("mx.example.test", "127.0.0.2");

        MxLookup lookup = resolver().lookup("alias.test");

        assertThat(hosts(lookup)).singleElement().satisfies(host -> {
            assertThat(host.hostname()).isEqualTo("mx-alias.example.test");
            assertThat(host.addresses()).containsExactly(ip("127.0.0.2"));
        });
    }

    @Test
    void cnameLoop_failsPermanently() {
        dns.cname("a.test", "b.test").cname("b.test", "a.test");

        assertThat(resolver().lookup("a.test"))
                .isInstanceOfSatisfying(MxLookup.PermanentFailure.class,
                        failure -> assertThat(failure.reason()).contains("CNAME"));
    }

    @Test
    void idnDomain_isResolvedInItsAsciiForm() {
        dns.mx("bücher.test", 10, "mx.bücher.test").a("mx.bücher.test", "127.0.0.2");
        DnsjavaMxResolver resolver = resolver();

        assertThat(names(resolver.lookup("xn--bcher-kva.test"))).containsExactly("mx.xn--bcher-kva.test");
        assertThat(names(resolver.lookup("Bücher.test."))).containsExactly("mx.xn--bcher-kva.test");
    }

    @Test
    void invalidDomainName_failsPermanently_withoutAQuery() {
        assertThat(resolver().lookup("bad..name")).isInstanceOfSatisfying(MxLookup.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("bad..name"));
        assertThat(resolver().lookup("")).isInstanceOf(MxLookup.PermanentFailure.class);
        assertThat(resolver().lookup("x".repeat(64) + ".test")).isInstanceOf(MxLookup.PermanentFailure.class);
    }

    @Test
    void answers_areCachedForTheirTtl_onTheInjectedClock() {
        dns.ttl(Duration.ofSeconds(300)).mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");
        DnsjavaMxResolver resolver = resolver();

        resolver.lookup("example.test");
        resolver.lookup("example.test");
        clock.advance(Duration.ofSeconds(299));
        MxLookup cached = resolver.lookup("example.test");

        assertThat(names(cached)).containsExactly("mx.example.test");
        assertThat(dns.queryCount("example.test", "MX")).isEqualTo(1);
        assertThat(dns.queryCount("mx.example.test", "A")).isEqualTo(1);
        assertThat(dns.queryCount("mx.example.test", "AAAA")).as("NODATA is cached too").isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        resolver.lookup("example.test");

        assertThat(dns.queryCount("example.test", "MX")).isEqualTo(2);
        assertThat(dns.queryCount("mx.example.test", "A")).isEqualTo(2);
    }

    @Test
    void negativeAnswers_areCachedNoLongerThanTheCap() {
        dns.ttl(Duration.ofHours(1)).a("other.test", "127.0.0.2");
        DnsjavaMxResolver resolver = resolver(settings().negativeTtlCap(Duration.ofSeconds(60)));

        resolver.lookup("missing.test");
        clock.advance(Duration.ofSeconds(59));
        resolver.lookup("missing.test");
        assertThat(dns.queryCount("missing.test", "MX")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        dns.mx("missing.test", 10, "other.test");

        assertThat(names(resolver.lookup("missing.test"))).containsExactly("other.test");
        assertThat(dns.queryCount("missing.test", "MX")).isEqualTo(2);
    }

    @Test
    void temporaryFailures_areNotCached() {
        dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2").servfail("example.test");
        DnsjavaMxResolver resolver = resolver(settings().attempts(1));

        assertThat(resolver.lookup("example.test")).isInstanceOf(MxLookup.TemporaryFailure.class);
        dns.clearFault("example.test");

        assertThat(names(resolver.lookup("example.test"))).containsExactly("mx.example.test");
    }

    @Test
    void cacheSizeZero_queriesEveryTime() {
        dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2");
        DnsjavaMxResolver resolver = resolver(settings().cacheMaximumSize(0));

        resolver.lookup("example.test");
        resolver.lookup("example.test");

        assertThat(dns.queryCount("example.test", "MX")).isEqualTo(2);
    }

    @Test
    void ipv6Off_asksNoAaaaQuestions() {
        dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.2").aaaa("mx.example.test", "::1");

        MxLookup lookup = resolver(settings().ipv6(false)).lookup("example.test");

        assertThat(hosts(lookup).get(0).addresses()).containsExactly(ip("127.0.0.2"));
        assertThat(dns.queryCount("mx.example.test", "AAAA")).isZero();
    }

    @Test
    void truncatedUdpAnswer_isRetriedOverTcp() {
        for (int i = 0; i < 30; i++) {
            dns.mx("big.test", 10 + i, "a-long-mail-exchanger-host-name-" + i + ".big.test");
        }
        dns.a("a-long-mail-exchanger-host-name-0.big.test", "127.0.0.2");

        MxLookup lookup = resolver().lookup("big.test");

        assertThat(names(lookup)).containsExactly("a-long-mail-exchanger-host-name-0.big.test");
        assertThat(dns.tcpQueryCount("big.test", "MX")).isEqualTo(1);
    }

    @Test
    void concurrentLookups_allSucceed_andShareTheCachedAnswers() throws Exception {
        dns.mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 10, "mx2.example.test")
                .a("mx1.example.test", "127.0.0.2")
                .a("mx2.example.test", "127.0.0.3");
        DnsjavaMxResolver resolver = resolver();
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<MxLookup>> lookups = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                lookups.add(pool.submit(() -> {
                    go.await();
                    return resolver.lookup("example.test");
                }));
            }
            go.countDown();
            for (Future<MxLookup> lookup : lookups) {
                assertThat(names(lookup.get(10, TimeUnit.SECONDS)))
                        .containsExactlyInAnyOrder("mx1.example.test", "mx2.example.test");
            }
        }
        assertThat(dns.queryCount("example.test", "MX")).isEqualTo(1);
        assertThat(dns.queryCount("mx1.example.test", "A")).isEqualTo(1);
    }

    private DnsSettings.Builder settings() {
        return DnsSettings.newBuilder().nameserver(dns.address()).clock(clock).timeout(GENEROUS);
    }

    private DnsjavaMxResolver resolver() {
        return resolver(settings());
    }

    private static DnsjavaMxResolver resolver(DnsSettings.Builder settings) {
        return new DnsjavaMxResolver(settings.build(), new Random(42));
    }

    private static List<MxHost> hosts(MxLookup lookup) {
        assertThat(lookup).isInstanceOf(MxLookup.Found.class);
        return ((MxLookup.Found) lookup).hosts();
    }

    private static List<String> names(MxLookup lookup) {
        return hosts(lookup).stream().map(MxHost::hostname).toList();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
