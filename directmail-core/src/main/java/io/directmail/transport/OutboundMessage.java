package io.directmail.transport;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A composed, signed message ready to leave: its envelope, its content in wire form (CRLF line
 * endings, not dot-stuffed; a transport that speaks SMTP stuffs it) and its {@link MailType lane},
 * which tells a transport that limits its destinations whether the message may use the capacity
 * kept for trigger mail.
 *
 * <p>Immutable and thread-safe; the content is never copied after construction and never
 * exposed for modification.
 */
public final class OutboundMessage {

    private final String messageId;
    private final EmailAddress returnPath;
    private final List<EmailAddress> recipients;
    private final byte[] content;
    private final boolean smtpUtf8;
    private final boolean eightBit;
    private final MailType type;

    /**
     * Creates a trigger message. The content array is owned by the new object afterwards: the
     * caller must not change it.
     *
     * @param messageId the Message-ID without angle brackets
     * @param returnPath the envelope sender (MAIL FROM), or {@code null} for the null path {@code <>}
     * @param recipients the envelope recipients (RCPT TO), at least one
     * @param content the message in wire form, CRLF line endings
     * @param smtpUtf8 true when the envelope or headers need RFC 6531 SMTPUTF8
     * @param eightBit true when the body has 8-bit octets (RFC 6152 8BITMIME)
     */
    public OutboundMessage(String messageId, EmailAddress returnPath, List<EmailAddress> recipients,
            byte[] content, boolean smtpUtf8, boolean eightBit) {
        this(messageId, returnPath, recipients, content, smtpUtf8, eightBit, MailType.TRIGGER);
    }

    /**
     * Creates a message of the given lane. The content array is owned by the new object
     * afterwards: the caller must not change it.
     *
     * @param messageId the Message-ID without angle brackets
     * @param returnPath the envelope sender (MAIL FROM), or {@code null} for the null path {@code <>}
     * @param recipients the envelope recipients (RCPT TO), at least one
     * @param content the message in wire form, CRLF line endings
     * @param smtpUtf8 true when the envelope or headers need RFC 6531 SMTPUTF8
     * @param eightBit true when the body has 8-bit octets (RFC 6152 8BITMIME)
     * @param type trigger or batch mail
     */
    public OutboundMessage(String messageId, EmailAddress returnPath, List<EmailAddress> recipients,
            byte[] content, boolean smtpUtf8, boolean eightBit, MailType type) {
        this.type = Objects.requireNonNull(type, "type");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.returnPath = returnPath;
        this.recipients = List.copyOf(recipients);
        if (this.recipients.isEmpty()) {
            throw new IllegalArgumentException("an outbound message needs at least one recipient");
        }
        this.content = Objects.requireNonNull(content, "content");
        this.smtpUtf8 = smtpUtf8;
        this.eightBit = eightBit;
    }

    /** Returns a copy of this message addressed to other recipients (for example, those still pending). */
    public OutboundMessage withRecipients(List<EmailAddress> others) {
        return new OutboundMessage(messageId, returnPath, others, content, smtpUtf8, eightBit, type);
    }

    /** Returns the lane the message is delivered in: trigger mail or batch mail. */
    public MailType type() {
        return type;
    }

    /** Returns the Message-ID without angle brackets. */
    public String messageId() {
        return messageId;
    }

    /** Returns the envelope sender, or empty for the null path {@code <>}. */
    public Optional<EmailAddress> returnPath() {
        return Optional.ofNullable(returnPath);
    }

    /** Returns the envelope recipients. */
    public List<EmailAddress> recipients() {
        return recipients;
    }

    /** Returns the size of the content in octets (the SMTP SIZE parameter). */
    public int size() {
        return content.length;
    }

    /** Returns true when the message needs SMTPUTF8. */
    public boolean smtpUtf8() {
        return smtpUtf8;
    }

    /** Returns true when the body has 8-bit octets. */
    public boolean eightBit() {
        return eightBit;
    }

    /** Writes the content, unchanged, to a stream. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(content);
    }

    /** Returns a stream over the content. */
    public InputStream openStream() {
        return new ByteArrayInputStream(content);
    }

    /** Returns a copy of the content. */
    public byte[] toByteArray() {
        return content.clone();
    }

    @Override
    public String toString() {
        return "OutboundMessage{" + messageId + ", " + type + ", " + recipients.size() + " recipient(s), " + content.length + " octets}";
    }
}
