package io.directmail.testing;

/**
 * The points of an SMTP session at which a {@link ScriptedSmtpServer} can be scripted to reply
 * differently, drop the connection or stall.
 */
public enum SmtpStage {
    /** The 220 greeting, right after the connection is accepted (or after the implicit TLS handshake). */
    GREETING,
    /** The reply to EHLO. */
    EHLO,
    /** The reply to HELO. */
    HELO,
    /** The reply to STARTTLS. */
    STARTTLS,
    /** The final reply to AUTH (after any SASL exchange). */
    AUTH,
    /** The reply to MAIL FROM. */
    MAIL,
    /** The reply to RCPT TO. */
    RCPT,
    /** The reply to the DATA command (normally 354). */
    DATA,
    /** The reply after the message content and its final dot (normally 250); the message is recorded first. */
    DATA_END,
    /** The reply to RSET. */
    RSET,
    /** The reply to NOOP. */
    NOOP,
    /** The reply to QUIT. */
    QUIT
}
