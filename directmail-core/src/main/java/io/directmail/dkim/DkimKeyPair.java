package io.directmail.dkim;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The key material of a {@link DkimKey}: the JCA private and public keys and the bytes published
 * in the DNS record's {@code p=} tag. Made from PKCS#8 DER or generated; checks that DKIM can
 * sign with the key (RFC 8301 key sizes, RFC 8463 key type).
 */
final class DkimKeyPair {
    static final int MIN_RSA_BITS = 1024;
    static final int MAX_RSA_BITS = 4096;
    static final int GENERATED_RSA_BITS = 2048;

    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String ED25519_OID = "1.3.101.112";
    private static final Map<String, String> OTHER_KEY_TYPES = Map.of(
            "1.2.840.10045.2.1", "EC (ECDSA)",
            "1.3.101.113", "Ed448",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10040.4.1", "DSA");
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private final DkimAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] dnsPublicKey;

    private DkimKeyPair(DkimAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey,
            byte[] dnsPublicKey) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.dnsPublicKey = dnsPublicKey;
    }

    DkimAlgorithm algorithm() {
        return algorithm;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    PublicKey publicKey() {
        return publicKey;
    }

    /** The {@code p=} bytes: SubjectPublicKeyInfo for RSA, the raw 32-byte key for Ed25519. */
    byte[] dnsPublicKey() {
        return dnsPublicKey.clone();
    }

    static DkimKeyPair generate(DkimAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case RSA_SHA256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(GENERATED_RSA_BITS);
                    KeyPair pair = generator.generateKeyPair();
                    yield rsa((RSAPrivateKey) pair.getPrivate());
                }
                case ED25519_SHA256 -> {
                    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
                    Ed25519.generatePrivateKey(new SecureRandom(), seed);
                    yield ed25519(seed, null);
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + algorithm + " keys", e);
        }
    }

    static DkimKeyPair fromPkcs8(byte[] der) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new InvalidDkimKeyException("DKIM private key PEM does not hold a PKCS#8 PrivateKeyInfo", e);
        }
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        try {
            return switch (oid) {
                case RSA_OID -> rsa((RSAPrivateKey) KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(der)));
                case ED25519_OID -> ed25519(ed25519Seed(info), info.getPublicKeyData());
                default -> throw new InvalidDkimKeyException("DKIM private key has type "
                        + OTHER_KEY_TYPES.getOrDefault(oid, "OID " + oid)
                        + "; DKIM signs with RSA (rsa-sha256) or Ed25519 (ed25519-sha256) keys");
            };
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new InvalidDkimKeyException("DKIM private key PEM holds a malformed " + algorithmName(oid)
                    + " key", e);
        }
    }

    private static String algorithmName(String oid) {
        return oid.equals(RSA_OID) ? "RSA" : "Ed25519";
    }

    private static byte[] ed25519Seed(PrivateKeyInfo info) {
        byte[] seed;
        try {
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (IOException | RuntimeException e) {
            throw new InvalidDkimKeyException("DKIM private key PEM holds a malformed Ed25519 key", e);
        }
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new InvalidDkimKeyException("DKIM Ed25519 private key has " + seed.length
                    + " bytes; expected " + Ed25519.SECRET_KEY_SIZE);
        }
        return seed;
    }

    private static DkimKeyPair rsa(RSAPrivateKey key) throws GeneralSecurityException {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new InvalidDkimKeyException("DKIM RSA key has " + bits + " bits; DKIM needs at least "
                    + MIN_RSA_BITS + " (RFC 8301), " + GENERATED_RSA_BITS + " recommended");
        }
        if (bits > MAX_RSA_BITS) {
            throw new InvalidDkimKeyException("DKIM RSA key has " + bits + " bits; receivers only promise"
                    + " to verify up to " + MAX_RSA_BITS + " (RFC 8301), " + GENERATED_RSA_BITS + " recommended");
        }
        if (!(key instanceof RSAPrivateCrtKey crt) || BigInteger.ZERO.equals(crt.getPublicExponent())) {
            throw new InvalidDkimKeyException("DKIM RSA private key lacks its public exponent (CRT"
                    + " parameters), so its public key cannot be derived");
        }
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new DkimKeyPair(DkimAlgorithm.RSA_SHA256, crt, publicKey, publicKey.getEncoded());
    }

    private static DkimKeyPair ed25519(byte[] seed, ASN1BitString embeddedPublicKey)
            throws GeneralSecurityException {
        byte[] raw = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, raw, 0);
        if (embeddedPublicKey != null && !Arrays.equals(raw, embeddedPublicKey.getOctets())) {
            throw new InvalidDkimKeyException("DKIM Ed25519 PEM holds a public key that does not belong"
                    + " to its private key");
        }
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
        return new DkimKeyPair(DkimAlgorithm.ED25519_SHA256, privateKey, publicKey, raw);
    }
}
