/**
 * DKIM (RFC 6376) signing keys: RSA-SHA256 and Ed25519-SHA256 (RFC 8463). A
 * {@link io.directmail.dkim.DkimKey} is loaded from PKCS#8 PEM or generated, and tells the DNS
 * TXT record to publish for it. Input that cannot become a key is refused with an
 * {@link io.directmail.dkim.InvalidDkimKeyException} that names the problem.
 *
 * <p>Signatures use relaxed/relaxed canonicalization and sign the whole body; a message may carry
 * an RSA and an Ed25519 signature side by side, so that receivers that do not know Ed25519 yet
 * still find one they can check (RFC 8463 §5).
 */
package io.directmail.dkim;
