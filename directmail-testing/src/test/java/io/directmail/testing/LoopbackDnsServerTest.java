package io.directmail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class LoopbackDnsServerTest {

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
    void listens_onLoopbackWithAnEphemeralPort() {
        assertThat(dns.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(dns.address().getPort()).isPositive();
    }

    @Test
    void start_onAGivenAddress_listensThere_andATakenPortIsRefused() throws IOException {
        try (LoopbackDnsServer other = new LoopbackDnsServer(); LoopbackDnsServer clash = new LoopbackDnsServer()) {
            other.start(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
            other.a("host.test", "127.0.0.2");

            assertThat(other.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.3"));
            assertThat(new SimpleResolver(other.address()).send(query("host.test.", Type.A)).getRcode())
                    .isEqualTo(Rcode.NOERROR);
            assertThatThrownBy(() -> clash.start(other.address())).isInstanceOf(BindException.class);
        }
    }

    @Test
    void lifecycle_addressNeedsStart_closeIsIdempotent_noRestart() {
        LoopbackDnsServer fresh = new LoopbackDnsServer();
        assertThatThrownBy(fresh::address).isInstanceOf(IllegalStateException.class);

        fresh.close();
        fresh.close();

        assertThatThrownBy(fresh::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void answersMxAndA_authoritatively() throws IOException {
        dns.mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "127.0.0.2");

        Message mx = ask("example.test.", Type.MX, false);
        Message a = ask("MX1.Example.Test.", Type.A, false);

        assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(mx.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(mx.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((MXRecord) r).getTarget()).hasToString("mx1.example.test."))
                .satisfies(r -> assertThat(r.getTTL()).isEqualTo(300));
        assertThat(((ARecord) a.getSection(Section.ANSWER).get(0)).getAddress())
                .isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}));
    }

    @Test
    void unknownName_isNxdomainWithSoa_knownNameOtherType_isNodata() throws IOException {
        dns.ttl(Duration.ofSeconds(60)).a("host.example.test", "127.0.0.2");

        Message nx = ask("nowhere.example.test.", Type.MX, false);
        Message noData = ask("host.example.test.", Type.MX, false);
        Message emptyNonTerminal = ask("example.test.", Type.MX, false);

        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(r -> assertThat(((SOARecord) r).getMinimum()).isEqualTo(60));
        assertThat(noData.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(noData.getSection(Section.ANSWER)).isEmpty();
        assertThat(emptyNonTerminal.getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void faults_answerServfailOrRefused_untilCleared() throws IOException {
        dns.a("host.test", "127.0.0.2").servfail("host.test").refuse("other.test").servfail("typed.test", "AAAA");
        dns.a("typed.test", "127.0.0.2");

        assertThat(ask("host.test.", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(ask("typed.test.", Type.AAAA, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(ask("typed.test.", Type.A, false).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("other.test.", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
        dns.clearFault("host.test");
        assertThat(ask("host.test.", Type.A, false).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void timeoutFault_neverAnswers_butCountsTheQuery() {
        dns.a("slow.test", "127.0.0.2").timeout("slow.test");
        SimpleResolver resolver = resolver(false);
        resolver.setTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> resolver.send(query("slow.test.", Type.A))).isInstanceOf(IOException.class);
        assertThat(dns.queryCount("slow.test", "A")).isEqualTo(1);
    }

    @Test
    void cname_isFollowedWithinTheServer() throws IOException {
        dns.cname("alias.test", "real.test").a("real.test", "127.0.0.3");

        Message answer = ask("alias.test.", Type.A, false);

        assertThat(answer.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
    }

    @Test
    void nullMx_replacesTheMxSet() throws IOException {
        dns.mx("example.test", 10, "mx.example.test").nullMx("example.test");

        assertThat(ask("example.test.", Type.MX, false).getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((MXRecord) r).getTarget()).isEqualTo(Name.root));
    }

    @Test
    void longTxt_isSplitInto255OctetStrings() throws IOException {
        String text = "v=DKIM1; k=rsa; p=" + "A".repeat(600);
        dns.txt("sel._domainkey.example.test", text);

        TXTRecord txt = (TXTRecord) ask("sel._domainkey.example.test.", Type.TXT, false).getSection(Section.ANSWER).get(0);

        assertThat(txt.getStringsAsByteArrays()).allSatisfy(s -> assertThat(s.length).isLessThanOrEqualTo(255));
        assertThat(String.join("", txt.getStringsAsByteArrays().stream()
                .map(s -> new String(s, StandardCharsets.UTF_8)).toList())).isEqualTo(text);
    }

    @Test
    void largeUdpAnswer_isTruncated_andComplete_overTcp() throws IOException {
        for (int i = 0; i < 40; i++) {
            dns.mx("big.test", i, "a-rather-long-mail-exchanger-name-" + i + ".big.test");
        }
        SimpleResolver udpOnly = resolver(false);
        udpOnly.setIgnoreTruncation(true);

        Message truncated = udpOnly.send(query("big.test.", Type.MX));
        Message viaTcp = resolver(false).send(query("big.test.", Type.MX));

        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(viaTcp.getSection(Section.ANSWER)).hasSize(40);
        assertThat(dns.tcpQueryCount("big.test", "MX")).isEqualTo(1);
        assertThat(dns.queryCount("big.test", "MX")).isEqualTo(3);
    }

    @Test
    void anyType_canBeAddedInZoneFileForm() throws IOException {
        dns.record("_submission._tcp.example.test", "SRV", "0 1 587 mail.example.test.");

        Message answer = ask("_submission._tcp.example.test.", Type.SRV, false);

        assertThat(answer.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("0 1 587 mail.example.test."));
        assertThatThrownBy(() -> dns.record("x.test", "SRV", "not numbers")).hasMessageContaining("not numbers");
    }

    @Test
    void recordsChangeWhileRunning() throws IOException {
        dns.a("host.test", "127.0.0.2");
        assertThat(ask("host.test.", Type.A, false).getRcode()).isEqualTo(Rcode.NOERROR);

        dns.remove("host.test");

        assertThat(ask("host.test.", Type.A, true).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void idnNames_areServedInAsciiForm() throws IOException {
        dns.a("bücher.test", "127.0.0.2");

        assertThat(ask("xn--bcher-kva.test.", Type.A, false).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void badSetUp_isRefusedNamingTheValue() {
        assertThatThrownBy(() -> dns.a("host.test", "300.1.1.1")).hasMessageContaining("300.1.1.1");
        assertThatThrownBy(() -> dns.aaaa("host.test", "127.0.0.1")).hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> dns.mx("example.test", 70000, "mx.test")).hasMessageContaining("70000");
        assertThatThrownBy(() -> dns.mx("bad..name", 1, "mx.test")).hasMessageContaining("bad..name");
        assertThatThrownBy(() -> dns.queryCount("x.test", "NOPE")).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> dns.ttl(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(dns::start).isInstanceOf(IllegalStateException.class);
    }

    private Message ask(String name, int type, boolean tcp) throws IOException {
        return resolver(tcp).send(query(name, type));
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(dns.address());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(10)); // generous: a busy machine must not turn answers into timeouts
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }
}
