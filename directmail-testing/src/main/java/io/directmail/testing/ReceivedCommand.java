package io.directmail.testing;

/**
 * A command line a {@link ScriptedSmtpServer} received, in order of arrival.
 *
 * @param connectionId the number of the connection, from 1
 * @param line the command line without its CRLF (AUTH payloads included: this is a test server)
 * @param pipelined true when more input was already waiting when this command was read, that is
 *     the client sent it together with the next command (RFC 2920 pipelining)
 * @param tls true when the command arrived over TLS
 */
public record ReceivedCommand(int connectionId, String line, boolean pipelined, boolean tls) {

    /** Returns the command verb in upper case, such as {@code MAIL}. */
    public String verb() {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
    }
}
