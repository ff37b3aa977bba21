package io.directmail.dkim;

/** The DKIM signing algorithms DirectMail produces. */
public enum DkimAlgorithm {
    /** {@code rsa-sha256} (RFC 6376), with a 2048-bit key by default. */
    RSA_SHA256("rsa-sha256", "rsa"),
    /** {@code ed25519-sha256} (RFC 8463): small keys and signatures. */
    ED25519_SHA256("ed25519-sha256", "ed25519");

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /** Returns the value of the signature's {@code a=} tag, e.g. {@code rsa-sha256}. */
    public String tag() {
        return tag;
    }

    /** Returns the value of the DNS record's {@code k=} tag, e.g. {@code rsa}. */
    public String keyType() {
        return keyType;
    }
}
