package io.directmail.internal.dkim;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.Random;

/** Messages in wire form for signing tests: written by hand, or by Jakarta Mail. */
final class TestMessages {
    static final Date SENT = Date.from(java.time.Instant.parse("2026-11-26T08:00:00Z"));

    private TestMessages() {
    }

    static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] plainAscii() {
        return raw("""
                From: Alice Example <alice@example.com>\r
                To: bob@example.org\r
                Subject: Your order has shipped\r
                Date: Thu, 26 Nov 2026 08:00:00 +0000\r
                Message-ID: <order-4711@example.com>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=us-ascii\r
                \r
                Hello Bob,\r
                \r
                your order 4711 has shipped.\r
                """);
    }

    /** A message with a long subject that Jakarta Mail encodes (RFC 2047) and folds. */
    static byte[] nonAsciiSubject() throws MessagingException, IOException {
        MimeMessage message = newMessage();
        message.setSubject("Grüße aus Köln – Ihre Bestellung Nr. 4711 wurde versandt und kommt morgen an 🚚",
                "UTF-8");
        message.setText("Guten Tag,\r\nIhre Bestellung ist unterwegs.\r\n", "UTF-8");
        return write(message);
    }

    /** A multipart/mixed message with a text part and a base64-encoded binary attachment. */
    static byte[] multipartWithAttachment() throws MessagingException, IOException {
        MimeMessage message = newMessage();
        message.setSubject("Your invoice");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please find the invoice attached.\r\n", "UTF-8");
        byte[] pdf = new byte[5000];
        new Random(42).nextBytes(pdf);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        attachment.setFileName("invoice-4711.pdf");
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, attachment));
        return write(message);
    }

    /** A text message with lines far longer than 78 characters, sent quoted-printable. */
    static byte[] longLinesQuotedPrintable() throws MessagingException, IOException {
        MimeMessage message = newMessage();
        message.setSubject("Long lines");
        String line = "Dies ist eine sehr lange Zeile mit Umlauten äöü und noch mehr Text, ".repeat(8);
        message.setText(line + "\r\n" + line + "   \r\n\r\n" + "kurz\r\n", "UTF-8");
        message.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return write(message);
    }

    /** Folded header fields, odd whitespace and odd letter case, written by hand. */
    static byte[] oddHeaders() {
        return raw("""
                fRoM:   Alice Example\t <alice@example.com>  \r
                SUBJECT:\t  An   odd\t subject \r
                   folded\tonce\r
                \tand twice  \r
                tO: bob@example.org,\r
                 carol@example.org\r
                date:Thu, 26 Nov 2026 08:00:00 +0000\r
                message-ID: <odd@example.com>\r
                X-Not-Signed: anything\r
                CONTENT-type: text/plain;\r
                \tcharset=us-ascii\r
                \r
                Body with  double spaces\tand tabs \t \r
                   leading spaces\r
                """);
    }

    /** A batch message with one-click unsubscribe (RFC 8058). */
    static byte[] listUnsubscribe() {
        return raw("""
                From: News <news@example.com>\r
                To: bob@example.org\r
                Subject: November news\r
                Date: Thu, 26 Nov 2026 08:00:00 +0000\r
                Message-ID: <news-2026-11@example.com>\r
                List-Unsubscribe: <https://example.com/unsubscribe/opaque-token-0123456789>,\r
                 <mailto:unsubscribe@example.com?subject=unsubscribe-0123456789>\r
                List-Unsubscribe-Post: List-Unsubscribe=One-Click\r
                List-Id: News of Example <news.example.com>\r
                Feedback-ID: 4711:news:example\r
                \r
                The news of November.\r
                """);
    }

    static byte[] emptyBody() {
        return raw("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: empty\r\n\r\n");
    }

    static byte[] headersOnly() {
        return raw("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: no body at all\r\n");
    }

    static byte[] trailingBlankLines() {
        return raw("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: trailing\r\n\r\n"
                + "Hello\r\n\r\n\r\n \t \r\n\r\n");
    }

    /** Two instances of To and of Cc: each is signed, matched from the bottom up. */
    static byte[] repeatedHeaders() {
        return raw("""
                From: alice@example.com\r
                To: bob@example.org\r
                Cc: first-cc@example.org\r
                Subject: repeated\r
                To: second-to@example.org\r
                Cc: second-cc@example.org\r
                \r
                Hello\r
                """);
    }

    private static MimeMessage newMessage() throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("alice@example.com", "Alice Exämple", "UTF-8"));
        message.setRecipients(Message.RecipientType.TO, "bob@example.org, carol@example.org");
        message.setSentDate(SENT);
        return message;
    }

    private static byte[] write(MimeMessage message) throws MessagingException, IOException {
        message.saveChanges();
        message.setHeader("Message-ID", "<test-4711@example.com>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
