package io.directmail.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DkimKeyTest {
    /** The Ed25519 key of RFC 8463 Appendix A (the secret key of RFC 8032 §7.1, test 1). */
    static final String RFC8463_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;
    static final String RFC8463_TXT = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private final DkimKey rsa = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "rsa1");

    @Test
    void fromPem_derivesTheEd25519PublicKeyOfRfc8463() {
        DkimKey key = DkimKey.fromPem("football.example.com", "brisbane", RFC8463_PEM);

        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        assertThat(key.dnsName()).isEqualTo("brisbane._domainkey.football.example.com");
        assertThat(key.dnsTxtValue()).isEqualTo(RFC8463_TXT);
    }

    @Test
    void dnsTxtValue_ofAnRsaKeyIsTheSubjectPublicKeyInfo() throws Exception {
        assertThat(rsa.dnsTxtValue()).matches("v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*");

        byte[] spki = Base64.getDecoder().decode(rsa.dnsTxtValue().substring("v=DKIM1; k=rsa; p=".length()));
        RSAPublicKey published = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
        assertThat(published.getModulus().bitLength()).isEqualTo(2048);
        assertThat(published).isEqualTo(rsa.publicKey());
        assertThat(published.getModulus()).isEqualTo(((RSAPrivateCrtKey) rsa.privateKey()).getModulus());
    }

    @Test
    void dnsTxtValue_ofAnEd25519KeyIsTheRaw32ByteKey() {
        DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "ed1");

        assertThat(key.dnsTxtValue()).matches("v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=");
        byte[] raw = Base64.getDecoder().decode(key.dnsTxtValue().substring("v=DKIM1; k=ed25519; p=".length()));
        byte[] spki = key.publicKey().getEncoded();
        assertThat(raw).hasSize(32).isEqualTo(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void privateKeyPem_loadsBackAsTheSameKey(DkimAlgorithm algorithm) {
        DkimKey generated = DkimKey.generate(algorithm, "example.com", "s1");

        String pem = generated.privateKeyPem();
        DkimKey loaded = DkimKey.fromPem("example.com", "s1", pem);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(pem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(loaded.algorithm()).isEqualTo(algorithm);
        assertThat(loaded.dnsTxtValue()).isEqualTo(generated.dnsTxtValue());
        assertThat(loaded).isEqualTo(generated).hasSameHashCodeAs(generated);
        assertThat(loaded.privateKeyPem()).isEqualTo(pem);
    }

    @Test
    void fromPem_readsAFileAndIgnoresTextAroundTheBlock(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dkim.pem");
        Files.writeString(file, "Key for football.example.com\r\n" + RFC8463_PEM.replace("\n", "\r\n") + "trailer\n");

        assertThat(DkimKey.fromPem("football.example.com", "brisbane", file).dnsTxtValue()).isEqualTo(RFC8463_TXT);
    }

    /** Keys written by OpenSSL 3.0 (openssl genpkey; openssl pkey -pubout for the public halves). */
    @ParameterizedTest
    @CsvSource({"openssl-rsa2048, RSA_SHA256", "openssl-ed25519, ED25519_SHA256"})
    void fromPem_loadsAKeyWrittenByOpenSslAndDerivesTheSamePublicKey(String name, DkimAlgorithm algorithm)
            throws Exception {
        DkimKey key = DkimKey.fromPem("example.com", "s1", resource(name + ".pem"));

        byte[] spki = Base64.getDecoder().decode(Files.readString(resource(name + ".pub.pem"))
                .replaceAll("(?s).*-----BEGIN PUBLIC KEY-----|-----END PUBLIC KEY-----.*|\\s", ""));
        byte[] published = algorithm == DkimAlgorithm.RSA_SHA256
                ? spki : Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(key.dnsTxtValue())
                .isEqualTo("v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(published));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "openssl-rsa2048-pkcs1.pem     | openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem",
        "openssl-ed25519-encrypted.pem | DKIM private key is encrypted",
        "openssl-ed25519.pub.pem       | PEM holds a public key",
    })
    void fromPem_explainsOtherKindsOfOpenSslFiles(String file, String expectedMessagePart) throws Exception {
        Path path = resource(file);

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", path))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    @Test
    void fromPem_ofAMissingFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", missing))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining("cannot read DKIM private key file " + missing);
    }

    @Test
    void fromPem_acceptsAnEd25519KeyThatCarriesItsPublicKey() throws IOException {
        byte[] seed = seedOf(RFC8463_PEM);
        byte[] publicKey = Base64.getDecoder().decode(RFC8463_TXT.substring(RFC8463_TXT.indexOf("p=") + 2));

        DkimKey key = DkimKey.fromPem("example.com", "s1", ed25519Pem(seed, publicKey));

        assertThat(key.dnsTxtValue()).isEqualTo(RFC8463_TXT);
    }

    @Test
    void fromPem_refusesAnEd25519KeyWhoseEmbeddedPublicKeyIsAnotherOne() throws IOException {
        byte[] seed = seedOf(RFC8463_PEM);
        byte[] wrong = new byte[32];

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", ed25519Pem(seed, wrong)))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining("public key that does not belong to its private key");
    }

    @Test
    void fromPem_refusesAnRsaKeyOf512Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);
        String pem = pem(generator.generateKeyPair().getPrivate().getEncoded());

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", pem))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM RSA key has 512 bits; DKIM needs at least 1024 (RFC 8301), 2048 recommended");
    }

    @Test
    void fromPem_acceptsAnRsaKeyOf1024Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);

        DkimKey key = DkimKey.fromPem("example.com", "s1", pem(generator.generateKeyPair().getPrivate().getEncoded()));

        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
    }

    @Test
    void fromPem_refusesAnRsaKeyWithoutCrtParameters() throws Exception {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) rsa.privateKey();
        byte[] der = KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateKeySpec(crt.getModulus(), crt.getPrivateExponent())).getEncoded();

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", pem(der)))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining("public key cannot be derived");
    }

    @Test
    void fromPem_refusesAnEcKeyNamingItsType() throws Exception {
        String pem = pem(KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded());

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", pem))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM private key has type EC (ECDSA); DKIM signs with RSA (rsa-sha256) or Ed25519"
                        + " (ed25519-sha256) keys");
    }

    @Test
    void fromPem_refusesAnEd448Key() throws Exception {
        String pem = pem(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate().getEncoded());

        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", pem))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining("type Ed448");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                                                              | DKIM private key PEM is empty",
        "'hello'                                                         | DKIM private key is not PEM",
        "'-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----' | openssl pkcs8 -topk8 -nocrypt",
        "'-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----' | is encrypted",
        "'-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'   | DKIM signing needs the private key",
        "'-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' | labelled 'CERTIFICATE'",
        "'-----BEGIN PRIVATE KEY-----\nMC4CAQAw'                        | has no line '-----END PRIVATE KEY-----'",
        "'-----BEGIN PRIVATE KEY-----\nMC4C*QAw\n-----END PRIVATE KEY-----' | not valid base64",
        "'-----BEGIN PRIVATE KEY-----\n\n-----END PRIVATE KEY-----'      | PEM block is empty",
        "'-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' | does not hold a PKCS#8 PrivateKeyInfo",
        "'-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v\n-----END PRIVATE KEY-----' | does not hold a PKCS#8",
    })
    void fromPem_refusesTextThatIsNotAPkcs8PrivateKey(String pem, String expectedMessagePart) {
        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", pem.replace("\\n", "\n")))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    @Test
    void fromPem_refusesNull() {
        assertThatThrownBy(() -> DkimKey.fromPem("example.com", "s1", (String) null))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM private key PEM is empty");
    }

    @Test
    void names_areKeptInLowerCaseWithoutATrailingDot() {
        DkimKey key = DkimKey.fromPem("Mail.Example.COM.", "DM-2026", RFC8463_PEM);

        assertThat(key.domain()).isEqualTo("mail.example.com");
        assertThat(key.selector()).isEqualTo("dm-2026");
        assertThat(key.dnsName()).isEqualTo("dm-2026._domainkey.mail.example.com");
    }

    @Test
    void selector_mayHaveSeveralLabels() {
        assertThat(DkimKey.fromPem("example.com", "2026.eu", RFC8463_PEM).dnsName())
                .isEqualTo("2026.eu._domainkey.example.com");
    }

    @ParameterizedTest(name = "[{index}] domain ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL                 | DKIM signing domain is empty",
        "''                   | DKIM signing domain is empty",
        "localhost            | DKIM signing domain 'localhost' is invalid: it needs at least two labels",
        "example..com         | 'example..com' is invalid: empty label",
        ".example.com         | empty label",
        "-bad.example.com     | label '-bad' starts or ends with '-'",
        "bad-.example.com     | starts or ends with '-'",
        "exa_mple.com         | character '_' is not allowed",
        "'exa mple.com'       | character ' ' is not allowed",
        "bücher.example       | non-ASCII character 'ü'; use the xn-- A-label form",
        "'example.com\r\nX: y'  | is not allowed",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com | is longer than 63 characters",
    })
    void domain_mustBeAnAsciiDnsName(String domain, String expectedMessagePart) {
        String value = domain == null ? null : domain.replace("\\r", "\r").replace("\\n", "\n");
        assertThatThrownBy(() -> DkimKey.fromPem(value, "s1", RFC8463_PEM))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    @ParameterizedTest(name = "[{index}] selector ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL      | DKIM selector is empty",
        "''        | DKIM selector is empty",
        "sel_1     | DKIM selector 'sel_1' is invalid: character '_' is not allowed",
        "'s 1'     | character ' ' is not allowed",
        "s1.       | empty label",
        "s1;k=rsa  | character ';' is not allowed",
        "-s1       | starts or ends with '-'",
    })
    void selector_mustBeDnsLabels(String selector, String expectedMessagePart) {
        assertThatThrownBy(() -> DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", selector))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    @Test
    void dnsName_longerThan253CharactersIsRefused() {
        String label = "a".repeat(63);
        String selector = label + "." + label + "." + label;

        assertThatThrownBy(() -> DkimKey.fromPem(label + ".com", selector, RFC8463_PEM))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining("is longer than 253 characters; use a shorter selector");
    }

    @Test
    void toString_showsNoKeyMaterial() {
        DkimKey ed25519 = DkimKey.fromPem("example.com", "s1", RFC8463_PEM);

        assertThat(ed25519).hasToString("DkimKey[ed25519-sha256 s1._domainkey.example.com]");
        assertThat(rsa).hasToString("DkimKey[rsa-sha256 rsa1._domainkey.example.com]");
    }

    @Test
    void equals_dependsOnNamesAndKey() {
        DkimKey key = DkimKey.fromPem("example.com", "s1", RFC8463_PEM);

        assertThat(key).isEqualTo(DkimKey.fromPem("EXAMPLE.com", "S1", RFC8463_PEM));
        assertThat(key).isNotEqualTo(DkimKey.fromPem("example.com", "s2", RFC8463_PEM));
        assertThat(key).isNotEqualTo(DkimKey.fromPem("example.org", "s1", RFC8463_PEM));
        assertThat(key).isNotEqualTo(DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "s1"));
    }

    @Test
    void generate_makesA2048BitRsaKey() {
        assertThat(((RSAPrivateCrtKey) rsa.privateKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(((RSAPrivateCrtKey) rsa.privateKey()).getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
    }

    private static Path resource(String name) throws Exception {
        return Path.of(DkimKeyTest.class.getResource(name).toURI());
    }

    private static byte[] seedOf(String pem) throws IOException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(Base64.getDecoder().decode(base64));
        return DEROctetString.getInstance(info.parsePrivateKey()).getOctets();
    }

    /** A PKCS#8 v2 (RFC 5958 OneAsymmetricKey) Ed25519 key with its public key. */
    private static String ed25519Pem(byte[] seed, byte[] publicKey) throws IOException {
        PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112")),
                new DEROctetString(seed), null, publicKey);
        return pem(info.getEncoded());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }
}
