package io.directmail.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A DKIM signing key (RFC 6376): the signing domain ({@code d=}), the selector ({@code s=}), the
 * algorithm and the key pair. It also tells the DNS record that receivers look the public key up
 * in: {@link #dnsName()} and {@link #dnsTxtValue()}.
 *
 * <p>Make one with {@link #generate(DkimAlgorithm, String, String)} (a fresh RSA-2048 or Ed25519
 * key; keep {@link #privateKeyPem()} to load it again later) or from an unencrypted PKCS#8 PEM
 * private key with {@link #fromPem(String, String, String)}, as written by
 * {@code openssl genpkey -algorithm ed25519} or {@code openssl genpkey -algorithm rsa
 * -pkeyopt rsa_keygen_bits:2048}. The algorithm follows from the key.
 *
 * <p>The domain and the selector are ASCII DNS names (an internationalized domain in its
 * {@code xn--} A-label form) and are kept in lower case; the domain needs at least two labels and
 * may end in one dot, which is dropped. RSA keys must have 1,024 to 4,096 bits (RFC 8301);
 * 2,048 is recommended and generated.
 *
 * <p>Instances are immutable and thread-safe. Equal keys have the same domain, selector and key
 * pair. {@link #toString()} never shows key material; do not log {@link #privateKeyPem()}.
 */
public final class DkimKey {
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 253;

    private final String domain;
    private final String selector;
    private final DkimKeyPair keyPair;
    private final String dnsTxtValue;

    private DkimKey(String domain, String selector, DkimKeyPair keyPair) {
        this.domain = domain;
        this.selector = selector;
        this.keyPair = keyPair;
        this.dnsTxtValue = "v=DKIM1; k=" + keyPair.algorithm().keyType() + "; p="
                + Base64.getEncoder().encodeToString(keyPair.dnsPublicKey());
        if (dnsName().length() > MAX_NAME) {
            throw new InvalidDkimKeyException("DKIM record name '" + dnsName() + "' is longer than "
                    + MAX_NAME + " characters; use a shorter selector");
        }
    }

    /**
     * Generates a new key: RSA with 2,048 bits or Ed25519.
     *
     * @param algorithm the signing algorithm
     * @param domain the signing domain, e.g. {@code example.com}
     * @param selector the selector, e.g. {@code dm2026}
     * @return the new key
     * @throws InvalidDkimKeyException if the domain or the selector is not a valid DNS name
     */
    public static DkimKey generate(DkimAlgorithm algorithm, String domain, String selector) {
        Objects.requireNonNull(algorithm, "algorithm");
        String validDomain = domain(domain);
        String validSelector = selector(selector);
        return new DkimKey(validDomain, validSelector, DkimKeyPair.generate(algorithm));
    }

    /**
     * Loads a key from the PEM text of an unencrypted PKCS#8 private key
     * ({@code -----BEGIN PRIVATE KEY-----}), RSA or Ed25519. The public key is derived from it.
     *
     * @param domain the signing domain, e.g. {@code example.com}
     * @param selector the selector, e.g. {@code dm2026}
     * @param pkcs8Pem the PEM text; text around the block is ignored
     * @return the key
     * @throws InvalidDkimKeyException if the names are not valid DNS names, the text is not a
     *     PKCS#8 PEM private key, the key is neither RSA nor Ed25519, or an RSA key is shorter than
     *     1,024 or longer than 4,096 bits
     */
    public static DkimKey fromPem(String domain, String selector, String pkcs8Pem) {
        String validDomain = domain(domain);
        String validSelector = selector(selector);
        return new DkimKey(validDomain, validSelector, DkimKeyPair.fromPkcs8(Pkcs8Pem.decode(pkcs8Pem)));
    }

    /**
     * Loads a key from a PEM file; see {@link #fromPem(String, String, String)}.
     *
     * @param domain the signing domain
     * @param selector the selector
     * @param pkcs8PemFile a file holding the PEM text, in ASCII or UTF-8
     * @return the key
     * @throws InvalidDkimKeyException if the file cannot be read, or for the reasons
     *     {@link #fromPem(String, String, String)} gives
     */
    public static DkimKey fromPem(String domain, String selector, Path pkcs8PemFile) {
        Objects.requireNonNull(pkcs8PemFile, "pkcs8PemFile");
        String pem;
        try {
            pem = Files.readString(pkcs8PemFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDkimKeyException("cannot read DKIM private key file " + pkcs8PemFile + ": " + e, e);
        }
        return fromPem(domain, selector, pem);
    }

    /** Returns the signing domain, the signature's {@code d=} tag, in lower case. */
    public String domain() {
        return domain;
    }

    /** Returns the selector, the signature's {@code s=} tag, in lower case. */
    public String selector() {
        return selector;
    }

    /** Returns the signing algorithm, which follows from the key type. */
    public DkimAlgorithm algorithm() {
        return keyPair.algorithm();
    }

    /**
     * Returns the name of the DNS TXT record that holds the public key:
     * {@code <selector>._domainkey.<domain>}.
     */
    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    /**
     * Returns the value of the DNS TXT record to publish at {@link #dnsName()}:
     * {@code v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>} for RSA, or
     * {@code v=DKIM1; k=ed25519; p=<base64 of the raw 32-byte key>} for Ed25519 (RFC 8463 §4.2).
     * An RSA-2048 value is longer than the 255 octets of one DNS character-string: publish it as
     * several strings of one TXT record, which receivers join without spaces.
     */
    public String dnsTxtValue() {
        return dnsTxtValue;
    }

    /**
     * Returns the private key as unencrypted PKCS#8 PEM text, for storing a generated key. This is
     * a secret: keep it out of logs.
     */
    public String privateKeyPem() {
        return Pkcs8Pem.encode(keyPair.privateKey().getEncoded());
    }

    /** Returns the private key ({@code RSAPrivateCrtKey} or {@code EdECPrivateKey}). A secret. */
    public PrivateKey privateKey() {
        return keyPair.privateKey();
    }

    /** Returns the public key, derived from the private key. */
    public PublicKey publicKey() {
        return keyPair.publicKey();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DkimKey that
                && domain.equals(that.domain)
                && selector.equals(that.selector)
                && dnsTxtValue.equals(that.dnsTxtValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, selector, dnsTxtValue);
    }

    /** Returns the algorithm and the DNS name, e.g. {@code DkimKey[ed25519-sha256 s1._domainkey.example.com]}. */
    @Override
    public String toString() {
        return "DkimKey[" + keyPair.algorithm().tag() + " " + dnsName() + "]";
    }

    private static String domain(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new InvalidDkimKeyException("DKIM signing domain is empty");
        }
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        String problem = dnsNameProblem(name);
        if (problem == null && name.indexOf('.') < 0) {
            problem = "it needs at least two labels, like example.com";
        }
        if (problem != null) {
            throw new InvalidDkimKeyException("DKIM signing domain '" + domain + "' is invalid: " + problem);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String selector(String selector) {
        if (selector == null || selector.isEmpty()) {
            throw new InvalidDkimKeyException("DKIM selector is empty");
        }
        String problem = dnsNameProblem(selector);
        if (problem != null) {
            throw new InvalidDkimKeyException("DKIM selector '" + selector + "' is invalid: " + problem);
        }
        return selector.toLowerCase(Locale.ROOT);
    }

    /**
     * Returns why {@code name} is not a dot-separated list of RFC 6376 {@code sub-domain}s (letters,
     * digits and inner hyphens, 1 to 63 characters each), or {@code null} if it is one.
     */
    private static String dnsNameProblem(String name) {
        if (name.length() > MAX_NAME) {
            return "longer than " + MAX_NAME + " characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0) {
                    return "empty label";
                }
                if (length > MAX_LABEL) {
                    return "label '" + name.substring(labelStart, i) + "' is longer than " + MAX_LABEL + " characters";
                }
                if (name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return "label '" + name.substring(labelStart, i) + "' starts or ends with '-'";
                }
                labelStart = i + 1;
            } else if (c > 0x7f) {
                return "non-ASCII character '" + c + "'; use the xn-- A-label form of the name";
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return "character '" + printable(c) + "' is not allowed; use letters, digits, '-' and '.'";
            }
        }
        return null;
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
