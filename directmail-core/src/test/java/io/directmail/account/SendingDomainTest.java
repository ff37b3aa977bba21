package io.directmail.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendingDomainTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final DkimKey RSA = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "dm-rsa-20260101");
    private static final DkimKey ED25519 = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "dm-ed25519-20260101");
    private static final DomainSettings SETTINGS = DomainSettings.of(
            List.of("ip4:192.0.2.1", "include:spf.mail.example.net"), "bounce.mail.example.net");

    @Test
    void records_listWhatToPublish_inOrder_withExactValues() {
        SendingDomain domain = domain("example.com", List.of(RSA, ED25519));

        assertThat(domain.records(SETTINGS)).containsExactly(
                new DnsRecord(DnsRecord.Type.TXT, "_directmail.example.com", "directmail-verification=" + TOKEN,
                        DnsRecord.Purpose.OWNERSHIP),
                new DnsRecord(DnsRecord.Type.TXT, "example.com", "v=spf1 ip4:192.0.2.1 include:spf.mail.example.net ~all",
                        DnsRecord.Purpose.SPF),
                new DnsRecord(DnsRecord.Type.TXT, "dm-rsa-20260101._domainkey.example.com", RSA.dnsTxtValue(),
                        DnsRecord.Purpose.DKIM),
                new DnsRecord(DnsRecord.Type.TXT, "dm-ed25519-20260101._domainkey.example.com", ED25519.dnsTxtValue(),
                        DnsRecord.Purpose.DKIM),
                new DnsRecord(DnsRecord.Type.TXT, "_dmarc.example.com", "v=DMARC1; p=none", DnsRecord.Purpose.DMARC),
                new DnsRecord(DnsRecord.Type.CNAME, "bounces.example.com", "bounce.mail.example.net",
                        DnsRecord.Purpose.RETURN_PATH));
        assertThat(RSA.dnsTxtValue()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(ED25519.dnsTxtValue()).startsWith("v=DKIM1; k=ed25519; p=");
    }

    @Test
    void records_followChangedSettings() {
        SendingDomain domain = domain("example.com", List.of(ED25519));
        DomainSettings settings = SETTINGS.withReturnPathLabel("rp")
                .withDmarcPolicy(DmarcPolicy.REJECT)
                .withDmarcReportAddress(EmailAddress.of("reports@mail.example.net"));

        assertThat(domain.records(settings)).filteredOn(r -> r.purpose() == DnsRecord.Purpose.DMARC)
                .extracting(DnsRecord::value).containsExactly("v=DMARC1; p=reject; rua=mailto:reports@mail.example.net");
        assertThat(domain.records(settings)).filteredOn(r -> r.purpose() == DnsRecord.Purpose.RETURN_PATH)
                .extracting(DnsRecord::host).containsExactly("rp.example.com");
        assertThat(settings.returnPathHost(domain)).isEqualTo("rp.example.com");
    }

    @Test
    void requiredPurposes_areOwnershipSpfAndDkim() {
        assertThat(List.of(DnsRecord.Purpose.values())).filteredOn(DnsRecord.Purpose::required)
                .containsExactly(DnsRecord.Purpose.OWNERSHIP, DnsRecord.Purpose.SPF, DnsRecord.Purpose.DKIM);
    }

    @Test
    void name_isNormalised_andShownInUnicode() {
        DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "xn--bcher-kva.example", "s1");

        SendingDomain domain = domain("Bücher.Example.", List.of(key));

        assertThat(domain.name()).isEqualTo("xn--bcher-kva.example");
        assertThat(domain.unicodeName()).isEqualTo("bücher.example");
        assertThat(domain.records(SETTINGS).get(0).host()).isEqualTo("_directmail.xn--bcher-kva.example");
    }

    @Test
    void status_startsUnverified_andWithStatusChangesOnlyIt() {
        SendingDomain domain = domain("example.com", List.of(ED25519));
        SendingDomain verified = domain.withStatus(new VerificationStatus.Verified(CREATED.plusSeconds(60)));

        assertThat(domain.verified()).isFalse();
        assertThat(verified.verified()).isTrue();
        assertThat(verified.withStatus(new VerificationStatus.Failed(CREATED, "DKIM missing")).verified()).isFalse();
        assertThat(verified).isEqualTo(new SendingDomain("example.com", "acme", List.of(ED25519), TOKEN,
                new VerificationStatus.Verified(CREATED.plusSeconds(60)), CREATED));
    }

    @Test
    void toString_showsNoKeyMaterial() {
        String shown = domain("example.com", List.of(RSA, ED25519)).toString();

        assertThat(shown).contains("example.com", "dm-rsa-20260101._domainkey.example.com")
                .doesNotContain("PRIVATE", RSA.dnsTxtValue().substring(20, 60));
    }

    @Test
    void keyOfAnotherDomain_isRefused() {
        DkimKey other = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "other.example", "s1");

        assertThatThrownBy(() -> domain("example.com", List.of(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signs for other.example, not for example.com");
    }

    @Test
    void keysSharingASelector_areRefused() {
        DkimKey twin = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "dm-ed25519-20260101");

        assertThatThrownBy(() -> domain("example.com", List.of(ED25519, twin)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the selector dm-ed25519-20260101");
    }

    @Test
    void badParts_areRefused() {
        VerificationStatus unverified = new VerificationStatus.Unverified();
        assertThatThrownBy(() -> domain("example.com", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one DKIM key");
        assertThatThrownBy(() -> new SendingDomain("-bad-.com", "acme", List.of(ED25519), TOKEN, unverified, CREATED))
                .isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> new SendingDomain(null, "acme", List.of(ED25519), TOKEN, unverified, CREATED))
                .isInstanceOf(InvalidDomainNameException.class);
        for (String token : List.of("", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef", TOKEN + "0", "g".repeat(32))) {
            assertThatThrownBy(() -> new SendingDomain("example.com", "acme", List.of(ED25519), token, unverified, CREATED))
                    .as(token).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ownershipToken");
        }
        assertThatThrownBy(() -> new SendingDomain("example.com", "bad account", List.of(ED25519), TOKEN, unverified, CREATED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> new SendingDomain("example.com", null, List.of(ED25519), TOKEN, unverified, CREATED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SendingDomain("example.com", "acme", null, TOKEN, unverified, CREATED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SendingDomain("example.com", "acme", List.of(ED25519), null, unverified, CREATED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SendingDomain("example.com", "acme", List.of(ED25519), TOKEN, null, CREATED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SendingDomain("example.com", "acme", List.of(ED25519), TOKEN, unverified, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> domain("example.com", List.of(ED25519)).records(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void zoneFileLine_quotesTxt_splitsLongValues_andEndsCnameTargetsWithADot() {
        List<DnsRecord> records = domain("example.com", List.of(RSA)).records(SETTINGS);

        assertThat(records.get(0).zoneFileLine())
                .isEqualTo("_directmail.example.com. IN TXT \"directmail-verification=" + TOKEN + "\"");
        String dkim = records.get(2).zoneFileLine();
        assertThat(dkim).startsWith("dm-rsa-20260101._domainkey.example.com. IN TXT \"v=DKIM1; k=rsa; p=");
        List<String> strings = List.of(dkim.substring(dkim.indexOf('"') + 1, dkim.length() - 1).split("\" \""));
        assertThat(strings).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
        assertThat(String.join("", strings)).isEqualTo(RSA.dnsTxtValue());
        assertThat(records.get(4).zoneFileLine()).isEqualTo("bounces.example.com. IN CNAME bounce.mail.example.net.");
        assertThat(new DnsRecord(DnsRecord.Type.TXT, "x.example", "say \"hi\" \\o/", DnsRecord.Purpose.OWNERSHIP)
                .zoneFileLine()).isEqualTo("x.example. IN TXT \"say \\\"hi\\\" \\\\o/\"");
    }

    @Test
    void dnsRecord_refusesBadParts() {
        assertThatThrownBy(() -> new DnsRecord(DnsRecord.Type.TXT, "", "v", DnsRecord.Purpose.SPF))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DnsRecord(DnsRecord.Type.TXT, "example.com.", "v", DnsRecord.Purpose.SPF))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DnsRecord(DnsRecord.Type.TXT, "example.com", "", DnsRecord.Purpose.SPF))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DnsRecord(null, "example.com", "v", DnsRecord.Purpose.SPF))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DnsRecord(DnsRecord.Type.TXT, "example.com", "v", null))
                .isInstanceOf(NullPointerException.class);
    }

    private static SendingDomain domain(String name, List<DkimKey> keys) {
        return new SendingDomain(name, "acme", keys, TOKEN, new VerificationStatus.Unverified(), CREATED);
    }
}
