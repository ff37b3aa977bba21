/**
 * Internal: the SMTP client behind the built-in transports. Not API; this package is not exported
 * and may change without notice. Use {@link io.directmail.transport.SmtpSettings} to configure it.
 *
 * <p>The client is a small state machine, one class per step: {@link io.directmail.internal.smtp.SmtpConnection}
 * (socket, reply reading, command writing), {@link io.directmail.internal.smtp.SessionOpener} (greeting,
 * EHLO/HELO, STARTTLS, AUTH), {@link io.directmail.internal.smtp.MailTransaction} (MAIL, RCPT, DATA),
 * {@link io.directmail.internal.smtp.ConnectionPool} (reuse per host) and
 * {@link io.directmail.internal.smtp.SmtpClient} (targets in order, outcomes per recipient).
 */
package io.directmail.internal.smtp;
