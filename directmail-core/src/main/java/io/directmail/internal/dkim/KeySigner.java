package io.directmail.internal.dkim;

import io.directmail.dkim.DkimKey;

/**
 * Signs the canonicalized header data of one DKIM signature with one key. Implementations are
 * made once per key, hold whatever they can precompute, and are thread-safe.
 */
sealed interface KeySigner permits RsaSha256Signer, Ed25519Sha256Signer {

    /** Returns the signer for {@code key}'s algorithm. */
    static KeySigner of(DkimKey key) {
        return switch (key.algorithm()) {
            case RSA_SHA256 -> new RsaSha256Signer(key.privateKey());
            case ED25519_SHA256 -> new Ed25519Sha256Signer(key.privateKey(), key.publicKey());
        };
    }

    /**
     * Returns the signature over the canonical signed header fields followed by the canonical
     * DKIM-Signature field with an empty {@code b=} tag.
     *
     * @param headers the canonical signed header fields, each ending in CRLF
     * @param headersLength how many bytes of {@code headers} to use
     * @param signatureField the canonical DKIM-Signature field, without a trailing CRLF
     */
    byte[] sign(byte[] headers, int headersLength, byte[] signatureField);
}
