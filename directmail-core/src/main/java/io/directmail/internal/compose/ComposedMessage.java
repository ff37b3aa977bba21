package io.directmail.internal.compose;

import java.util.Objects;

/**
 * A message in wire form as {@link MimeComposer} produced it. Internal: not API.
 *
 * <p>The content uses CRLF line endings only, has no line longer than 998 octets, ends with
 * CRLF and is not dot-stuffed. The array is handed over, not copied: whoever receives it owns
 * it and must not change it while others read it.
 *
 * @param content the message, headers and body
 * @param eightBit true when the content has an octet above 127 (only UTF-8 headers of an
 *     SMTPUTF8 message do; bodies are always 7bit, quoted-printable or base64)
 * @param smtpUtf8 true when an address has a non-ASCII local part, so the envelope and headers
 *     need RFC 6531 SMTPUTF8
 */
public record ComposedMessage(byte[] content, boolean eightBit, boolean smtpUtf8) {

    /** Checks that content is present. */
    public ComposedMessage {
        Objects.requireNonNull(content, "content");
    }

    /** Compares the content by value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ComposedMessage that && eightBit == that.eightBit && smtpUtf8 == that.smtpUtf8
                && java.util.Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(content) * 31 + (eightBit ? 2 : 0) + (smtpUtf8 ? 1 : 0);
    }

    /** Describes the message by size and flags, without its content. */
    @Override
    public String toString() {
        return "ComposedMessage[" + content.length + " octets, eightBit=" + eightBit + ", smtpUtf8=" + smtpUtf8 + "]";
    }
}
