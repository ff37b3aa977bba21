package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.SendingDomain;
import io.directmail.account.VerificationStatus;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.dkim.DkimSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendingDomainCodecTest {

    /** A fixed Ed25519 key, so that the golden bytes stay the same. */
    static final String ED25519_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIPKKJoSiT8LAib367IladG360f+pJXaENL+6slTeZivO
            -----END PRIVATE KEY-----
            """;
    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant SIGNED = Instant.parse("2026-11-26T08:00:00Z");
    private static final byte[] MESSAGE = """
            From: Alerts <alerts@example.com>\r
            To: bob@example.org\r
            Subject: Your order has shipped\r
            Date: Thu, 26 Nov 2026 08:00:00 +0000\r
            Message-ID: <order-4711@example.com>\r
            \r
            Your order 4711 has shipped.\r
            """.getBytes(StandardCharsets.US_ASCII);

    private static final String GOLDEN = """
            01                                  # format version
            0000000b 6578616d706c652e636f6d     # name "example.com"
            00000004 61636d65                   # account "acme"
            00000001                            # 1 DKIM key
            00000003 646d31                     #   selector "dm1"
            00000077                            #   private key PEM, 119 octets:
            2d2d2d2d2d424547494e2050524956415445204b45592d2d2d2d2d0a                          # -----BEGIN PRIVATE KEY-----
            4d43344341514177425159444b3256774243494549504b4b4a6f536954384c416962333637496c61  # MC4CAQAwBQYDK2VwBCIEIPKKJoSiT8LAib367Ila
            6447333630662b704a5861454e4c2b36736c54655a69764f0a                                # dG360f+pJXaENL+6slTeZivO
            2d2d2d2d2d454e442050524956415445204b45592d2d2d2d2d0a                              # -----END PRIVATE KEY-----
            00000020 3031323334353637383961626364656630313233343536373839616263646566  # ownershipToken
            03                                  # status: failed
            0000000069a40e20 00000000           #   at 2026-03-01T10:00:00Z
            00000006 6e6f20535046               #   reason "no SPF"
            000000006955b900 00000000           # createdAt 2026-01-01T00:00:00Z
            """;

    private final DkimKey rsa = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "rsa2026");
    private final DkimKey ed25519 = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "ed2026");

    static SendingDomain goldenDomain() {
        return new SendingDomain("example.com", "acme", List.of(DkimKey.fromPem("example.com", "dm1", ED25519_PEM)), TOKEN,
                new VerificationStatus.Failed(Instant.parse("2026-03-01T10:00:00Z"), "no SPF"), CREATED);
    }

    private SendingDomain domain(VerificationStatus status) {
        return new SendingDomain("example.com", "acme", List.of(rsa, ed25519), TOKEN, status, CREATED);
    }

    private static SendingDomain roundTrip(SendingDomain domain) {
        return SendingDomainCodec.decode(SendingDomainCodec.encode(domain));
    }

    @Test
    void everyVerificationStatus_roundTrips() {
        List<VerificationStatus> statuses = List.of(new VerificationStatus.Unverified(),
                new VerificationStatus.Verified(Instant.parse("2026-02-03T04:05:06.123456789Z")),
                new VerificationStatus.Failed(Instant.parse("2026-02-04T00:00:00Z"),
                        "TXT _directmail.example.com fehlt – „directmail-verification=…“ nicht gefunden"));

        for (VerificationStatus status : statuses) {
            SendingDomain domain = domain(status);

            assertThat(roundTrip(domain)).as("%s", status).isEqualTo(domain);
            assertThat(roundTrip(domain).status()).isEqualTo(status);
        }
    }

    @Test
    void internationalisedName_roundTrips_inItsAsciiForm() {
        DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "xn--bcher-kva.example", "s1");
        SendingDomain domain = new SendingDomain("bücher.example", "acme", List.of(key), TOKEN,
                new VerificationStatus.Unverified(), CREATED);

        SendingDomain decoded = roundTrip(domain);

        assertThat(decoded).isEqualTo(domain);
        assertThat(decoded.name()).isEqualTo("xn--bcher-kva.example");
        assertThat(decoded.unicodeName()).isEqualTo("bücher.example");
    }

    @Test
    void decodedKeys_signExactlyAsTheOriginals_rsaAndEd25519() {
        SendingDomain decoded = roundTrip(domain(new VerificationStatus.Unverified()));

        assertThat(decoded.dkimKeys()).extracting(DkimKey::algorithm)
                .containsExactly(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
        assertThat(decoded.dkimKeys()).extracting(DkimKey::dnsTxtValue)
                .containsExactly(rsa.dnsTxtValue(), ed25519.dnsTxtValue());
        // Both signatures are deterministic: the same key over the same message gives the same bytes.
        byte[] before = new DkimSigner(List.of(rsa, ed25519)).sign(MESSAGE, SIGNED);
        byte[] after = new DkimSigner(decoded.dkimKeys()).sign(MESSAGE, SIGNED);
        assertThat(after).isEqualTo(before);
        DkimKey otherKey = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "ed2026");
        assertThat(new DkimSigner(List.of(rsa, otherKey)).sign(MESSAGE, SIGNED)).isNotEqualTo(before);
    }

    @Test
    void decodedPrivateKeys_makeSignaturesTheOriginalPublicKeysAccept() throws GeneralSecurityException {
        SendingDomain decoded = roundTrip(domain(new VerificationStatus.Unverified()));

        assertThat(verifies("SHA256withRSA", rsa, decoded.dkimKeys().get(0))).isTrue();
        assertThat(verifies("Ed25519", ed25519, decoded.dkimKeys().get(1))).isTrue();
    }

    private static boolean verifies(String algorithm, DkimKey original, DkimKey decoded) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(decoded.privateKey());
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(original.publicKey());
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        byte[] golden = GoldenBytes.parse(GOLDEN);

        assertThat(GoldenBytes.hex(SendingDomainCodec.encode(goldenDomain()))).isEqualTo(GoldenBytes.hex(golden));
        SendingDomain decoded = SendingDomainCodec.decode(golden);
        assertThat(decoded).isEqualTo(goldenDomain());
        assertThat(decoded.dkimKeys().get(0).privateKeyPem()).isEqualTo(ED25519_PEM);
    }

    @Test
    void unknownStatusTag_isRefused() {
        byte[] bytes = SendingDomainCodec.encode(goldenDomain());
        int statusOffset = bytes.length - 12 - (4 + "no SPF".length()) - 12 - 1;   // createdAt, reason, failed at, tag
        assertThat(bytes[statusOffset]).isEqualTo((byte) 3);

        for (int tag : new int[] {0, 4}) {
            bytes[statusOffset] = (byte) tag;
            assertThatThrownBy(() -> SendingDomainCodec.decode(bytes))
                    .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.offset()).isEqualTo(statusOffset))
                    .hasMessageContaining("status tag " + tag + " is unknown");
        }
    }

    @Test
    void keyThatIsNotAKey_isRefused_namingIt() {
        FieldWriter out = new FieldWriter("sending domain", 1, 0);
        out.string("name", "example.com");
        out.string("account", "acme");
        out.i32(1);
        out.string("selector", "dm1");
        out.string("pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        out.string("token", TOKEN);
        out.u8(1);
        out.instant(CREATED);

        assertThatThrownBy(() -> SendingDomainCodec.decode(out.toByteArray()))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.kind()).isEqualTo("sending domain"))
                .hasMessageContaining("the fields do not make a valid DKIM key 0");
    }

    @Test
    void fieldsTheDomainRefuses_areReportedAsCorruption() {
        FieldWriter out = new FieldWriter("sending domain", 1, 0);
        out.string("name", "example.com");
        out.string("account", "acme");
        out.i32(0);
        out.string("token", TOKEN);
        out.u8(1);
        out.instant(CREATED);

        assertThatThrownBy(() -> SendingDomainCodec.decode(out.toByteArray()))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("a sending domain needs at least one DKIM key");
    }

    @Test
    void damagedRecords_areRefusedAsCorruption() {
        DamagedRecords.assertRefused("sending domain", SendingDomainCodec.encode(goldenDomain()), SendingDomainCodec::decode);
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> SendingDomainCodec.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SendingDomainCodec.decode(null)).isInstanceOf(NullPointerException.class);
    }
}
