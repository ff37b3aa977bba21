package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void of_plainAddress_splitsLocalPartAndDomain() {
        EmailAddress address = EmailAddress.of("John.Smith+tag@Example.COM");

        assertThat(address.localPart()).isEqualTo("John.Smith+tag");
        assertThat(address.domain()).isEqualTo("example.com");
        assertThat(address.address()).isEqualTo("John.Smith+tag@example.com");
        assertThat(address.requiresSmtpUtf8()).isFalse();
    }

    @Test
    void of_null_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of(null))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("null");
    }

    @Test
    void of_empty_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of(""))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void of_noAt_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john.example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("no '@'");
    }

    @Test
    void of_twoAts_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john@doe@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("more than one '@'");
    }

    @Test
    void of_emptyLocalPart_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("local part")
                .hasMessageContaining("empty");
    }

    @Test
    void of_emptyDomain_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john@"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("domain")
                .hasMessageContaining("empty");
    }

    @Test
    void of_addressOver254Octets_isRefused() {
        String local = "a".repeat(64);
        String domain = "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".example";
        String address = local + "@" + domain;
        assertThat(address.length()).isBetween(255, 319);

        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("longer than 254 octets");
    }

    @Test
    void of_320PlusCharacters_isRefused() {
        String address = "a".repeat(64) + "@" + ("b".repeat(62) + ".").repeat(4) + "example";
        assertThat(address.length()).isGreaterThan(320);

        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("longer than 253 characters");
    }

    @Test
    void of_localPartOver64Octets_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("local part is longer than 64 octets");
    }

    @Test
    void of_localPartOf64Octets_isAccepted() {
        assertThat(EmailAddress.of("a".repeat(64) + "@example.com").localPart()).hasSize(64);
    }

    @Test
    void of_localPartOver64OctetsInUtf8_isRefusedEvenWhenUnder64Characters() {
        String local = "ü".repeat(40); // 40 characters, 80 octets
        assertThatThrownBy(() -> EmailAddress.of(local + "@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("64 octets");
    }

    @Test
    void of_labelOver63Characters_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john@" + "a".repeat(64) + ".example"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("label")
                .hasMessageContaining("63");
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("john\r@example.com", "carriage return (CR)"),
                Arguments.of("john\n@example.com", "line feed (LF)"),
                Arguments.of("john@example.com\r\nBcc: victim@example.org", "carriage return (CR)"),
                Arguments.of("john@exa\nmple.com", "line feed (LF)"),
                Arguments.of("jo\0hn@example.com", "NUL"),
                Arguments.of("jo\thn@example.com", "U+0009"),
                Arguments.of("jo\u007fhn@example.com", "U+007F"));
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void of_controlCharacters_areRefused(String address, String why) {
        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining(why)
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\0");
    }

    @Test
    void of_c1ControlCharacterInLocalPart_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("jo\u0085hn@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("U+0085");
    }

    @Test
    void of_unicodeLineSeparatorInLocalPart_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("jo\u2028hn@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("U+2028");
    }

    @Test
    void of_unpairedSurrogate_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("jo\ud800hn@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void of_controlCharacter_keepsTheRefusedInputAsGiven() {
        InvalidAddressException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidAddressException.class, () -> EmailAddress.of("a\r\nb@example.com"));
        assertThat(e.input()).isEqualTo("a\r\nb@example.com");
        assertThat(e.getMessage()).contains("\"a\\r\\nb@example.com\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"john doe\"@example.com", "\"john@doe\"@example.com", "\"john\\\"doe\"@example.com",
        "\"john..doe\"@example.com"})
    void of_quotedLocalPart_isAccepted(String address) {
        EmailAddress parsed = EmailAddress.of(address);

        assertThat(parsed.address()).isEqualTo(address);
        assertThat(parsed.domain()).isEqualTo("example.com");
    }

    @Test
    void of_unclosedQuotedLocalPart_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("\"john doe@example.com"))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> EmailAddress.of("\"john\"doe@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("quote");
    }

    @Test
    void of_emptyQuotedLocalPart_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("\"\"@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void of_spaceOutsideQuotes_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john doe@example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("space");
    }

    @Test
    void of_idnDomain_isAcceptedInAsciiForm() {
        EmailAddress address = EmailAddress.of("info@bücher.example");

        assertThat(address.domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(address.unicodeDomain()).isEqualTo("bücher.example");
        assertThat(address.requiresSmtpUtf8()).isFalse();
        assertThat(address).isEqualTo(EmailAddress.of("info@xn--bcher-kva.example"));
    }

    @Test
    void of_nonAsciiLocalPart_requiresSmtpUtf8() {
        EmailAddress address = EmailAddress.of("jörg@example.com");

        assertThat(address.localPart()).isEqualTo("jörg");
        assertThat(address.requiresSmtpUtf8()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"john@example.com.", "john.@example.com", ".john@example.com", "jo..hn@example.com"})
    void of_strayDots_areRefused(String address) {
        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("dot");
    }

    @Test
    void of_emptyDomainLabel_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john@example..com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("empty label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"john@[192.0.2.1]", "john@[IPv6:2001:db8::1]"})
    void of_addressLiteral_isRefused(String address) {
        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("address literals");
    }

    @Test
    void of_bareIpAddressAsDomain_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("john@192.0.2.1"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("IP address");
    }

    @Test
    void of_nullPath_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("<>"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("null path");
    }

    @Test
    void of_angleBrackets_areRefusedWithAHint() {
        assertThatThrownBy(() -> EmailAddress.of("<john@example.com>"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("angle brackets");
    }

    @Test
    void of_displayName_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("John <john@example.com>"))
                .isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void of_singleLabelDomain_isRefused() {
        assertThatThrownBy(() -> EmailAddress.of("root@localhost"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("fully qualified");
    }

    @ParameterizedTest
    @ValueSource(strings = {"john@-example.com", "john@example-.com", "john@exa_mple.com"})
    void of_badHostName_isRefused(String address) {
        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("domain");
    }

    @Test
    void constructor_validatesLikeOf() {
        assertThatThrownBy(() -> new EmailAddress("john", "exa\r\nmple.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("CR");
        assertThatThrownBy(() -> new EmailAddress("jo@hn", "example.com"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("'@'");
        assertThatThrownBy(() -> new EmailAddress(null, "example.com"))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> new EmailAddress("john", null))
                .isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void invalidAddressException_isAnInvalidMailException() {
        assertThatThrownBy(() -> EmailAddress.of("nope"))
                .isInstanceOf(InvalidMailException.class)
                .isInstanceOf(DirectMailException.class);
    }
}
