package io.directmail.internal.compose;

import io.directmail.Attachment;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Turns a {@link Mail} into an RFC 5322 / MIME message in wire form. Internal: not API; the
 * engine creates one per {@code DirectMail} instance and calls it for every message.
 *
 * <p>The MIME tree depends on the parts present:
 * <pre>
 * text only                     text/plain
 * html only                     text/html
 * text and html                 multipart/alternative [text/plain, text/html]
 * html with inline images       multipart/related [text/html, images...]   (type="text/html", RFC 2387)
 * attachments                   multipart/mixed [body as above, attachments...]
 * all of them                   multipart/mixed [alternative [text, related [html, images]], attachments]
 * </pre>
 *
 * <p>Text parts are UTF-8, always end with a line break, and are sent 7bit when they are
 * short-lined printable ASCII, otherwise quoted-printable or base64, whichever is shorter
 * (see {@code CanonicalText}); attachments and inline images are always base64. So the output is
 * normally pure 7-bit and {@link ComposedMessage#eightBit()} false.
 *
 * <p>Headers, in this order: Date (RFC 5322 format, in the given zone), From (with display
 * name), Reply-To, To, Cc, Message-ID (exactly as given, in angle brackets), Subject,
 * MIME-Version, the content headers, then the mail's own headers in the order given. The
 * subject, display names and non-ASCII header values are RFC 2047 encoded words in UTF-8;
 * attachment names outside printable ASCII are RFC 2231 encoded, split into continuations when
 * long. There is never a Bcc header, and no X-Mailer or other header the mail did not ask for;
 * the tag and idempotency key are never written. Headers are folded at 78 characters where they
 * have spaces. Every line ends with CRLF and has at most 998 octets; the message ends with CRLF
 * and is not dot-stuffed.
 *
 * <p>When an address has a non-ASCII local part (RFC 6531), the address headers carry it in raw
 * UTF-8 and the result is flagged {@link ComposedMessage#smtpUtf8()} (and
 * {@link ComposedMessage#eightBit()} when such an address is in a header; a Bcc recipient is
 * not); the other headers stay RFC 2047 encoded, which RFC 6532 still allows.
 *
 * <p>Why not {@code jakarta.mail.internet.MimeMessage#writeTo}: in jakarta.mail 2.1 every
 * part written, and every encoded word, looks up a {@code StreamProvider} through a fresh
 * {@code ServiceLoader} scan of the class path (jakartaee/mail-api#699, #861), which cost
 * milliseconds per message. This writer does the same work in memory, and the tests check its
 * output by parsing it back with jakarta.mail.
 *
 * <p>Thread-safe and stateless: one instance serves any number of threads.
 */
public final class MimeComposer {

    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    /** The longest whitespace-free run written as it is; longer runs are sent as encoded words, which can be folded. */
    private static final int MAX_UNFOLDABLE_RUN = 900;
    private static final int HEADER_ALLOWANCE = 1024;
    private static final int PART_ALLOWANCE = 256;
    private static final Pattern NAME_PARAMETER = Pattern.compile("(?i);\\s*name[*=\\s]");
    private static final String RELATED_TYPE = ";\r\n\ttype=\"text/html\"";

    /** Creates a composer. */
    public MimeComposer() {
    }

    /**
     * Composes a mail.
     *
     * @param mail the validated mail
     * @param messageId the Message-ID without angle brackets, {@code id-left@id-right}, written exactly as given
     * @param date the instant written as the Date header
     * @param zone the zone whose offset the Date header shows
     * @return the message in wire form and its 8BITMIME/SMTPUTF8 needs
     * @throws IllegalArgumentException if the message id is not {@code id-left@id-right} in printable ASCII
     */
    public ComposedMessage compose(Mail mail, String messageId, Instant date, ZoneId zone) {
        Objects.requireNonNull(mail, "mail");
        checkMessageId(messageId);
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(zone, "zone");
        boolean smtpUtf8 = mail.requiresSmtpUtf8();
        MessageBuffer out = new MessageBuffer(estimateSize(mail));
        out.header("Date", RFC_5322_DATE.format(date.atZone(zone)));
        out.header("From", addressList("From", List.of(mail.from()), mail.fromName().orElse(null)));
        if (!mail.replyTo().isEmpty()) {
            out.header("Reply-To", addressList("Reply-To", mail.replyTo(), null));
        }
        if (!mail.to().isEmpty()) {
            out.header("To", addressList("To", mail.to(), null));
        }
        if (!mail.cc().isEmpty()) {
            out.header("Cc", addressList("Cc", mail.cc(), null));
        }
        out.header("Message-ID", "<" + messageId + ">");
        out.header("Subject", unstructured("Subject", mail.subject()));
        out.header("MIME-Version", "1.0");
        Entity body = body(mail);
        body.writeHeaders(out);
        for (Mail.Header header : mail.headers()) {
            out.header(header.name(), unstructured(header.name(), header.value()));
        }
        out.crlf();
        body.writeBody(out);
        if (!out.endsWithCrlf()) {
            out.crlf();
        }
        return new ComposedMessage(out.toByteArray(), smtpUtf8 && out.hasEightBitOctet(), smtpUtf8);
    }

    private static Entity body(Mail mail) {
        Entity text = mail.text().map(t -> (Entity) new Entity.Text("plain", CanonicalText.of(t))).orElse(null);
        Entity html = mail.html().map(h -> (Entity) new Entity.Text("html", CanonicalText.of(h))).orElse(null);
        if (html != null && !mail.inlineImages().isEmpty()) {
            List<Entity> related = new ArrayList<>(mail.inlineImages().size() + 1);
            related.add(html);
            for (Attachment image : mail.inlineImages()) {
                related.add(new Entity.File(image, withoutName(image.contentType())));
            }
            html = new Entity.Multipart("related", RELATED_TYPE, boundary(), related);
        }
        Entity body = text == null ? html
                : html == null ? text
                : new Entity.Multipart("alternative", "", boundary(), List.of(text, html));
        if (mail.attachments().isEmpty()) {
            return body;
        }
        List<Entity> mixed = new ArrayList<>(mail.attachments().size() + 1);
        mixed.add(body);
        for (Attachment attachment : mail.attachments()) {
            mixed.add(new Entity.File(attachment, withoutName(attachment.contentType())));
        }
        return new Entity.Multipart("mixed", "", boundary(), mixed);
    }

    /** Drops a name parameter the caller put into the content type: the composer writes the file name itself. */
    private static String withoutName(String contentType) {
        if (!NAME_PARAMETER.matcher(contentType).find()) {
            return contentType;
        }
        try {
            ContentType type = new ContentType(contentType);
            ParameterList parameters = new ParameterList();
            for (String name : java.util.Collections.list(type.getParameterList().getNames())) {
                if (!name.toLowerCase(Locale.ROOT).startsWith("name")) {
                    parameters.set(name, type.getParameter(name));
                }
            }
            type.setParameterList(parameters);
            return type.toString();
        } catch (ParseException e) {
            return contentType;
        }
    }

    /**
     * Returns a fresh boundary. It starts with "=_", which quoted-printable and base64 output
     * never contain, and has 128 random bits, so it cannot collide with a 7bit part either.
     */
    private static String boundary() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "=_dm_" + Long.toUnsignedString(random.nextLong(), 36) + "." + Long.toUnsignedString(random.nextLong(), 36);
    }

    private static String addressList(String header, List<EmailAddress> addresses, String displayName) {
        StringBuilder list = new StringBuilder(addresses.size() * 32);
        for (EmailAddress address : addresses) {
            if (!list.isEmpty()) {
                list.append(", ");
            }
            if (displayName == null || displayName.isEmpty()) {
                list.append(address.address());
            } else {
                list.append(phrase(displayName, HeaderFolding.MAX_LINE - header.length() - 2 - list.length())).append(" <").append(address.address()).append('>');
            }
        }
        return HeaderFolding.fold(header.length() + 2, list.toString());
    }

    /** A display name as an RFC 5322 phrase: atoms as they are, other ASCII quoted, the rest encoded words. */
    private static String phrase(String name, int firstLineRoom) {
        if (EncodedWords.needed(name) || HeaderFolding.longestRun(name) > MAX_UNFOLDABLE_RUN) {
            return EncodedWords.of(name, firstLineRoom);
        }
        boolean atoms = true;
        for (int i = 0; i < name.length() && atoms; i++) {
            char c = name.charAt(i);
            atoms = c == ' ' || Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
        }
        if (atoms && !name.isBlank() && !name.startsWith(" ") && !name.endsWith(" ")) {
            return name;
        }
        StringBuilder quoted = new StringBuilder(name.length() + 4).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /**
     * Unstructured text (subject, custom header values): as given when it is printable ASCII
     * whose runs can be folded, otherwise as encoded words; then folded.
     */
    private static String unstructured(String header, String value) {
        String encoded = EncodedWords.needed(value) || HeaderFolding.longestRun(value) > MAX_UNFOLDABLE_RUN
                ? EncodedWords.of(value, HeaderFolding.MAX_LINE - header.length() - 2)
                : value;
        return HeaderFolding.fold(header.length() + 2, encoded);
    }

    private static int estimateSize(Mail mail) {
        long size = HEADER_ALLOWANCE + mail.subject().length() * 3L + mail.recipients().size() * 48L;
        size += mail.text().map(t -> t.length() * 5L / 4 + PART_ALLOWANCE).orElse(0L);
        size += mail.html().map(h -> h.length() * 5L / 4 + PART_ALLOWANCE).orElse(0L);
        for (Attachment attachment : mail.attachments()) {
            size += attachment.size() * 139L / 100 + PART_ALLOWANCE;
        }
        for (Attachment image : mail.inlineImages()) {
            size += image.size() * 139L / 100 + PART_ALLOWANCE;
        }
        for (Mail.Header header : mail.headers()) {
            size += header.name().length() + header.value().length() + 8L;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static void checkMessageId(String messageId) {
        if (messageId == null) {
            throw new IllegalArgumentException("messageId is required");
        }
        int at = messageId.indexOf('@');
        boolean valid = at > 0 && at < messageId.length() - 1 && messageId.indexOf('@', at + 1) < 0;
        for (int i = 0; valid && i < messageId.length(); i++) {
            char c = messageId.charAt(i);
            valid = c > 0x20 && c < 0x7f && c != '<' && c != '>';
        }
        if (!valid) {
            throw new IllegalArgumentException("messageId must be id-left@id-right in printable ASCII without"
                    + " angle brackets or spaces, was \"" + messageId + "\"");
        }
    }
}
