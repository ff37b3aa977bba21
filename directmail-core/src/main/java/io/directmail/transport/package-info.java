/**
 * How a composed, signed message leaves the process: the {@link io.directmail.transport.Transport}
 * SPI, the {@link io.directmail.transport.OutboundMessage} it carries, the per-recipient
 * {@link io.directmail.transport.RecipientOutcome} it reports, and the SMTP client settings.
 */
package io.directmail.transport;
