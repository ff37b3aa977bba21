package io.directmail.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DomainNamesTest {

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "Example.COM, example.com",
        "example.com., example.com",
        "mail.example.com, mail.example.com",
        "bücher.example, xn--bcher-kva.example",
        "BÜCHER.example., xn--bcher-kva.example",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "例え。テスト, xn--r8jz45g.xn--zckzah",
        "a-b.c-d.example, a-b.c-d.example",
        "123.example, 123.example",
    })
    void sendingDomain_isNormalisedToLowerCaseAscii(String input, String expected) {
        assertThat(DomainNames.sendingDomain(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-bad-.com", "bad-.com", "-bad.com", "exa mple.com", " example.com", "example.com ", "exa\tmple.com",
        "exa\r\nmple.com", "exa\u0000mple.com", "example", "example.", "", ".", "..", ".example.com", "a..example.com",
        "example.com..", "192.0.2.1", "192.0.2.1.", "[192.0.2.1]", "::1", "[::1]", "2001:db8::1", "example.com:25",
        "under_score.example.com", "ex@mple.com", "example.com/path", "exa\u2028mple.com",
    })
    void notAHostName_isRefused_withTheInputShown(String input) {
        assertThatThrownBy(() -> DomainNames.sendingDomain(input))
                .isInstanceOfSatisfying(InvalidDomainNameException.class, e -> assertThat(e.input()).isEqualTo(input))
                .hasMessageStartingWith("Invalid domain \"");
    }

    @Test
    void reasons_sayWhatIsWrong() {
        assertThat(reason("-bad-.com")).contains("starts or ends with '-'");
        assertThat(reason("exa mple.com")).contains("space");
        assertThat(reason("example")).contains("no dot");
        assertThat(reason("192.0.2.1")).contains("IP address");
        assertThat(reason("[192.0.2.1]")).contains("address literals");
        assertThat(reason("::1")).contains("IPv6");
        assertThat(reason("a..example.com")).contains("empty label");
        assertThat(reason("")).contains("empty");
        assertThat(reason("exa\r\nmple.com")).contains("control character (U+000D)").contains("exa\\u000d\\u000ample.com");
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> DomainNames.sendingDomain(null))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessage("Invalid domain null: the name is null");
    }

    @Test
    void labelOf63Characters_isAccepted_64Refused() {
        String label63 = "a".repeat(63);

        assertThat(DomainNames.sendingDomain(label63 + ".example")).isEqualTo(label63 + ".example");
        assertThat(reason("a" + label63 + ".example")).contains("longer than 63");
    }

    @Test
    void sendingDomain_leavesRoomForTheLongestRecordName() {
        String longest = name(DomainNames.MAX_SENDING_DOMAIN_CHARS);

        assertThat(DomainNames.sendingDomain(longest)).hasSize(189);
        assertThat(reason(name(190))).contains("190 characters").contains("at most 189");
        assertThat(DomainNames.hostName("bounceHost", name(253))).hasSize(253);
        assertThatThrownBy(() -> DomainNames.hostName("bounceHost", name(254)))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessageStartingWith("Invalid bounceHost");
    }

    /** Returns a name of exactly {@code length} characters: labels of 9 and a last one to fill. */
    private static String name(int length) {
        StringBuilder name = new StringBuilder();
        while (length - name.length() > 14) {
            name.append("abcdefghi.");
        }
        name.append("x".repeat(length - name.length() - 4)).append(".com");
        return name.toString();
    }

    private static String reason(String input) {
        try {
            DomainNames.sendingDomain(input);
        } catch (InvalidDomainNameException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + input);
    }
}
