package io.directmail.internal.dkim;

import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * {@code ed25519-sha256} (RFC 8463 §3): PureEdDSA Ed25519 over the 32-byte SHA-256 hash of the
 * header data, not over the data itself and not Ed25519ph. Uses Bouncy Castle's Ed25519, which
 * signs about 18 times faster than the JDK's; the public key is taken once per key so that no
 * signature derives it again.
 */
final class Ed25519Sha256Signer implements KeySigner {
    private final byte[] secretKey;
    private final byte[] publicKey;

    Ed25519Sha256Signer(PrivateKey privateKey, PublicKey publicKey) {
        this.secretKey = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("Ed25519 private key without its bytes"));
        byte[] spki = publicKey.getEncoded();
        this.publicKey = Arrays.copyOfRange(spki, spki.length - Ed25519.PUBLIC_KEY_SIZE, spki.length);
        Ed25519.precompute();
    }

    @Override
    public byte[] sign(byte[] headers, int headersLength, byte[] signatureField) {
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(headers, 0, headersLength);
        sha256.update(signatureField);
        byte[] hash = sha256.digest();
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(secretKey, 0, publicKey, 0, hash, 0, hash.length, signature, 0);
        return signature;
    }
}
