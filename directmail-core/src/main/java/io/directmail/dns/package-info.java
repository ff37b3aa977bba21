/**
 * Finding the mail exchangers of a recipient domain: the {@link io.directmail.dns.MxResolver}
 * SPI and its DNS-backed built-in.
 */
package io.directmail.dns;
