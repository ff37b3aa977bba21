package io.directmail.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.Attachment;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MimeComposerTest {

    private static final Instant DATE = Instant.parse("2026-11-26T06:44:51Z");
    private static final String MESSAGE_ID = "0193b1c2.4f5e@mail.shop.example";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    private static final byte[] PDF = "%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1);

    private final MimeComposer composer = new MimeComposer();

    private static Mail.Builder mail() {
        return Mail.newBuilder().from("orders@shop.example").addTo("jane@example.com").subject("Your order");
    }

    private ComposedMessage compose(Mail mail) {
        ComposedMessage composed = composer.compose(mail, MESSAGE_ID, DATE, ZoneOffset.UTC);
        assertWireForm(composed.content());
        return composed;
    }

    private MimeMessage composeAndParse(Mail mail) throws MessagingException {
        return parse(compose(mail).content(), false);
    }

    private static MimeMessage parse(byte[] content, boolean utf8) throws MessagingException {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.allowutf8", Boolean.toString(utf8));
        return new MimeMessage(Session.getInstance(properties), new ByteArrayInputStream(content));
    }

    /** CRLF line endings only, no line over 998 octets, a final CRLF. */
    private static void assertWireForm(byte[] content) {
        int lineStart = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\r') {
                assertThat(i + 1 < content.length && content[i + 1] == '\n')
                        .as("CR at octet %d is followed by LF", i).isTrue();
            } else if (content[i] == '\n') {
                assertThat(i > 0 && content[i - 1] == '\r').as("LF at octet %d is preceded by CR", i).isTrue();
                assertThat(i - 1 - lineStart).as("length of the line starting at octet %d", lineStart).isLessThanOrEqualTo(998);
                lineStart = i + 1;
            }
        }
        assertThat(content).as("message ends with CRLF").endsWith('\r', '\n');
    }

    private static boolean isAscii(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static int longestLine(byte[] content) {
        return Arrays.stream(new String(content, StandardCharsets.ISO_8859_1).split("\r\n")).mapToInt(String::length).max().orElse(0);
    }

    private static String raw(ComposedMessage composed) {
        return new String(composed.content(), StandardCharsets.UTF_8);
    }

    private static String mimeType(Part part) throws MessagingException {
        return new ContentType(part.getContentType()).getBaseType();
    }

    private static List<BodyPart> children(Part part) throws MessagingException, IOException {
        MimeMultipart multipart = (MimeMultipart) part.getContent();
        List<BodyPart> children = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            children.add(multipart.getBodyPart(i));
        }
        return children;
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void textOnly_isASingleTextPlainPartInUtf8() throws Exception {
        MimeMessage message = composeAndParse(mail().text("Hello Jane,\nthanks.").build());

        assertThat(mimeType(message)).isEqualTo("text/plain");
        assertThat(new ContentType(message.getContentType()).getParameter("charset")).isEqualTo("UTF-8");
        assertThat(message.getContent()).isEqualTo("Hello Jane,\r\nthanks.\r\n");
    }

    @Test
    void htmlOnly_isASingleTextHtmlPart() throws Exception {
        MimeMessage message = composeAndParse(mail().html("<p>Hello</p>").build());

        assertThat(mimeType(message)).isEqualTo("text/html");
        assertThat((String) message.getContent()).startsWith("<p>Hello</p>");
    }

    @Test
    void textAndHtml_areAlternativesWithTextFirst() throws Exception {
        MimeMessage message = composeAndParse(mail().text("Hello").html("<p>Hello</p>").build());

        assertThat(mimeType(message)).isEqualTo("multipart/alternative");
        List<BodyPart> parts = children(message);
        assertThat(parts).hasSize(2);
        assertThat(mimeType(parts.get(0))).isEqualTo("text/plain");
        assertThat(mimeType(parts.get(1))).isEqualTo("text/html");
        assertThat((String) parts.get(1).getContent()).startsWith("<p>Hello</p>");
    }

    @Test
    void inlineImages_areRelatedToTheHtmlWithTheirContentIds() throws Exception {
        MimeMessage message = composeAndParse(mail().html("<img src=\"cid:logo@shop.example\">")
                .addInlineImage(Attachment.inline("logo@shop.example", "logo.png", "image/png", PNG)).build());

        assertThat(mimeType(message)).isEqualTo("multipart/related");
        assertThat(new ContentType(message.getContentType()).getParameter("type")).isEqualTo("text/html");
        List<BodyPart> parts = children(message);
        assertThat(parts).hasSize(2);
        assertThat(mimeType(parts.get(0))).isEqualTo("text/html");
        MimeBodyPart image = (MimeBodyPart) parts.get(1);
        assertThat(mimeType(image)).isEqualTo("image/png");
        assertThat(image.getContentID()).isEqualTo("<logo@shop.example>");
        assertThat(image.getDisposition()).isEqualTo(Part.INLINE);
        assertThat(image.getFileName()).isEqualTo("logo.png");
        assertThat(bytes(image)).isEqualTo(PNG);
    }

    @Test
    void attachments_goIntoMultipartMixedAfterTheBody() throws Exception {
        MimeMessage message = composeAndParse(mail().text("See attached.")
                .addAttachment(Attachment.of("invoice.pdf", "application/pdf", PDF))
                .addAttachment(Attachment.of("data.csv", "text/csv; charset=UTF-8", "a,b\nc,d".getBytes(StandardCharsets.UTF_8)))
                .build());

        assertThat(mimeType(message)).isEqualTo("multipart/mixed");
        List<BodyPart> parts = children(message);
        assertThat(parts).hasSize(3);
        assertThat(mimeType(parts.get(0))).isEqualTo("text/plain");
        assertThat(parts.get(1).getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(parts.get(1).getFileName()).isEqualTo("invoice.pdf");
        assertThat(mimeType(parts.get(1))).isEqualTo("application/pdf");
        assertThat(bytes(parts.get(1))).isEqualTo(PDF);
        assertThat(new ContentType(parts.get(2).getContentType()).getParameter("charset")).isEqualTo("UTF-8");
        assertThat(bytes(parts.get(2))).isEqualTo("a,b\nc,d".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everything_nestsAlternativeAndRelatedInsideMixed() throws Exception {
        MimeMessage message = composeAndParse(mail().text("Hello").html("<img src=\"cid:logo\">")
                .addInlineImage(Attachment.inline("logo", "logo.png", "image/png", PNG))
                .addAttachment(Attachment.of("invoice.pdf", "application/pdf", PDF)).build());

        assertThat(mimeType(message)).isEqualTo("multipart/mixed");
        List<BodyPart> mixed = children(message);
        assertThat(mixed).hasSize(2);
        assertThat(mimeType(mixed.get(0))).isEqualTo("multipart/alternative");
        assertThat(mixed.get(1).getFileName()).isEqualTo("invoice.pdf");
        List<BodyPart> alternative = children(mixed.get(0));
        assertThat(alternative).hasSize(2);
        assertThat(mimeType(alternative.get(0))).isEqualTo("text/plain");
        assertThat(mimeType(alternative.get(1))).isEqualTo("multipart/related");
        List<BodyPart> related = children(alternative.get(1));
        assertThat(related).hasSize(2);
        assertThat(mimeType(related.get(0))).isEqualTo("text/html");
        assertThat(((MimeBodyPart) related.get(1)).getContentID()).isEqualTo("<logo>");
    }

    @Test
    void nonAsciiSubjectAndDisplayName_areEncodedAndDecodeBack() throws Exception {
        String subject = "Grüße — Ihre Bestellung 你好 🎉";
        String name = "Jürgen's Shop, \"Beste\" Ware";
        ComposedMessage composed = compose(mail().fromName(name).subject(subject).text("x").build());
        MimeMessage message = parse(composed.content(), false);

        assertThat(raw(composed)).contains("Subject: =?UTF-8?").contains("From: =?UTF-8?");
        assertThat(isAscii(composed.content())).as("every octet is ASCII").isTrue();
        assertThat(composed.eightBit()).isFalse();
        assertThat(composed.smtpUtf8()).isFalse();
        assertThat(message.getSubject()).isEqualTo(subject);
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo(name);
        assertThat(from.getAddress()).isEqualTo("orders@shop.example");
    }

    @Test
    void asciiDisplayNameWithSpecials_isQuoted() throws Exception {
        MimeMessage message = composeAndParse(mail().fromName("Shop, Inc.").text("x").build());

        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Shop, Inc.");
        assertThat(message.getHeader("From", null)).isEqualTo("\"Shop, Inc.\" <orders@shop.example>");
    }

    @Test
    void longHeaders_areFoldedAndDecodeBack() throws Exception {
        String subject = "Ω".repeat(3000) + " " + "x".repeat(5000);
        String name = "名".repeat(256);
        ComposedMessage composed = compose(mail().fromName(name).subject(subject).text("x").build());
        MimeMessage message = parse(composed.content(), false);

        assertThat(longestLine(composed.content())).isLessThanOrEqualTo(78);
        assertThat(message.getSubject()).isEqualTo(subject);
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo(name);
    }

    @Test
    void longAsciiSubjectWithoutSpaces_isSentAsEncodedWordsThatFold() throws Exception {
        String subject = "x".repeat(5000);
        ComposedMessage composed = compose(mail().subject(subject).text("x").build());

        assertThat(parse(composed.content(), false).getSubject()).isEqualTo(subject);
    }

    @Test
    void emptySubject_isSentAsAnEmptySubjectHeader() throws Exception {
        ComposedMessage composed = compose(mail().subject("").text("x").build());

        assertThat(raw(composed)).contains("\r\nSubject: \r\n");
        assertThat(parse(composed.content(), false).getSubject()).isEmpty();
    }

    @Test
    void manyRecipients_areFoldedWithEveryAddressKept() throws Exception {
        Mail.Builder builder = mail();
        IntStream.range(0, 100).forEach(i -> builder.addTo("recipient" + i + "@example.com").addCc("copy" + i + "@example.org"));
        ComposedMessage composed = compose(builder.text("x").build());
        MimeMessage message = parse(composed.content(), false);

        assertThat(longestLine(composed.content())).isLessThanOrEqualTo(78);
        assertThat(message.getRecipients(RecipientType.TO)).hasSize(101);
        assertThat(message.getRecipients(RecipientType.CC)).hasSize(100);
    }

    @Test
    void bccRecipients_neverAppearInTheMessage() throws Exception {
        ComposedMessage composed = compose(mail().addCc("carol@example.com").addBcc("hidden@example.org").text("x").build());
        MimeMessage message = parse(composed.content(), false);

        assertThat(raw(composed)).doesNotContainIgnoringCase("bcc").doesNotContain("hidden@example.org");
        assertThat(message.getRecipients(RecipientType.BCC)).isNull();
        assertThat(message.getHeader("Cc", null)).isEqualTo("carol@example.com");
        assertThat(message.getHeader("To", null)).isEqualTo("jane@example.com");
    }

    @Test
    void replyTo_isWritten() throws Exception {
        MimeMessage message = composeAndParse(mail().addReplyTo("help@shop.example", "sales@shop.example").text("x").build());

        assertThat(message.getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("help@shop.example", "sales@shop.example");
    }

    @Test
    void messageIdAndDate_areExactlyAsGiven() throws Exception {
        ComposedMessage composed = composer.compose(mail().text("x").build(), MESSAGE_ID, DATE, ZoneId.of("Asia/Shanghai"));
        MimeMessage message = parse(composed.content(), false);

        assertThat(message.getMessageID()).isEqualTo("<" + MESSAGE_ID + ">");
        assertThat(message.getHeader("Date", null)).isEqualTo("Thu, 26 Nov 2026 14:44:51 +0800");
        assertThat(message.getSentDate()).isEqualTo(Date.from(DATE));
        assertThat(message.getHeader("MIME-Version", null)).isEqualTo("1.0");
    }

    @Test
    void messageId_malformed_isRefused() {
        Mail mail = mail().text("x").build();

        for (String bad : List.of("<a@b>", "no-at-sign", "a b@c", "a@b@c", "@b", "a@", "ä@b")) {
            assertThatThrownBy(() -> composer.compose(mail, bad, DATE, ZoneOffset.UTC))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messageId");
        }
    }

    @Test
    void headers_areOnlyThoseTheMailAskedFor() throws Exception {
        MimeMessage message = composeAndParse(mail().text("x").tag("welcome").idempotencyKey("key-123").build());
        List<String> names = new ArrayList<>();
        message.getAllHeaders().asIterator().forEachRemaining(h -> names.add(h.getName()));

        assertThat(names).containsExactly("Date", "From", "To", "Message-ID", "Subject", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding");
    }

    @Test
    void tagAndIdempotencyKey_areNeverWritten() {
        String raw = raw(compose(mail().text("x").tag("welcome-tag-7").idempotencyKey("key-8123").build()));

        assertThat(raw).doesNotContain("welcome-tag-7").doesNotContain("key-8123");
    }

    @Test
    void customHeaders_followInTheOrderGiven() throws Exception {
        ComposedMessage composed = compose(mail().text("x")
                .addHeader("X-A", "1").addHeader("List-Unsubscribe", "<https://shop.example/u/1>")
                .addHeader("X-A", "2").addHeader("X-Note", "Grüße aus Köln").addHeader("X-Empty", "").build());
        MimeMessage message = parse(composed.content(), false);
        List<String> lines = new ArrayList<>();
        message.getAllHeaders().asIterator().forEachRemaining(h -> lines.add(h.getName() + "=" + h.getValue()));

        assertThat(lines.subList(lines.size() - 5, lines.size())).containsExactly("X-A=1",
                "List-Unsubscribe=<https://shop.example/u/1>", "X-A=2", "X-Note=" + message.getHeader("X-Note", null), "X-Empty=");
        assertThat(message.getHeader("X-Note", null)).startsWith("=?UTF-8?");
        assertThat(MimeUtility.decodeText(message.getHeader("X-Note", null))).isEqualTo("Grüße aus Köln");
    }

    @Test
    void longCustomHeader_isFoldedAtSpaces() throws Exception {
        String value = "word ".repeat(400).strip();
        ComposedMessage composed = compose(mail().text("x").addHeader("X-Words", value).build());

        assertThat(longestLine(composed.content())).isLessThanOrEqualTo(78);
        assertThat(MimeUtility.unfold(parse(composed.content(), false).getHeader("X-Words", null))).isEqualTo(value);
    }

    @Test
    void transferEncoding_shortAsciiTextIs7bit() throws Exception {
        ComposedMessage composed = compose(mail().text("Hello\tJane").build());

        assertThat(parse(composed.content(), false).getEncoding()).isEqualTo("7bit");
        assertThat(composed.eightBit()).isFalse();
    }

    @Test
    void transferEncoding_mostlyAsciiTextWithAccentsIsQuotedPrintable() throws Exception {
        String text = "Sehr geehrte Frau Müller, vielen Dank für Ihre Bestellung.";
        MimeMessage message = composeAndParse(mail().text(text).build());

        assertThat(message.getEncoding()).isEqualTo("quoted-printable");
        assertThat(message.getContent()).isEqualTo(text + "\r\n");
    }

    @Test
    void transferEncoding_mostlyNonAsciiTextIsBase64() throws Exception {
        String text = "您好，感谢您的订购。我们会尽快发货。";
        MimeMessage message = composeAndParse(mail().text(text).html("<p>" + text + "</p>").build());
        List<BodyPart> parts = children(message);

        assertThat(((MimeBodyPart) parts.get(0)).getEncoding()).isEqualTo("base64");
        assertThat(((MimeBodyPart) parts.get(1)).getEncoding()).isEqualTo("base64");
        assertThat(parts.get(0).getContent()).isEqualTo(text + "\r\n");
        assertThat(parts.get(1).getContent()).isEqualTo("<p>" + text + "</p>\r\n");
    }

    @Test
    void transferEncoding_attachmentsAreBase64() throws Exception {
        MimeMessage message = composeAndParse(mail().text("x")
                .addAttachment(Attachment.of("notes.txt", "text/plain", "plain ascii".getBytes(StandardCharsets.US_ASCII))).build());

        assertThat(((MimeBodyPart) children(message).get(1)).getEncoding()).isEqualTo("base64");
    }

    @Test
    void a5000CharacterLine_isEncodedIntoShortLinesAndDecodesBack() throws Exception {
        String longLine = "abcdefghij".repeat(500);
        String html = "<p>" + "é".repeat(5000) + "</p>";
        ComposedMessage composed = compose(mail().text(longLine + "\nend").html(html).build());
        List<BodyPart> parts = children(parse(composed.content(), false));

        assertThat(longestLine(composed.content())).isLessThanOrEqualTo(78);
        assertThat(((MimeBodyPart) parts.get(0)).getEncoding()).isEqualTo("quoted-printable");
        assertThat(parts.get(0).getContent()).isEqualTo(longLine + "\r\nend\r\n");
        assertThat(parts.get(1).getContent()).isEqualTo(html + "\r\n");
    }

    @Test
    void bareCrAndBareLfInTheText_becomeCrlf() throws Exception {
        MimeMessage message = composeAndParse(mail().text("one\rtwo\nthree\r\nfour\n\n").build());

        assertThat(message.getContent()).isEqualTo("one\r\ntwo\r\nthree\r\nfour\r\n\r\n");
    }

    @Test
    void controlCharactersInTheText_areQuotedPrintableEncoded() throws Exception {
        ComposedMessage composed = compose(mail().text("bell\u0007 and nul\u0000 end").build());
        MimeMessage message = parse(composed.content(), false);

        assertThat(message.getEncoding()).isEqualTo("quoted-printable");
        assertThat(composed.content()).doesNotContain((byte) 0, (byte) 7);
        assertThat(message.getContent()).isEqualTo("bell\u0007 and nul\u0000 end\r\n");
    }

    @Test
    void dotLines_areNotDotStuffed() {
        String raw = raw(compose(mail().text("first\n.\n..second").build()));

        assertThat(raw).contains("\r\nfirst\r\n.\r\n..second\r\n");
    }

    @Test
    void nonAsciiAttachmentName_isRfc2231EncodedAndDecodesBack() throws Exception {
        String name = "Rechnung für März.pdf";
        String longName = "报告".repeat(120) + ".pdf";
        ComposedMessage composed = compose(mail().text("x")
                .addAttachment(Attachment.of(name, "application/pdf", PDF))
                .addAttachment(Attachment.of(longName, "application/pdf", PDF)).build());
        List<BodyPart> parts = children(parse(composed.content(), false));

        assertThat(raw(composed)).contains("filename*=UTF-8''Rechnung%20f%C3%BCr%20M%C3%A4rz.pdf");
        assertThat(raw(composed)).contains("filename*0*=UTF-8''").contains("filename*1*=");
        assertThat(longestLine(composed.content())).isLessThanOrEqualTo(78);
        assertThat(parts.get(1).getFileName()).isEqualTo(name);
        assertThat(parts.get(2).getFileName()).isEqualTo(longName);
        assertThat(new ContentType(parts.get(2).getContentType()).getParameter("name")).isEqualTo(longName);
    }

    @Test
    void asciiAttachmentNameWithSpacesAndQuotes_isQuoted() throws Exception {
        String name = "my \"best\" file (1).pdf";
        MimeMessage message = composeAndParse(mail().text("x").addAttachment(Attachment.of(name, "application/pdf", PDF)).build());

        assertThat(children(message).get(1).getFileName()).isEqualTo(name);
    }

    @Test
    void nonAsciiLocalPart_makesTheMessageSmtpUtf8WithUtf8Headers() throws Exception {
        ComposedMessage composed = compose(Mail.newBuilder().from("jörg@shop.example").fromName("Jörg")
                .addTo("zoë@example.com").subject("Grüße").text("x").build());
        MimeMessage message = parse(composed.content(), true);

        assertThat(composed.smtpUtf8()).isTrue();
        assertThat(composed.eightBit()).isTrue();
        assertThat(raw(composed)).contains("<jörg@shop.example>").contains("To: zoë@example.com");
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("jörg@shop.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Jörg");
        assertThat(message.getSubject()).isEqualTo("Grüße");
    }

    @Test
    void nonAsciiLocalPartOnlyInBcc_needsSmtpUtf8ButLeavesTheContentAscii() {
        ComposedMessage composed = compose(mail().addBcc("zoë@example.com").text("x").build());

        assertThat(composed.smtpUtf8()).isTrue();
        assertThat(composed.eightBit()).isFalse();
        assertThat(isAscii(composed.content())).as("every octet is ASCII").isTrue();
    }

    @Test
    void idnDomains_areWrittenInAsciiForm() {
        ComposedMessage composed = compose(mail().addTo("info@bücher.example").text("x").build());

        assertThat(raw(composed)).contains("info@xn--bcher-kva.example");
        assertThat(composed.smtpUtf8()).isFalse();
    }

    @Test
    void oneComposer_composesCorrectlyFromManyThreadsAtOnce() throws Exception {
        Mail mail = mail().fromName("Jürgen").text("Hello").html("<p>Hello</p>")
                .addAttachment(Attachment.of("a.pdf", "application/pdf", PDF)).build();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.CompletableFuture<List<byte[]>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            results.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                List<byte[]> composed = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    composed.add(composer.compose(mail, MESSAGE_ID, DATE, ZoneOffset.UTC).content());
                }
                return composed;
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        start.countDown();

        for (var result : results) {
            for (byte[] content : result.get(30, java.util.concurrent.TimeUnit.SECONDS)) {
                assertWireForm(content);
                String text = new String(content, StandardCharsets.US_ASCII);
                assertThat(text).contains("From: =?UTF-8?Q?J=C3=BCrgen?= <orders@shop.example>")
                        .contains(java.util.Base64.getMimeEncoder().encodeToString(PDF));
            }
        }
    }

    @Test
    void recipientsOfTheMail_matchTheHeaders() throws Exception {
        Mail mail = mail().addCc("c@example.com").addBcc("b@example.com").text("x").build();
        MimeMessage message = composeAndParse(mail);
        List<String> headerRecipients = new ArrayList<>();
        for (var address : message.getAllRecipients()) {
            headerRecipients.add(((InternetAddress) address).getAddress());
        }

        assertThat(headerRecipients).containsExactly("jane@example.com", "c@example.com");
        assertThat(mail.recipients()).extracting(EmailAddress::address).containsExactly("jane@example.com", "c@example.com", "b@example.com");
    }
}
