package io.directmail.transport;

/**
 * When the SMTP client protects a session with TLS (STARTTLS, RFC 3207, or implicit TLS, RFC 8314).
 */
public enum TlsPolicy {
    /**
     * Use STARTTLS when the server offers it, without checking the certificate (RFC 7435
     * opportunistic security: better than plain text against a passive listener). When the server
     * does not offer STARTTLS the session stays in plain text. When the TLS handshake fails, the
     * host is treated as failed for this attempt: the client moves on to the next target, and if
     * there is none the recipients get a temporary failure. It never falls back to plain text on a
     * connection where the handshake failed.
     */
    OPPORTUNISTIC,
    /**
     * STARTTLS must be offered and the server's certificate must be trusted by the configured
     * {@link javax.net.ssl.SSLContext} and match the target's host name. Otherwise the host is
     * treated as failed (temporary) and the client moves on to the next target. Use it for
     * smarthosts and for destinations with an MTA-STS policy in enforce mode.
     */
    REQUIRED,
    /** Never use TLS: STARTTLS is ignored even when offered. Meant for tests and trusted networks. */
    DISABLED
}
