package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.account.DomainVerification;
import io.directmail.account.RecordCheck;
import io.directmail.account.RecordCheck.Result;
import io.directmail.account.SendingDomain;
import io.directmail.account.VerificationStatus;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.internal.dns.DnsjavaRecordLookup;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.SettableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Verification against real DNS queries to a loopback name server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DomainVerifierTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TOKEN = "00112233445566778899aabbccddeeff";
    private static final DkimKey RSA = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "dm-rsa-20260301");
    private static final DkimKey ED25519 = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "dm-ed25519-20260301");
    private static final DomainSettings SETTINGS = DomainSettings.of(
            List.of("ip4:192.0.2.1", "include:spf.mail.example.net"), "bounce.mail.example.net");
    private static final SendingDomain DOMAIN = new SendingDomain("example.com", "acme", List.of(RSA, ED25519), TOKEN,
            new VerificationStatus.Unverified(), NOW);

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
    void everyRecordPublished_isFound_andTheDomainVerified() {
        publish(DOMAIN.records(SETTINGS));

        DomainVerification verification = verify(DOMAIN);

        assertThat(verification.domain()).isEqualTo("example.com");
        assertThat(verification.checkedAt()).isEqualTo(NOW);
        assertThat(verification.checks()).extracting(RecordCheck::expected).isEqualTo(DOMAIN.records(SETTINGS));
        assertThat(verification.checks()).extracting(RecordCheck::result).containsOnly(Result.FOUND);
        assertThat(verification.verified()).isTrue();
        assertThat(verification.inconclusive()).isFalse();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.summary()).isEmpty();
        assertThat(check(verification, DnsRecord.Purpose.SPF).found())
                .containsExactly("v=spf1 ip4:192.0.2.1 include:spf.mail.example.net ~all");
    }

    @Test
    void nothingPublished_everyRecordMissing() {
        DomainVerification verification = verify(DOMAIN);

        assertThat(verification.checks()).extracting(RecordCheck::result).containsOnly(Result.MISSING);
        assertThat(verification.checks()).allSatisfy(check -> assertThat(check.found()).isEmpty());
        assertThat(verification.verified()).isFalse();
        assertThat(verification.inconclusive()).isFalse();
        assertThat(verification.summary()).contains("OWNERSHIP _directmail.example.com: MISSING",
                "SPF example.com: MISSING", "DKIM dm-rsa-20260301._domainkey.example.com: MISSING");
        assertThat(verification.summary()).doesNotContain("DMARC", "RETURN_PATH");
    }

    @Test
    void advisoryRecordsMissing_stillVerified() {
        publishExcept(DnsRecord.Purpose.DMARC, DnsRecord.Purpose.RETURN_PATH);

        DomainVerification verification = verify(DOMAIN);

        assertThat(verification.verified()).isTrue();
        assertThat(check(verification, DnsRecord.Purpose.DMARC).result()).isEqualTo(Result.MISSING);
        assertThat(check(verification, DnsRecord.Purpose.RETURN_PATH).result()).isEqualTo(Result.MISSING);
        assertThat(verification.problems()).hasSize(2);
    }

    @Test
    void eachRequiredRecord_missingAlone_preventsVerification() {
        for (DnsRecord missing : DOMAIN.records(SETTINGS)) {
            if (!missing.purpose().required()) {
                continue;
            }
            try (LoopbackDnsServer server = new LoopbackDnsServer()) {
                server.start();
                DOMAIN.records(SETTINGS).stream().filter(r -> !r.equals(missing)).forEach(r -> publish(server, r));

                DomainVerification verification = verifier(server).verify(DOMAIN, SETTINGS);

                assertThat(verification.verified()).as("without %s", missing.host()).isFalse();
                assertThat(verification.problems()).extracting(RecordCheck::expected).containsExactly(missing);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void ownership_otherToken_isWrong_showingWhatWasFound() {
        publishExcept(DnsRecord.Purpose.OWNERSHIP);
        dns.txt("_directmail.example.com", "directmail-verification=ffffffffffffffffffffffffffffffff");

        RecordCheck check = check(verify(DOMAIN), DnsRecord.Purpose.OWNERSHIP);

        assertThat(check.result()).isEqualTo(Result.WRONG);
        assertThat(check.found()).containsExactly("directmail-verification=ffffffffffffffffffffffffffffffff");
        assertThat(check.detail()).contains("ownership token");
    }

    @Test
    void ownership_amongOtherTexts_withSpaces_isFound() {
        publishExcept(DnsRecord.Purpose.OWNERSHIP);
        dns.txt("_directmail.example.com", "something else").txt("_directmail.example.com", " directmail-verification=" + TOKEN + " ");

        assertThat(check(verify(DOMAIN), DnsRecord.Purpose.OWNERSHIP).result()).isEqualTo(Result.FOUND);
    }

    @Test
    void spf_splitIntoSeveralStrings_isJoinedAndFound() {
        publishExcept(DnsRecord.Purpose.SPF);
        dns.record("example.com", "TXT", "\"v=spf1 ip4:192.0.2.1 incl\" \"ude:spf.mail.example.net ~all\"");

        assertThat(check(verify(DOMAIN), DnsRecord.Purpose.SPF).result()).isEqualTo(Result.FOUND);
    }

    @Test
    void spf_withOtherMechanisms_inAnyCase_withPlusQualifier_isFound() {
        publishExcept(DnsRecord.Purpose.SPF);
        dns.txt("example.com", "google-site-verification=xyz")
                .txt("example.com", "V=SPF1 mx +INCLUDE:spf.mail.example.net include:_spf.google.com  ip4:192.0.2.1 -all");

        RecordCheck check = check(verify(DOMAIN), DnsRecord.Purpose.SPF);

        assertThat(check.result()).isEqualTo(Result.FOUND);
        assertThat(check.found()).as("only SPF records are shown")
                .containsExactly("V=SPF1 mx +INCLUDE:spf.mail.example.net include:_spf.google.com  ip4:192.0.2.1 -all");
    }

    @Test
    void twoSpfRecords_areWrong_evenIfBothHaveOurMechanisms() {
        publish(DOMAIN.records(SETTINGS));
        dns.txt("example.com", "v=spf1 include:_spf.google.com ~all");

        RecordCheck check = check(verify(DOMAIN), DnsRecord.Purpose.SPF);

        assertThat(check.result()).isEqualTo(Result.WRONG);
        assertThat(check.found()).hasSize(2);
        assertThat(check.detail()).contains("2 SPF records", "RFC 7208");
    }

    @Test
    void spf_lackingAMechanism_orHavingItAfterAll_orQualifiedAgainst_isWrong() {
        publishExcept(DnsRecord.Purpose.SPF);
        for (String record : List.of(
                "v=spf1 ip4:192.0.2.1 ~all",
                "v=spf1 ip4:192.0.2.1 -all include:spf.mail.example.net",
                "v=spf1 ip4:192.0.2.1 ~include:spf.mail.example.net ~all",
                "v=spf1 ip4:192.0.2.1/32 include:spf.mail.example.net ~all")) {
            dns.remove("example.com").txt("example.com", record);

            RecordCheck check = check(verify(DOMAIN), DnsRecord.Purpose.SPF);

            assertThat(check.result()).as(record).isEqualTo(Result.WRONG);
            assertThat(check.found()).containsExactly(record);
        }
    }

    @Test
    void txtRecordsWithoutSpf_meanSpfMissing() {
        publishExcept(DnsRecord.Purpose.SPF);
        dns.txt("example.com", "v=spf10 not really").txt("example.com", "hello");

        RecordCheck check = check(verify(DOMAIN), DnsRecord.Purpose.SPF);

        assertThat(check.result()).isEqualTo(Result.MISSING);
        assertThat(check.detail()).contains("none is an SPF record");
    }

    @Test
    void dkim_rsaKeyLongerThanOneString_isJoinedAndFound() {
        assertThat(RSA.dnsTxtValue().length()).as("needs several strings").isGreaterThan(255);
        publish(DOMAIN.records(SETTINGS));

        assertThat(verify(DOMAIN).checks()).filteredOn(c -> c.expected().purpose() == DnsRecord.Purpose.DKIM)
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.result()).isEqualTo(Result.FOUND));
    }

    @Test
    void dkim_keyWithWhitespace_otherTagOrder_isFound() {
        publishExcept(DnsRecord.Purpose.DKIM);
        String rsaKey = RSA.dnsTxtValue().substring(RSA.dnsTxtValue().indexOf("p=") + 2);
        String spaced = rsaKey.substring(0, 100) + " \t " + rsaKey.substring(100, 200) + "  " + rsaKey.substring(200);
        dns.txt(RSA.dnsName(), "k=rsa; t=s; p= " + spaced + " ; n=note")
                .txt(ED25519.dnsName(), ED25519.dnsTxtValue());

        assertThat(verify(DOMAIN).checks()).filteredOn(c -> c.expected().purpose() == DnsRecord.Purpose.DKIM)
                .allSatisfy(c -> assertThat(c.result()).isEqualTo(Result.FOUND));
    }

    @Test
    void dkim_otherKey_isWrong_revokedKey_isWrong_noKey_isWrong() {
        DkimKey other = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "dm-ed25519-20260301");
        publishExcept(DnsRecord.Purpose.DKIM);
        dns.txt(RSA.dnsName(), "v=DKIM1; k=rsa; p=");
        dns.txt(ED25519.dnsName(), other.dnsTxtValue());

        List<RecordCheck> dkim = verify(DOMAIN).checks().stream()
                .filter(c -> c.expected().purpose() == DnsRecord.Purpose.DKIM).toList();

        assertThat(dkim).extracting(RecordCheck::result).containsExactly(Result.WRONG, Result.WRONG);
        assertThat(dkim.get(0).detail()).contains("revoked");
        assertThat(dkim.get(1).detail()).contains("not this domain's key");
        assertThat(dkim.get(1).found()).containsExactly(other.dnsTxtValue());

        dns.remove(RSA.dnsName()).txt(RSA.dnsName(), "v=DKIM1; k=rsa");
        assertThat(check(verify(DOMAIN), DnsRecord.Purpose.DKIM).detail()).contains("holds no DKIM key");
    }

    @Test
    void dmarc_ownersPolicy_isFound_twoRecords_areWrong() {
        publishExcept(DnsRecord.Purpose.DMARC);
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:d@example.com");

        assertThat(check(verify(DOMAIN), DnsRecord.Purpose.DMARC).result()).isEqualTo(Result.FOUND);

        dns.txt("_dmarc.example.com", "v=DMARC1; p=none");
        RecordCheck two = check(verify(DOMAIN), DnsRecord.Purpose.DMARC);
        assertThat(two.result()).isEqualTo(Result.WRONG);
        assertThat(two.detail()).contains("2 DMARC records");
        assertThat(verify(DOMAIN).verified()).as("DMARC is advisory").isTrue();
    }

    @Test
    void returnPath_otherTarget_isWrong_targetCase_doesNotMatter() {
        publishExcept(DnsRecord.Purpose.RETURN_PATH);
        dns.cname("bounces.example.com", "elsewhere.example.org");

        RecordCheck wrong = check(verify(DOMAIN), DnsRecord.Purpose.RETURN_PATH);
        assertThat(wrong.result()).isEqualTo(Result.WRONG);
        assertThat(wrong.found()).containsExactly("elsewhere.example.org");

        dns.cname("bounces.example.com", "BOUNCE.Mail.Example.NET.");
        assertThat(check(verify(DOMAIN), DnsRecord.Purpose.RETURN_PATH).result()).isEqualTo(Result.FOUND);
    }

    @Test
    void recordsPublishedUnderUpperCaseNames_areFound() {
        for (DnsRecord record : DOMAIN.records(SETTINGS)) {
            DnsRecord upper = new DnsRecord(record.type(), record.host().toUpperCase(java.util.Locale.ROOT),
                    record.value(), record.purpose());
            publish(dns, upper);
        }

        assertThat(verify(DOMAIN).verified()).isTrue();
    }

    @Test
    void servfail_isATemporaryFailure_notMissing_andInconclusive() {
        publish(DOMAIN.records(SETTINGS));
        dns.servfail(RSA.dnsName());

        DomainVerification verification = verify(DOMAIN);

        RecordCheck check = check(verification, DnsRecord.Purpose.DKIM);
        assertThat(check.result()).isEqualTo(Result.TEMPORARY_FAILURE);
        assertThat(check.detail()).contains("SERVFAIL");
        assertThat(verification.verified()).isFalse();
        assertThat(verification.inconclusive()).isTrue();
    }

    @Test
    void temporaryFailure_besideAMissingRecord_isNotInconclusive() {
        publishExcept(DnsRecord.Purpose.OWNERSHIP);
        dns.servfail("example.com", "TXT");

        DomainVerification verification = verify(DOMAIN);

        assertThat(check(verification, DnsRecord.Purpose.SPF).result()).isEqualTo(Result.TEMPORARY_FAILURE);
        assertThat(check(verification, DnsRecord.Purpose.OWNERSHIP).result()).isEqualTo(Result.MISSING);
        assertThat(verification.inconclusive()).isFalse();
    }

    @Test
    void silentServer_isATemporaryFailure_withinTheTimeout() {
        publish(DOMAIN.records(SETTINGS));
        dns.timeout("_directmail.example.com");
        DomainVerifier verifier = new DomainVerifier(new DnsjavaRecordLookup(DnsSettings.newBuilder()
                .nameserver(dns.address()).timeout(Duration.ofMillis(200)).attempts(1).build()), new SettableClock(NOW));

        DomainVerification verification = verifier.verify(DOMAIN, SETTINGS);

        RecordCheck check = check(verification, DnsRecord.Purpose.OWNERSHIP);
        assertThat(check.result()).isEqualTo(Result.TEMPORARY_FAILURE);
        assertThat(check.detail()).contains("timed out");
        assertThat(verification.inconclusive()).isTrue();
    }

    @Test
    void nonUtf8Txt_neverMatches() {
        publishExcept(DnsRecord.Purpose.OWNERSHIP);
        dns.record("_directmail.example.com", "TXT", "\"directmail-verification=" + TOKEN.substring(0, 31) + "\\255\"");

        RecordCheck check = check(verify(DOMAIN), DnsRecord.Purpose.OWNERSHIP);

        assertThat(check.result()).isEqualTo(Result.WRONG);
        assertThat(check.found()).singleElement().asString().endsWith("\uFFFD");
    }

    private DomainVerification verify(SendingDomain domain) {
        return verifier(dns).verify(domain, SETTINGS);
    }

    private static DomainVerifier verifier(LoopbackDnsServer server) {
        return new DomainVerifier(new DnsjavaRecordLookup(DnsSettings.newBuilder()
                .nameserver(server.address()).timeout(GENEROUS).build()), new SettableClock(NOW));
    }

    private static RecordCheck check(DomainVerification verification, DnsRecord.Purpose purpose) {
        return verification.checks().stream().filter(c -> c.expected().purpose() == purpose).findFirst().orElseThrow();
    }

    private void publishExcept(DnsRecord.Purpose... purposes) {
        List<DnsRecord.Purpose> left = List.of(purposes);
        publish(DOMAIN.records(SETTINGS).stream().filter(r -> !left.contains(r.purpose())).toList());
    }

    private void publish(List<DnsRecord> records) {
        records.forEach(record -> publish(dns, record));
    }

    static void publish(LoopbackDnsServer server, DnsRecord record) {
        switch (record.type()) {
            case TXT -> server.txt(record.host(), record.value());
            case CNAME -> server.cname(record.host(), record.value());
        }
    }
}
