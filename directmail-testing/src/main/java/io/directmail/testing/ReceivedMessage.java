package io.directmail.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A message a {@link ScriptedSmtpServer} received: its envelope and its data exactly as received,
 * after removing the dot-stuffing and the terminating {@code .CRLF}.
 *
 * <p>Immutable; {@link #data()} returns a copy.
 *
 * @param connectionId the number of the connection it came on, from 1 in order of acceptance
 * @param envelopeFrom the MAIL FROM address without angle brackets; empty for the null path
 * @param mailParameters the parameters after the MAIL FROM address, such as {@code SIZE=1234 BODY=8BITMIME}, or empty
 * @param recipients the accepted RCPT TO addresses without angle brackets, in order
 * @param rawData the data octets, each line ending as sent (a well-behaved client sends only CRLF)
 * @param tls true when the session ran over TLS
 * @param authenticatedUser the user name of a successful AUTH, or {@code null}
 * @param replyCode the reply code the server gave after the data, or 0 when it dropped the
 *     connection or stalled instead
 */
public record ReceivedMessage(int connectionId, String envelopeFrom, String mailParameters, List<String> recipients,
        byte[] rawData, boolean tls, String authenticatedUser, int replyCode) {

    /** Copies the parts. */
    public ReceivedMessage {
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        mailParameters = mailParameters == null ? "" : mailParameters;
        recipients = List.copyOf(recipients);
        rawData = rawData.clone();
    }

    /** Returns a copy of the data octets. */
    public byte[] data() {
        return rawData.clone();
    }

    /** Returns a copy of the data octets (the record component). */
    @Override
    public byte[] rawData() {
        return rawData.clone();
    }

    /** Returns the data decoded as UTF-8. */
    public String dataAsString() {
        return new String(rawData, StandardCharsets.UTF_8);
    }

    /** Returns true when the server accepted the message with a 2xx reply. */
    public boolean accepted() {
        return replyCode >= 200 && replyCode < 300;
    }

    @Override
    public String toString() {
        return "ReceivedMessage{connection " + connectionId + ", from <" + envelopeFrom + "> to " + recipients
                + ", " + rawData.length + " octets, reply " + replyCode + (tls ? ", TLS" : "") + "}";
    }
}
