/**
 * DKIM (RFC 6376) signing keys: RSA-SHA256 and Ed25519-SHA256 (RFC 8463). A
 * {@link io.directmail.dkim.DkimKey} is loaded from PKCS#8 PEM or generated, and tells the DNS
 * TXT record to publish for it.
 */
package io.directmail.dkim;
