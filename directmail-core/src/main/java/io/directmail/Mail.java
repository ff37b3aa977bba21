package io.directmail;

import io.directmail.internal.text.AccountIdRule;
import io.directmail.internal.text.TagRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message as the caller describes it: sender, recipients, subject, bodies, attachments and
 * extra headers. DirectMail composes it into MIME, signs it and delivers it.
 *
 * <pre>{@code
 * Mail mail = Mail.newBuilder()
 *         .from("orders@shop.example").fromName("Shop")
 *         .addTo("jane@example.com")
 *         .subject("Your order 1234")
 *         .text("Thanks for your order.")
 *         .html("<p>Thanks for your <b>order</b>.</p>")
 *         .tag("order-confirmation")
 *         .build();
 * }</pre>
 *
 * <p>A {@code Mail} is immutable and thread-safe; {@link #toBuilder()} starts a changed copy.
 * Everything a caller can get wrong is refused with an {@link InvalidMailException} (or its
 * subclass {@link InvalidAddressException}) that names the field and shows the bad value with
 * line breaks escaped: by the builder method that receives it, or by {@link Builder#build()} for
 * rules that span several fields. Text that becomes a header (subject, display name, header names
 * and values, attachment names) never contains CR, LF or NUL, so it cannot inject headers.
 *
 * <p>Rules checked by {@link Builder#build()}: a from address is required; at least one
 * recipient in to, cc or bcc; a subject is required, although it may be the empty string (it is
 * then sent as an empty {@code Subject:} header, which RFC 5322 allows but spam filters may
 * dislike); at least one of text and HTML; inline images need an HTML body and distinct content
 * ids. A recipient given more than once across to, cc and bcc is kept only where it appears
 * first (to before cc before bcc). The number of recipients is not limited here; the sending
 * facade enforces its configured limit.
 */
public final class Mail {

    /** The account of mail whose builder named none. */
    public static final String DEFAULT_ACCOUNT = "default";

    private final EmailAddress from;
    private final String fromName;
    private final List<EmailAddress> replyTo;
    private final List<EmailAddress> to;
    private final List<EmailAddress> cc;
    private final List<EmailAddress> bcc;
    private final List<EmailAddress> recipients;
    private final String subject;
    private final String text;
    private final String html;
    private final List<Attachment> attachments;
    private final List<Attachment> inlineImages;
    private final List<Header> headers;
    private final String tag;
    private final String idempotencyKey;
    private final Instant sendAt;
    private final MailType type;
    private final String account;

    private Mail(Builder builder, List<EmailAddress> to, List<EmailAddress> cc, List<EmailAddress> bcc) {
        this.from = builder.from;
        this.fromName = builder.fromName;
        this.replyTo = List.copyOf(new LinkedHashSet<>(builder.replyTo));
        this.to = List.copyOf(to);
        this.cc = List.copyOf(cc);
        this.bcc = List.copyOf(bcc);
        List<EmailAddress> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
        all.addAll(to);
        all.addAll(cc);
        all.addAll(bcc);
        this.recipients = List.copyOf(all);
        this.subject = builder.subject;
        this.text = builder.text;
        this.html = builder.html;
        this.attachments = List.copyOf(builder.attachments);
        this.inlineImages = List.copyOf(builder.inlineImages);
        this.headers = List.copyOf(builder.headers);
        this.tag = builder.tag;
        this.idempotencyKey = builder.idempotencyKey;
        this.sendAt = builder.sendAt;
        this.type = builder.type;
        this.account = builder.account;
    }

    /**
     * Checks an account id: 1 to 64 ASCII letters, digits, {@code .}, {@code _} and {@code -},
     * starting with a letter or digit.
     *
     * @throws InvalidMailException if it is null or not of that form
     */
    static String checkAccount(String id) {
        if (id == null) {
            throw new InvalidMailException("account must not be null");
        }
        if (!AccountIdRule.isValid(id)) {
            throw FieldCheck.invalid("account", id, "must be " + AccountIdRule.DESCRIPTION);
        }
        return id;
    }

    /** Checks a statistics tag as {@link Builder#tag} does; null passes. */
    static String checkTag(String tag) {
        if (tag != null) {
            FieldCheck.headerText("tag", tag);
            if (tag.isBlank()) {
                throw FieldCheck.invalid("tag", tag, "must not be blank; pass null for no tag");
            }
            FieldCheck.maxLength("tag", tag, TagRule.MAX_CHARS);
        }
        return tag;
    }

    /** Returns a new, empty builder. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns a builder holding this mail's parts, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns the sender's address (the From header). */
    public EmailAddress from() {
        return from;
    }

    /** Returns the sender's display name, if one was given. */
    public Optional<String> fromName() {
        return Optional.ofNullable(fromName);
    }

    /** Returns the Reply-To addresses, in the order given, without duplicates; often empty. */
    public List<EmailAddress> replyTo() {
        return replyTo;
    }

    /** Returns the To recipients, in the order given. */
    public List<EmailAddress> to() {
        return to;
    }

    /** Returns the Cc recipients, in the order given, without those already in {@link #to()}. */
    public List<EmailAddress> cc() {
        return cc;
    }

    /**
     * Returns the Bcc recipients, without those already in to or cc. They receive the message
     * but never appear in its headers.
     */
    public List<EmailAddress> bcc() {
        return bcc;
    }

    /** Returns every recipient: to, then cc, then bcc, each address once. Never empty. */
    public List<EmailAddress> recipients() {
        return recipients;
    }

    /** Returns the subject, possibly empty. */
    public String subject() {
        return subject;
    }

    /** Returns the plain-text body, if one was given. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** Returns the HTML body, if one was given. */
    public Optional<String> html() {
        return Optional.ofNullable(html);
    }

    /** Returns the regular attachments, in the order given. */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** Returns the inline parts the HTML refers to by {@code cid:}, in the order given. */
    public List<Attachment> inlineImages() {
        return inlineImages;
    }

    /** Returns the extra headers, in the order given; a name may occur more than once. */
    public List<Header> headers() {
        return headers;
    }

    /** Returns the statistics tag, if one was given. It is never written into the message. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** Returns the idempotency key, if one was given. It is never written into the message. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Returns whether this is trigger mail (the default) or batch mail; see {@link MailType}. */
    public MailType type() {
        return type;
    }

    /**
     * Returns the account the mail is sent for: the unit of fair share, limits and statistics.
     * {@value #DEFAULT_ACCOUNT} unless the builder set another.
     */
    public String account() {
        return account;
    }

    /**
     * Returns the time before which the message must not be delivered, if one was given. It is
     * never written into the message.
     */
    public Optional<Instant> sendAt() {
        return Optional.ofNullable(sendAt);
    }

    /** Returns true when some address has a non-ASCII local part, so delivery needs SMTPUTF8. */
    public boolean requiresSmtpUtf8() {
        if (from.requiresSmtpUtf8()) {
            return true;
        }
        for (EmailAddress address : recipients) {
            if (address.requiresSmtpUtf8()) {
                return true;
            }
        }
        for (EmailAddress address : replyTo) {
            if (address.requiresSmtpUtf8()) {
                return true;
            }
        }
        return false;
    }

    /** Two mails are equal when all their parts are equal (attachments by content). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Mail that
                && from.equals(that.from) && Objects.equals(fromName, that.fromName)
                && replyTo.equals(that.replyTo) && to.equals(that.to) && cc.equals(that.cc) && bcc.equals(that.bcc)
                && subject.equals(that.subject) && Objects.equals(text, that.text) && Objects.equals(html, that.html)
                && attachments.equals(that.attachments) && inlineImages.equals(that.inlineImages)
                && headers.equals(that.headers) && Objects.equals(tag, that.tag)
                && Objects.equals(idempotencyKey, that.idempotencyKey) && Objects.equals(sendAt, that.sendAt) && type == that.type
                && account.equals(that.account);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, fromName, replyTo, to, cc, bcc, subject, text, html, attachments, inlineImages,
                headers, tag, idempotencyKey, sendAt, type, account);
    }

    /** Describes the mail briefly: sender, recipient counts, subject and part counts, no bodies. */
    @Override
    public String toString() {
        return "Mail[from=" + from + ", to=" + to.size() + ", cc=" + cc.size() + ", bcc=" + bcc.size()
                + ", subject=" + FieldCheck.visible(subject) + ", attachments=" + attachments.size()
                + ", inlineImages=" + inlineImages.size() + (tag == null ? "" : ", tag=" + tag) + "]";
    }

    /**
     * One extra header field, such as {@code List-Unsubscribe} or {@code X-Campaign}. The value is
     * written as given when it is ASCII, RFC 2047-encoded when it is not, and folded into lines
     * of at most 78 characters where it has spaces.
     *
     * <p>Refused with an {@link InvalidMailException}: a name that is empty, longer than 76
     * characters or not RFC 5322 field-name characters (printable ASCII except {@code :}); a name
     * DirectMail sets itself (From, To, Cc, Bcc, Reply-To, Subject, Date, Message-ID,
     * MIME-Version, Content-*, DKIM-Signature, Return-Path, Received, Sender), with the builder
     * method to use instead; a value with CR, LF, NUL or another control character except TAB;
     * a value over 16,384 characters; and a value with a run of non-space characters so long
     * that the header could not be folded into lines of at most 998 octets.
     *
     * @param name the field name, e.g. {@code X-Campaign}
     * @param value the field value, possibly empty
     */
    public record Header(String name, String value) {

        /** The longest header name accepted. */
        public static final int MAX_NAME_CHARS = 76;
        /** The longest header value accepted, in characters. */
        public static final int MAX_VALUE_CHARS = 16 * 1024;
        private static final int MAX_LINE_OCTETS = 998;

        private static final Map<String, String> RESERVED = Map.ofEntries(
                Map.entry("from", "use from(...) and fromName(...)"),
                Map.entry("sender", "use from(...); DirectMail does not send on behalf of another sender"),
                Map.entry("to", "use addTo(...)"),
                Map.entry("cc", "use addCc(...)"),
                Map.entry("bcc", "use addBcc(...); Bcc recipients never appear in the message"),
                Map.entry("reply-to", "use addReplyTo(...)"),
                Map.entry("subject", "use subject(...)"),
                Map.entry("date", "DirectMail sets it when it composes the message"),
                Map.entry("message-id", "DirectMail assigns it and returns it in the receipt"),
                Map.entry("mime-version", "DirectMail sets it when it composes the message"),
                Map.entry("dkim-signature", "DirectMail's DKIM signer adds it"),
                Map.entry("return-path", "the receiving server adds it from the envelope sender"),
                Map.entry("received", "mail servers add it along the way"));

        /**
         * Validates the name and value.
         *
         * @throws InvalidMailException if either is unusable; see the type's description
         */
        public Header {
            if (name == null) {
                throw new InvalidMailException("header name is required (was null)");
            }
            FieldCheck.headerText("header name", name);
            if (name.isEmpty()) {
                throw new InvalidMailException("header name must not be empty");
            }
            FieldCheck.maxLength("header name", name, MAX_NAME_CHARS);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 33 || c > 126 || c == ':') {
                    throw FieldCheck.invalid("header name", name, "contains '" + c
                            + "'; a header name is printable ASCII without spaces or ':' (RFC 5322 field-name)");
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            String instead = lower.startsWith("content-")
                    ? "DirectMail sets the Content-* headers from the text, html and attachments"
                    : RESERVED.get(lower);
            if (instead != null) {
                throw FieldCheck.invalid("header name", name, "is set by DirectMail itself and cannot be added: " + instead);
            }
            if (value == null) {
                throw new InvalidMailException("header " + name + " needs a value (was null); use \"\" for an empty one");
            }
            FieldCheck.headerText("header " + name + " value", value);
            FieldCheck.maxLength("header " + name + " value", value, MAX_VALUE_CHARS);
            int longestWord = MAX_LINE_OCTETS - name.length() - 2;
            int run = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                run = c == ' ' || c == '\t' ? 0 : run + 1;
                if (run > longestWord) {
                    throw FieldCheck.invalid("header " + name + " value", value, "has more than " + longestWord
                            + " characters without a space, so it cannot be folded into lines of at most 998 octets");
                }
            }
        }
    }

    /**
     * Collects the parts of a {@link Mail}. Each method checks its argument at once and throws an
     * {@link InvalidMailException} naming it; {@link #build()} checks the rules that span several
     * parts. A builder is not thread-safe; the mails it builds are.
     */
    public static final class Builder {

        private static final int MAX_FROM_NAME_CHARS = 256;
        private static final int MAX_SUBJECT_CHARS = 16 * 1024;
        private static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;

        private EmailAddress from;
        private String fromName;
        private final List<EmailAddress> replyTo = new ArrayList<>();
        private final List<EmailAddress> to = new ArrayList<>();
        private final List<EmailAddress> cc = new ArrayList<>();
        private final List<EmailAddress> bcc = new ArrayList<>();
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private final List<Attachment> inlineImages = new ArrayList<>();
        private final List<Header> headers = new ArrayList<>();
        private String tag;
        private String idempotencyKey;
        private Instant sendAt;
        private MailType type = MailType.TRIGGER;
        private String account = DEFAULT_ACCOUNT;

        private Builder() {
        }

        private Builder(Mail mail) {
            from = mail.from;
            fromName = mail.fromName;
            replyTo.addAll(mail.replyTo);
            to.addAll(mail.to);
            cc.addAll(mail.cc);
            bcc.addAll(mail.bcc);
            subject = mail.subject;
            text = mail.text;
            html = mail.html;
            attachments.addAll(mail.attachments);
            inlineImages.addAll(mail.inlineImages);
            headers.addAll(mail.headers);
            tag = mail.tag;
            idempotencyKey = mail.idempotencyKey;
            sendAt = mail.sendAt;
            type = mail.type;
            account = mail.account;
        }

        /**
         * Sets the sender's address.
         *
         * @param address the From address
         * @return this builder
         * @throws InvalidMailException if the address is null
         */
        public Builder from(EmailAddress address) {
            this.from = nonNull("from", address);
            return this;
        }

        /**
         * Parses and sets the sender's address, e.g. {@code orders@shop.example}; give the display
         * name with {@link #fromName(String)}.
         *
         * @param address the bare address
         * @return this builder
         * @throws InvalidAddressException if the text is not a usable address
         */
        public Builder from(String address) {
            return from(EmailAddress.of(address));
        }

        /**
         * Parses and sets the sender's address and display name in one call, e.g.
         * {@code from("orders@shop.example", "Example Shop")}.
         *
         * @param address the bare address
         * @param name the display name, or {@code null}
         * @return this builder
         * @throws InvalidAddressException if the address is not usable
         * @throws InvalidMailException if the name contains a line break or control character, or is too long
         */
        public Builder from(String address, String name) {
            return from(address).fromName(name);
        }

        /**
         * Sets the sender's display name, e.g. {@code Jürgen's Shop}; any Unicode text without
         * line breaks or control characters, at most 256 characters. Null or a blank name removes it.
         *
         * @param name the display name, or {@code null}
         * @return this builder
         * @throws InvalidMailException if the name contains CR, LF, NUL or another control character, or is too long
         */
        public Builder fromName(String name) {
            if (name != null) {
                FieldCheck.headerText("fromName", name);
                FieldCheck.maxLength("fromName", name, MAX_FROM_NAME_CHARS);
            }
            this.fromName = name == null || name.isBlank() ? null : name;
            return this;
        }

        /**
         * Adds Reply-To addresses.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if an address is null
         */
        public Builder addReplyTo(EmailAddress... addresses) {
            return add("replyTo", replyTo, Arrays.asList(nonNull("replyTo", addresses)));
        }

        /**
         * Parses and adds Reply-To addresses.
         *
         * @param addresses the bare addresses to add
         * @return this builder
         * @throws InvalidAddressException if a text is not a usable address
         */
        public Builder addReplyTo(String... addresses) {
            return add("replyTo", replyTo, parse("replyTo", addresses));
        }

        /**
         * Adds To recipients.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if an address is null
         */
        public Builder addTo(EmailAddress... addresses) {
            return add("to", to, Arrays.asList(nonNull("to", addresses)));
        }

        /**
         * Parses and adds To recipients.
         *
         * @param addresses the bare addresses to add
         * @return this builder
         * @throws InvalidAddressException if a text is not a usable address
         */
        public Builder addTo(String... addresses) {
            return add("to", to, parse("to", addresses));
        }

        /**
         * Adds To recipients.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if the collection or an address in it is null
         */
        public Builder addTo(Collection<EmailAddress> addresses) {
            return add("to", to, nonNull("to", addresses));
        }

        /**
         * Adds Cc recipients.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if an address is null
         */
        public Builder addCc(EmailAddress... addresses) {
            return add("cc", cc, Arrays.asList(nonNull("cc", addresses)));
        }

        /**
         * Parses and adds Cc recipients.
         *
         * @param addresses the bare addresses to add
         * @return this builder
         * @throws InvalidAddressException if a text is not a usable address
         */
        public Builder addCc(String... addresses) {
            return add("cc", cc, parse("cc", addresses));
        }

        /**
         * Adds Cc recipients.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if the collection or an address in it is null
         */
        public Builder addCc(Collection<EmailAddress> addresses) {
            return add("cc", cc, nonNull("cc", addresses));
        }

        /**
         * Adds Bcc recipients: they receive the message but appear in none of its headers.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if an address is null
         */
        public Builder addBcc(EmailAddress... addresses) {
            return add("bcc", bcc, Arrays.asList(nonNull("bcc", addresses)));
        }

        /**
         * Parses and adds Bcc recipients.
         *
         * @param addresses the bare addresses to add
         * @return this builder
         * @throws InvalidAddressException if a text is not a usable address
         */
        public Builder addBcc(String... addresses) {
            return add("bcc", bcc, parse("bcc", addresses));
        }

        /**
         * Adds Bcc recipients.
         *
         * @param addresses the addresses to add
         * @return this builder
         * @throws InvalidMailException if the collection or an address in it is null
         */
        public Builder addBcc(Collection<EmailAddress> addresses) {
            return add("bcc", bcc, nonNull("bcc", addresses));
        }

        /**
         * Removes all to, cc and bcc recipients, e.g. to send a copy of a mail to someone else.
         *
         * @return this builder
         */
        public Builder clearRecipients() {
            to.clear();
            cc.clear();
            bcc.clear();
            return this;
        }

        /**
         * Sets the subject: any Unicode text without line breaks or control characters (TAB is
         * allowed), at most 16,384 characters; it may be empty. Null removes it, and
         * {@link #build()} then refuses the mail.
         *
         * @param subject the subject
         * @return this builder
         * @throws InvalidMailException if the subject contains CR, LF, NUL or another control character, or is too long
         */
        public Builder subject(String subject) {
            if (subject != null) {
                FieldCheck.headerText("subject", subject);
                FieldCheck.maxLength("subject", subject, MAX_SUBJECT_CHARS);
            }
            this.subject = subject;
            return this;
        }

        /**
         * Sets the plain-text body. Any line ending (CRLF, LF or CR) is accepted and sent as CRLF.
         * Null removes it.
         *
         * @param text the body, or {@code null}
         * @return this builder
         */
        public Builder text(String text) {
            this.text = text;
            return this;
        }

        /**
         * Sets the HTML body. Null removes it.
         *
         * @param html the body, or {@code null}
         * @return this builder
         */
        public Builder html(String html) {
            this.html = html;
            return this;
        }

        /**
         * Adds a regular attachment.
         *
         * @param attachment the attachment, created with {@link Attachment#of} or {@link Attachment#fromFile}
         * @return this builder
         * @throws InvalidMailException if the attachment is null or inline (use {@link #addInlineImage})
         */
        public Builder addAttachment(Attachment attachment) {
            nonNull("attachment", attachment);
            if (attachment.isInline()) {
                throw new InvalidMailException("attachment " + FieldCheck.visible(attachment.filename())
                        + " has a content id; add inline parts with addInlineImage(...)");
            }
            attachments.add(attachment);
            return this;
        }

        /**
         * Adds an inline part that the HTML body shows through {@code cid:} (typically an image).
         *
         * @param image the part, created with {@link Attachment#inline}
         * @return this builder
         * @throws InvalidMailException if the part is null or has no content id (use {@link #addAttachment})
         */
        public Builder addInlineImage(Attachment image) {
            nonNull("inlineImage", image);
            if (!image.isInline()) {
                throw new InvalidMailException("inline image " + FieldCheck.visible(image.filename())
                        + " has no content id; create it with Attachment.inline(...)");
            }
            inlineImages.add(image);
            return this;
        }

        /**
         * Adds a header field after those already added; see {@link Header} for the rules.
         *
         * @param name the field name, e.g. {@code X-Campaign}
         * @param value the field value
         * @return this builder
         * @throws InvalidMailException if the name or value is unusable, or the name is one DirectMail sets
         */
        public Builder addHeader(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        /**
         * Sets the statistics tag, e.g. {@code password-reset}: 1 to 128 characters without
         * control characters. It groups statistics and is never written into the message. Null
         * removes it.
         *
         * @param tag the tag, or {@code null}
         * @return this builder
         * @throws InvalidMailException if the tag is blank, too long or has a line break or control character
         */
        public Builder tag(String tag) {
            this.tag = checkTag(tag);
            return this;
        }

        /**
         * Sets the idempotency key: 1 to 255 printable ASCII characters (space to {@code ~}),
         * not blank. A send retried with the same key is not sent twice. A key belongs to the mail's
         * account: another account's mail with the same key is another mail. Null removes it.
         *
         * @param key the key, or {@code null}
         * @return this builder
         * @throws InvalidMailException if the key is blank, too long or has characters outside printable ASCII
         */
        public Builder idempotencyKey(String key) {
            if (key != null) {
                FieldCheck.headerText("idempotencyKey", key);
                if (key.isBlank()) {
                    throw FieldCheck.invalid("idempotencyKey", key, "must not be blank; pass null for no key");
                }
                FieldCheck.maxLength("idempotencyKey", key, MAX_IDEMPOTENCY_KEY_CHARS);
                for (int i = 0; i < key.length(); i++) {
                    char c = key.charAt(i);
                    if (c < 0x20 || c > 0x7e) {
                        throw FieldCheck.invalid("idempotencyKey", key,
                                String.format("contains U+%04X; only printable ASCII (space to '~') is allowed", (int) c));
                    }
                }
            }
            this.idempotencyKey = key;
            return this;
        }

        /**
         * Says whether this is trigger mail (the default) or batch mail, which yields to trigger
         * mail; see {@link MailType}.
         *
         * @param type the kind of mail
         * @return this builder
         * @throws InvalidMailException if the type is null
         */
        public Builder type(MailType type) {
            this.type = nonNull("type", type);
            return this;
        }

        /**
         * Sets the account the mail is sent for (default {@value Mail#DEFAULT_ACCOUNT}): an
         * application that sends for several customers gives each its own account, and
         * DirectMail shares delivery fairly between accounts, so one customer's large batch does
         * not hold back another's mail. 1 to 64 characters: ASCII letters, digits, {@code .},
         * {@code _} and {@code -}, starting with a letter or digit.
         *
         * @param id the account's id
         * @return this builder
         * @throws InvalidMailException if the id is null or not of that form
         */
        public Builder account(String id) {
            this.account = checkAccount(id);
            return this;
        }

        /**
         * Schedules the message: it is accepted and stored at once, but not delivered before this
         * time. A time in the past means now. Null removes it. The retry lifetime counts from this
         * time, not from acceptance.
         *
         * @param time the earliest delivery time, or {@code null}
         * @return this builder
         */
        public Builder sendAt(Instant time) {
            this.sendAt = time;
            return this;
        }

        /**
         * Checks the rules that span several parts and returns the mail; see {@link Mail}.
         *
         * @return the immutable mail
         * @throws InvalidMailException if a required part is missing or parts contradict each other
         */
        public Mail build() {
            if (from == null) {
                throw new InvalidMailException("a from address is required: call from(...)");
            }
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new InvalidMailException("at least one recipient is required: call addTo(...), addCc(...) or addBcc(...)");
            }
            if (subject == null) {
                throw new InvalidMailException("a subject is required: call subject(...) (it may be \"\")");
            }
            if (text == null && html == null) {
                throw new InvalidMailException("a body is required: call text(...), html(...) or both");
            }
            if (!inlineImages.isEmpty()) {
                if (html == null) {
                    throw new InvalidMailException("inline images are shown by an HTML body through cid: references,"
                            + " but the mail has no html(...)");
                }
                Set<String> ids = new HashSet<>();
                for (Attachment image : inlineImages) {
                    if (!ids.add(image.contentId())) {
                        throw new InvalidMailException("two inline images have the content id "
                                + FieldCheck.visible(image.contentId()) + "; content ids must be distinct");
                    }
                }
            }
            Set<EmailAddress> seen = new HashSet<>();
            return new Mail(this, distinct(to, seen), distinct(cc, seen), distinct(bcc, seen));
        }

        private static List<EmailAddress> distinct(List<EmailAddress> addresses, Set<EmailAddress> seen) {
            List<EmailAddress> kept = new ArrayList<>(addresses.size());
            for (EmailAddress address : addresses) {
                if (seen.add(address)) {
                    kept.add(address);
                }
            }
            return kept;
        }

        private Builder add(String field, List<EmailAddress> list, Collection<EmailAddress> addresses) {
            for (EmailAddress address : addresses) {
                nonNull(field, address);
            }
            list.addAll(addresses);
            return this;
        }

        private static List<EmailAddress> parse(String field, String... addresses) {
            nonNull(field, addresses);
            List<EmailAddress> parsed = new ArrayList<>(addresses.length);
            for (String address : addresses) {
                parsed.add(EmailAddress.of(address));
            }
            return parsed;
        }

        private static <T> T nonNull(String field, T value) {
            if (value == null) {
                throw new InvalidMailException(field + " must not be null");
            }
            return value;
        }
    }
}
