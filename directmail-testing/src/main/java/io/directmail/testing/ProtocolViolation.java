package io.directmail.testing;

/**
 * Something a client did that RFC 5321 forbids, seen by a {@link ScriptedSmtpServer}: a bare CR or
 * bare LF, a line longer than 1000 octets, a command sent ahead of its turn without PIPELINING, or
 * data sent after STARTTLS before the TLS handshake.
 *
 * @param connectionId the number of the connection, from 1
 * @param description what was wrong
 */
public record ProtocolViolation(int connectionId, String description) {
}
