package io.directmail.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.dkim.DkimAlgorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainSettingsTest {

    private static final DomainSettings SETTINGS = DomainSettings.of(List.of("ip4:192.0.2.1"), "bounce.mail.example.net");

    @Test
    void of_setsTheDefaults() {
        assertThat(SETTINGS.spfMechanisms()).containsExactly("ip4:192.0.2.1");
        assertThat(SETTINGS.bounceHost()).isEqualTo("bounce.mail.example.net");
        assertThat(SETTINGS.returnPathLabel()).isEqualTo("bounces");
        assertThat(SETTINGS.dmarcPolicy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(SETTINGS.dmarcReportAddress()).isNull();
        assertThat(SETTINGS.dkimAlgorithms()).containsExactly(DkimAlgorithm.RSA_SHA256);
    }

    @Test
    void recordTexts_followTheSettings() {
        assertThat(SETTINGS.spfValue()).isEqualTo("v=spf1 ip4:192.0.2.1 ~all");
        assertThat(SETTINGS.dmarcValue()).isEqualTo("v=DMARC1; p=none");

        DomainSettings changed = SETTINGS
                .withSpfMechanisms(List.of("include:spf.mail.example.net", "ip6:2001:db8::/32"))
                .withDmarcPolicy(DmarcPolicy.QUARANTINE)
                .withDmarcReportAddress(EmailAddress.of("dmarc@mail.example.net"));

        assertThat(changed.spfValue()).isEqualTo("v=spf1 include:spf.mail.example.net ip6:2001:db8::/32 ~all");
        assertThat(changed.dmarcValue()).isEqualTo("v=DMARC1; p=quarantine; rua=mailto:dmarc@mail.example.net");
        assertThat(changed.withDmarcPolicy(DmarcPolicy.REJECT).dmarcValue()).startsWith("v=DMARC1; p=reject;");
        assertThat(changed.withDmarcReportAddress(null).dmarcValue()).isEqualTo("v=DMARC1; p=quarantine");
    }

    @Test
    void withMethods_changeOnlyTheirPart() {
        DomainSettings changed = SETTINGS.withBounceHost("Bounces.Other.Example.")
                .withReturnPathLabel("Return")
                .withDkimAlgorithms(List.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256));

        assertThat(changed.bounceHost()).isEqualTo("bounces.other.example");
        assertThat(changed.returnPathLabel()).isEqualTo("return");
        assertThat(changed.dkimAlgorithms()).containsExactly(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
        assertThat(changed.spfMechanisms()).isEqualTo(SETTINGS.spfMechanisms());
        assertThat(changed.dmarcPolicy()).isEqualTo(SETTINGS.dmarcPolicy());
    }

    @ParameterizedTest
    @CsvSource({
        "IP4:192.0.2.1, ip4:192.0.2.1",
        "ip4:192.0.2.0/24, ip4:192.0.2.0/24",
        "ip4:192.0.2.0/032, ip4:192.0.2.0/32",
        "ip6:2001:DB8::1, ip6:2001:db8::1",
        "ip6:2001:db8::/128, ip6:2001:db8::/128",
        "include:SPF.Mail.Example.NET, include:spf.mail.example.net",
        "a, a",
        "MX, mx",
        "a:Mail.Example.net, a:mail.example.net",
        "mx:example.net., mx:example.net",
    })
    void spfMechanisms_areNormalised(String given, String kept) {
        assertThat(SETTINGS.withSpfMechanisms(List.of(given)).spfMechanisms()).containsExactly(kept);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "all", "~all", "-all", "+ip4:192.0.2.1", "~include:x.example", "ip4:", "ip4:192.0.2", "ip4:192.0.2.256",
        "ip4:192.0.2.1/33", "ip4:192.0.2.1/", "ip4:192.0.2.1/x", "ip4:2001:db8::1", "ip6:192.0.2.1", "ip6:2001:db8::/129",
        "ip6:zz::1", "ip6:example.com", "include:", "include", "include:-bad-.com", "include:exa mple.com",
        "a:192.0.2.1", "mx:", "exists:%{i}.example.com", "redirect=_spf.example.com", "ptr", "ip4:192.0.2.1 ip4:192.0.2.2",
    })
    void unacceptedSpfMechanism_isRefused_namingIt(String mechanism) {
        assertThatThrownBy(() -> SETTINGS.withSpfMechanisms(List.of(mechanism)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPF mechanism \"" + mechanism + "\"");
    }

    @Test
    void spfMechanisms_mustBeThere_once_andNotNull() {
        assertThatThrownBy(() -> SETTINGS.withSpfMechanisms(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SETTINGS.withSpfMechanisms(List.of("ip4:192.0.2.1", "IP4:192.0.2.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not repeat");
        assertThatThrownBy(() -> SETTINGS.withSpfMechanisms(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SETTINGS.withSpfMechanisms(new ArrayList<>(Arrays.asList("a", null))))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "192.0.2.1", "-bad-.example", "exa mple.example"})
    void unusableBounceHost_isRefused(String host) {
        assertThatThrownBy(() -> SETTINGS.withBounceHost(host))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bounceHost");
        assertThatThrownBy(() -> SETTINGS.withBounceHost(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bounceHost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bounces.mail", "-bounces", "bounces-", "bounce_s", "b\u00fccher", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void returnPathLabel_mustBeOneLabel(String label) {
        assertThatThrownBy(() -> SETTINGS.withReturnPathLabel(label))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returnPathLabel");
        assertThat(SETTINGS.withReturnPathLabel("a".repeat(63)).returnPathLabel()).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"d m\"@example.net", "\"dmarc,x\"@example.net", "dmarc!x@example.net", "dmärc@example.net"})
    void dmarcReportAddress_thatTheRecordCannotCarry_isRefused(String address) {
        assertThatThrownBy(() -> SETTINGS.withDmarcReportAddress(EmailAddress.of(address)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dmarcReportAddress");
    }

    @Test
    void dkimAlgorithms_mustBeThere_once() {
        assertThatThrownBy(() -> SETTINGS.withDkimAlgorithms(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SETTINGS.withDkimAlgorithms(List.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.RSA_SHA256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not repeat");
    }

    @Test
    void nullParts_areRefused() {
        assertThatThrownBy(() -> SETTINGS.withDmarcPolicy(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SETTINGS.withReturnPathLabel(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SETTINGS.withDkimAlgorithms(null)).isInstanceOf(NullPointerException.class);
    }
}
