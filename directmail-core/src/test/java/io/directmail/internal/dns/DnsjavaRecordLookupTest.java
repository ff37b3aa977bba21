package io.directmail.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.dns.DnsSettings;
import io.directmail.testing.LoopbackDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DnsjavaRecordLookupTest {

    /** Long enough that a busy machine never turns an answer into a timeout. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private final LoopbackDnsServer dns = new LoopbackDnsServer();

    @BeforeEach
    void start() throws IOException {
        dns.start();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void txt_joinsTheStringsOfEachRecord_withoutSeparators() {
        dns.record("example.test", "TXT", "\"v=spf1 include:_spf.exa\" \"mple.net ~all\"")
                .txt("example.test", "google-site-verification=abc");

        assertThat(lookup().txt("example.test").join())
                .isEqualTo(new RecordLookup.Found(List.of("v=spf1 include:_spf.example.net ~all",
                        "google-site-verification=abc")));
    }

    @Test
    void txt_decodesUtf8() {
        dns.txt("example.test", "grüße ✓");

        assertThat(lookup().txt("example.test").join()).isEqualTo(new RecordLookup.Found(List.of("grüße ✓")));
    }

    @Test
    void txt_followsCnames() {
        dns.cname("_dmarc.example.test", "_dmarc.provider.test").txt("_dmarc.provider.test", "v=DMARC1; p=none");

        assertThat(lookup().txt("_dmarc.example.test").join())
                .isEqualTo(new RecordLookup.Found(List.of("v=DMARC1; p=none")));
    }

    @Test
    void cname_givesTheAliasTarget_inLowerCase_withoutTheDot() {
        dns.cname("bounces.example.test", "Bounce.Mail.Example.NET.").a("bounce.mail.example.net", "127.0.0.2");

        assertThat(lookup().cname("bounces.example.test").join())
                .isEqualTo(new RecordLookup.Found(List.of("bounce.mail.example.net")));
    }

    @Test
    void missingName_andNameWithoutTheType_areAbsent() {
        dns.a("host.example.test", "127.0.0.2");

        assertThat(lookup().txt("nothing.example.test").join()).isInstanceOfSatisfying(RecordLookup.Absent.class,
                absent -> assertThat(absent.reason()).contains("NXDOMAIN"));
        assertThat(lookup().cname("host.example.test").join()).isInstanceOfSatisfying(RecordLookup.Absent.class,
                absent -> assertThat(absent.reason()).contains("no such records"));
    }

    @Test
    void cnameLoop_isAbsent() {
        dns.cname("a.example.test", "b.example.test").cname("b.example.test", "a.example.test");

        assertThat(lookup().txt("a.example.test").join()).isInstanceOfSatisfying(RecordLookup.Absent.class,
                absent -> assertThat(absent.reason()).contains("loops"));
    }

    @Test
    void servfail_isUnavailable_notAbsent() {
        dns.txt("example.test", "v=spf1 -all").servfail("example.test", "TXT");

        assertThat(lookup().txt("example.test").join()).isInstanceOfSatisfying(RecordLookup.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("SERVFAIL"));
    }

    @Test
    void silentServer_isUnavailable_withinTheTimeout() {
        dns.timeout("example.test");
        DnsjavaRecordLookup lookup = new DnsjavaRecordLookup(DnsSettings.newBuilder()
                .nameserver(dns.address()).timeout(Duration.ofMillis(200)).attempts(1).build());

        assertThat(lookup.txt("example.test").join()).isInstanceOfSatisfying(RecordLookup.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("timed out"));
    }

    @Test
    void answersAreNotCached_soANewRecordShowsAtOnce() {
        DnsjavaRecordLookup lookup = lookup();
        assertThat(lookup.txt("_directmail.example.test").join()).isInstanceOf(RecordLookup.Absent.class);

        dns.txt("_directmail.example.test", "directmail-verification=1234");

        assertThat(lookup.txt("_directmail.example.test").join())
                .isEqualTo(new RecordLookup.Found(List.of("directmail-verification=1234")));
        assertThat(dns.queryCount("_directmail.example.test", "TXT")).isEqualTo(2);
    }

    @Test
    void invalidName_isRefused() {
        assertThatThrownBy(() -> lookup().txt("a..b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a..b");
    }

    private DnsjavaRecordLookup lookup() {
        return new DnsjavaRecordLookup(DnsSettings.newBuilder().nameserver(dns.address()).timeout(GENEROUS).build());
    }
}
