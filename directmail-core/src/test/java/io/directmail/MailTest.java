package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailTest {

    private static Mail.Builder minimal() {
        return Mail.newBuilder().from("sender@shop.example").addTo("jane@example.com").subject("Hello").text("Hi");
    }

    @Test
    void build_minimalMail_keepsEveryPart() {
        Mail mail = minimal().fromName("Shop").addReplyTo("help@shop.example").html("<p>Hi</p>")
                .addHeader("X-Campaign", "spring").tag("welcome").idempotencyKey("order-1234").build();

        assertThat(mail.from()).isEqualTo(EmailAddress.of("sender@shop.example"));
        assertThat(mail.fromName()).contains("Shop");
        assertThat(mail.replyTo()).containsExactly(EmailAddress.of("help@shop.example"));
        assertThat(mail.to()).containsExactly(EmailAddress.of("jane@example.com"));
        assertThat(mail.subject()).isEqualTo("Hello");
        assertThat(mail.text()).contains("Hi");
        assertThat(mail.html()).contains("<p>Hi</p>");
        assertThat(mail.headers()).containsExactly(new Mail.Header("X-Campaign", "spring"));
        assertThat(mail.tag()).contains("welcome");
        assertThat(mail.idempotencyKey()).contains("order-1234");
    }

    @Test
    void build_withoutFrom_isRefused() {
        assertThatThrownBy(() -> Mail.newBuilder().addTo("jane@example.com").subject("s").text("t").build())
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("from address is required");
    }

    @Test
    void build_withoutRecipients_isRefused() {
        assertThatThrownBy(() -> Mail.newBuilder().from("a@shop.example").subject("s").text("t").build())
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("at least one recipient");
    }

    @Test
    void build_withOnlyBccRecipients_isAccepted() {
        Mail mail = Mail.newBuilder().from("a@shop.example").addBcc("hidden@example.com").subject("s").text("t").build();

        assertThat(mail.to()).isEmpty();
        assertThat(mail.recipients()).containsExactly(EmailAddress.of("hidden@example.com"));
    }

    @Test
    void build_withoutSubject_isRefused() {
        assertThatThrownBy(() -> minimal().subject(null).build())
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("subject is required");
    }

    @Test
    void build_withEmptySubject_isAccepted() {
        assertThat(minimal().subject("").build().subject()).isEmpty();
    }

    @Test
    void build_withoutTextOrHtml_isRefused() {
        assertThatThrownBy(() -> minimal().text(null).build())
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("body is required");
    }

    @Test
    void build_withHtmlOnly_isAccepted() {
        Mail mail = minimal().text(null).html("<p>x</p>").build();

        assertThat(mail.text()).isEmpty();
        assertThat(mail.html()).contains("<p>x</p>");
    }

    @Test
    void build_inlineImagesWithoutHtml_isRefused() {
        Mail.Builder builder = minimal().addInlineImage(Attachment.inline("logo@shop.example", "logo.png", "image/png", new byte[] {1}));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("inline images")
                .hasMessageContaining("html");
    }

    @Test
    void build_inlineImagesWithSameContentId_isRefused() {
        Attachment logo = Attachment.inline("logo@shop.example", "logo.png", "image/png", new byte[] {1});
        Mail.Builder builder = minimal().html("<img src=\"cid:logo@shop.example\">").addInlineImage(logo).addInlineImage(logo);

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("\"logo@shop.example\"")
                .hasMessageContaining("distinct");
    }

    @Test
    void build_duplicateRecipientsAcrossToCcBcc_areKeptWhereTheyFirstAppear() {
        Mail mail = Mail.newBuilder().from("a@shop.example").subject("s").text("t")
                .addBcc("x@example.com", "y@example.com")
                .addCc("y@example.com", "z@example.com", "z@example.com")
                .addTo("x@example.com", "w@example.com", "x@example.com")
                .build();

        assertThat(mail.to()).extracting(EmailAddress::address).containsExactly("x@example.com", "w@example.com");
        assertThat(mail.cc()).extracting(EmailAddress::address).containsExactly("y@example.com", "z@example.com");
        assertThat(mail.bcc()).isEmpty();
        assertThat(mail.recipients()).extracting(EmailAddress::address)
                .containsExactly("x@example.com", "w@example.com", "y@example.com", "z@example.com");
    }

    @Test
    void build_recipientsWithDomainInOtherCase_areTheSameRecipient() {
        Mail mail = minimal().addCc("jane@EXAMPLE.com").build();

        assertThat(mail.recipients()).containsExactly(EmailAddress.of("jane@example.com"));
    }

    @Test
    void recipients_areToThenCcThenBcc() {
        Mail mail = Mail.newBuilder().from("a@shop.example").subject("s").text("t")
                .addBcc(EmailAddress.of("b@example.com")).addCc(List.of(EmailAddress.of("c@example.com")))
                .addTo(EmailAddress.of("t@example.com")).build();

        assertThat(mail.recipients()).extracting(EmailAddress::address)
                .containsExactly("t@example.com", "c@example.com", "b@example.com");
    }

    @Test
    void addTo_badAddress_isRefusedAtOnceWithTheAddress() {
        assertThatThrownBy(() -> Mail.newBuilder().addTo("jane@example.com", "not-an-address"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("\"not-an-address\"");
    }

    @Test
    void addTo_nullAddress_isRefused() {
        assertThatThrownBy(() -> Mail.newBuilder().addTo((EmailAddress) null))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("to must not be null");
        assertThatThrownBy(() -> Mail.newBuilder().addCc(java.util.Arrays.asList(EmailAddress.of("a@example.com"), null)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("cc must not be null");
    }

    @Test
    void addTo_addressWithInjectedHeader_isRefused() {
        assertThatThrownBy(() -> Mail.newBuilder().addTo("jane@example.com\r\nBcc: victim@example.org"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("carriage return");
    }

    static Stream<Arguments> injections() {
        return Stream.of(
                Arguments.of("subject", (Executable) () -> minimal().subject("Hi\r\nBcc: victim@example.org"), "a carriage return (CR)"),
                Arguments.of("subject", (Executable) () -> minimal().subject("Hi\nBcc: victim@example.org"), "a line feed (LF)"),
                Arguments.of("subject", (Executable) () -> minimal().subject("Hi\0"), "a NUL character"),
                Arguments.of("fromName", (Executable) () -> minimal().fromName("Shop\r\nBcc: victim@example.org"), "a carriage return (CR)"),
                Arguments.of("fromName", (Executable) () -> minimal().fromName("Shop\n"), "a line feed (LF)"),
                Arguments.of("tag", (Executable) () -> minimal().tag("welcome\r\n"), "a carriage return (CR)"),
                Arguments.of("tag", (Executable) () -> minimal().tag("wel\ncome"), "a line feed (LF)"),
                Arguments.of("header name", (Executable) () -> minimal().addHeader("X-A\r\nBcc", "v"), "a carriage return (CR)"),
                Arguments.of("header name", (Executable) () -> minimal().addHeader("X-A\nBcc", "v"), "a line feed (LF)"),
                Arguments.of("header X-A value", (Executable) () -> minimal().addHeader("X-A", "v\r\nBcc: victim@example.org"), "a carriage return (CR)"),
                Arguments.of("header X-A value", (Executable) () -> minimal().addHeader("X-A", "v\nBcc: victim@example.org"), "a line feed (LF)"),
                Arguments.of("header X-A value", (Executable) () -> minimal().addHeader("X-A", "v\0"), "a NUL character"),
                Arguments.of("attachment filename", (Executable) () -> Attachment.of("a.pdf\r\nBcc: victim@example.org", "application/pdf", new byte[0]), "a carriage return (CR)"),
                Arguments.of("attachment filename", (Executable) () -> Attachment.of("a\n.pdf", "application/pdf", new byte[0]), "a line feed (LF)"),
                Arguments.of("attachment contentType", (Executable) () -> Attachment.of("a.pdf", "application/pdf\r\nBcc: x", new byte[0]), "a carriage return (CR)"),
                Arguments.of("attachment contentId", (Executable) () -> Attachment.inline("a@b\r\nBcc: x", "a.png", "image/png", new byte[0]), "a carriage return (CR)"),
                Arguments.of("idempotencyKey", (Executable) () -> minimal().idempotencyKey("key\r\n"), "a carriage return (CR)"),
                Arguments.of("idempotencyKey", (Executable) () -> minimal().idempotencyKey("k\ney"), "a line feed (LF)"));
    }

    @ParameterizedTest(name = "{0} containing {2}")
    @MethodSource("injections")
    void headerInjection_isRefusedNamingTheFieldAndShowingTheValueEscaped(String field, Executable attempt, String what) {
        assertThatThrownBy(attempt::execute)
                .isInstanceOf(InvalidMailException.class)
                .hasMessageStartingWith(field + " must not contain " + what)
                .hasMessageContaining("inject")
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\0")
                .hasMessageMatching("(?s).*\".*\\\\[rn0].*\".*");
    }

    @Test
    void subject_otherControlCharacters_areRefused() {
        assertThatThrownBy(() -> minimal().subject("Hi\u0007"))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("subject contains control character U+0007");
        assertThatThrownBy(() -> minimal().subject("Hi\u2028there"))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("U+2028");
    }

    @Test
    void subject_withTabAndUnicode_isAccepted() {
        assertThat(minimal().subject("Grüße\tund 你好 🎉").build().subject()).isEqualTo("Grüße\tund 你好 🎉");
    }

    @Test
    void subject_over16KiB_isRefused() {
        assertThatThrownBy(() -> minimal().subject("x ".repeat(8193)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("subject is 16386 characters long; at most 16384");
    }

    @Test
    void fromName_over256Characters_isRefused() {
        assertThatThrownBy(() -> minimal().fromName("n".repeat(257)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("fromName")
                .hasMessageContaining("at most 256");
    }

    @Test
    void fromName_blank_meansNoDisplayName() {
        assertThat(minimal().fromName("Shop").fromName("  ").build().fromName()).isEmpty();
    }

    @Test
    void tag_blankOrTooLong_isRefused() {
        assertThatThrownBy(() -> minimal().tag(" "))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("tag must not be blank");
        assertThatThrownBy(() -> minimal().tag("t".repeat(129)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("tag is 129 characters long; at most 128");
    }

    @Test
    void account_isDefaultUnlessSet_andOneTo64LettersDigitsDotsUnderscoresOrHyphens() {
        assertThat(minimal().build().account()).isEqualTo(Mail.DEFAULT_ACCOUNT);
        assertThat(minimal().account("a".repeat(64)).build().account()).isEqualTo("a".repeat(64));
        assertThat(minimal().account("Acme-2_eu.west").build().toBuilder().build().account()).isEqualTo("Acme-2_eu.west");
        for (String bad : new String[] {"", "a".repeat(65), "-acme", ".acme", "acme corp", "acmé", "acme\n"}) {
            assertThatThrownBy(() -> minimal().account(bad)).as(bad)
                    .isInstanceOf(InvalidMailException.class)
                    .hasMessageContaining("account");
        }
        assertThatThrownBy(() -> minimal().account(null)).isInstanceOf(InvalidMailException.class).hasMessageContaining("account");
    }

    @Test
    void idempotencyKey_isOneTo255PrintableAsciiCharacters() {
        assertThat(minimal().idempotencyKey("k".repeat(255)).build().idempotencyKey()).contains("k".repeat(255));
        assertThatThrownBy(() -> minimal().idempotencyKey("k".repeat(256)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("at most 255");
        assertThatThrownBy(() -> minimal().idempotencyKey("schlüssel"))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("U+00FC")
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> minimal().idempotencyKey(""))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Campaign", "X:Campaign", "Xé", "X\tY", ""})
    void addHeader_nameOutsideRfc5322FieldNameCharacters_isRefused(String name) {
        assertThatThrownBy(() -> minimal().addHeader(name, "v"))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("header name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "to", "CC", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "message-id",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "content-disposition", "DKIM-Signature",
        "Return-Path", "Received", "Sender"})
    void addHeader_nameTheLibrarySets_isRefused(String name) {
        assertThatThrownBy(() -> minimal().addHeader(name, "v"))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("\"" + name + "\"")
                .hasMessageContaining("set by DirectMail itself");
    }

    @Test
    void addHeader_reservedName_pointsToTheBuilderMethod() {
        assertThatThrownBy(() -> minimal().addHeader("Bcc", "x@example.com")).hasMessageContaining("addBcc(");
        assertThatThrownBy(() -> minimal().addHeader("Subject", "x")).hasMessageContaining("subject(");
        assertThatThrownBy(() -> minimal().addHeader("Reply-To", "x@example.com")).hasMessageContaining("addReplyTo(");
    }

    @Test
    void addHeader_valueOver16KiB_isRefused() {
        assertThatThrownBy(() -> minimal().addHeader("X-Big", "a ".repeat(8193)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("at most 16384");
    }

    @Test
    void addHeader_valueThatCannotBeFolded_isRefused() {
        assertThatThrownBy(() -> minimal().addHeader("X-Long", "a".repeat(995)))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("cannot be folded into lines of at most 998 octets");
    }

    @Test
    void addHeader_nullValue_isRefused() {
        assertThatThrownBy(() -> minimal().addHeader("X-A", null))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("X-A needs a value");
    }

    @Test
    void headers_keepTheOrderGivenIncludingRepeatedNames() {
        Mail mail = minimal().addHeader("X-A", "1").addHeader("X-B", "2").addHeader("X-A", "3").addHeader("X-Empty", "").build();

        assertThat(mail.headers()).extracting(Mail.Header::name, Mail.Header::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("X-A", "1"), org.assertj.core.groups.Tuple.tuple("X-B", "2"),
                org.assertj.core.groups.Tuple.tuple("X-A", "3"), org.assertj.core.groups.Tuple.tuple("X-Empty", ""));
    }

    @Test
    void addAttachment_inlinePart_isRefused() {
        Attachment inline = Attachment.inline("logo@shop.example", "logo.png", "image/png", new byte[] {1});

        assertThatThrownBy(() -> minimal().addAttachment(inline))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("addInlineImage");
    }

    @Test
    void addInlineImage_withoutContentId_isRefused() {
        Attachment plain = Attachment.of("logo.png", "image/png", new byte[] {1});

        assertThatThrownBy(() -> minimal().addInlineImage(plain))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("Attachment.inline");
    }

    @Test
    void toBuilder_makesAChangedCopyAndLeavesTheOriginalAlone() {
        Mail original = minimal().addCc("c@example.com").tag("a").build();

        Mail copy = original.toBuilder().clearRecipients().addTo("other@example.com").tag("b").build();

        assertThat(original.recipients()).extracting(EmailAddress::address).containsExactly("jane@example.com", "c@example.com");
        assertThat(original.tag()).contains("a");
        assertThat(copy.recipients()).extracting(EmailAddress::address).containsExactly("other@example.com");
        assertThat(copy.tag()).contains("b");
        assertThat(copy.subject()).isEqualTo(original.subject());
        assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
    }

    @Test
    void lists_areUnmodifiable() {
        Mail mail = minimal().build();

        assertThatThrownBy(() -> mail.to().add(EmailAddress.of("x@example.com"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> mail.headers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiresSmtpUtf8_isTrueWhenAnyAddressHasANonAsciiLocalPart() {
        assertThat(minimal().build().requiresSmtpUtf8()).isFalse();
        assertThat(minimal().addBcc("jörg@example.com").build().requiresSmtpUtf8()).isTrue();
        assertThat(minimal().from("jörg@shop.example").build().requiresSmtpUtf8()).isTrue();
        assertThat(minimal().addTo("info@bücher.example").build().requiresSmtpUtf8()).isFalse();
    }

    @Test
    void toString_doesNotContainTheBody() {
        assertThat(minimal().text("secret body").build().toString()).doesNotContain("secret body").contains("sender@shop.example");
    }
}
