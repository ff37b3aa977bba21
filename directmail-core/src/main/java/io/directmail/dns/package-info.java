/**
 * Finding the mail exchangers of a recipient domain: the {@link io.directmail.dns.MxResolver}
 * SPI, its answer {@link io.directmail.dns.MxLookup}, and the DNS-backed built-in from
 * {@link io.directmail.dns.MxResolver#dns(DnsSettings)}, configured by
 * {@link io.directmail.dns.DnsSettings}.
 */
package io.directmail.dns;
