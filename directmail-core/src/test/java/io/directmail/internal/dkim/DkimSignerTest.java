package io.directmail.internal.dkim;

import static io.directmail.testsupport.DkimVerifyTool.assertFails;
import static io.directmail.testsupport.DkimVerifyTool.assertPasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.testsupport.DkimVerifyTool.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every signed message here is checked by the independent verifier dkim-verify (dkimpy). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DkimSignerTest {
    private static final Instant SIGNING_TIME = Instant.parse("2026-11-26T08:00:00Z");

    private final DkimKey rsa = DkimKey.generate(DkimAlgorithm.RSA_SHA256, "example.com", "rsa2026");
    private final DkimKey ed25519 = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "ed2026");

    enum Signing { RSA, ED25519, DUAL }

    private List<DkimKey> keys(Signing signing) {
        return switch (signing) {
            case RSA -> List.of(rsa);
            case ED25519 -> List.of(ed25519);
            case DUAL -> List.of(rsa, ed25519);
        };
    }

    private byte[] sign(Signing signing, byte[] message) {
        return new DkimSigner(keys(signing)).sign(message, SIGNING_TIME);
    }

    private VerifyResult signAndVerify(Signing signing, byte[] message) {
        byte[] signed = sign(signing, message);
        VerifyResult result = assertPasses(signed, keys(signing).toArray(DkimKey[]::new));
        assertThat(result.signatureLines()).hasSize(keys(signing).size());
        assertThat(Arrays.copyOfRange(signed, signed.length - message.length, signed.length)).isEqualTo(message);
        return result;
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void plainAsciiMessage_passes(Signing signing) {
        signAndVerify(signing, TestMessages.plainAscii());
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void encodedAndFoldedNonAsciiSubject_passes(Signing signing) throws Exception {
        byte[] message = TestMessages.nonAsciiSubject();
        assertThat(text(message)).contains("Subject: =?UTF-8?").containsPattern("Subject: [^\r]*\r\n [^\r]*");

        signAndVerify(signing, message);
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void multipartWithBase64Attachment_passes(Signing signing) throws Exception {
        byte[] message = TestMessages.multipartWithAttachment();
        assertThat(text(message)).contains("multipart/mixed", "Content-Transfer-Encoding: base64");

        signAndVerify(signing, message);
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void longQuotedPrintableLines_pass(Signing signing) throws Exception {
        byte[] message = TestMessages.longLinesQuotedPrintable();
        assertThat(text(message)).contains("Content-Transfer-Encoding: quoted-printable", "=\r\n");

        signAndVerify(signing, message);
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void foldedHeadersWithOddWhitespaceAndCase_pass(Signing signing) {
        VerifyResult result = signAndVerify(signing, TestMessages.oddHeaders());

        assertThat(signedHeaders(result)).containsExactly(
                "From", "From", "Subject", "Date", "To", "Message-ID", "Content-Type");
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void listUnsubscribeAndItsPost_areSigned(Signing signing) {
        VerifyResult result = signAndVerify(signing, TestMessages.listUnsubscribe());

        assertThat(signedHeaders(result)).contains("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id",
                "Feedback-ID");
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void emptyBody_passes(Signing signing) {
        signAndVerify(signing, TestMessages.emptyBody());
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void messageWithoutEmptyLineOrBody_passes(Signing signing) {
        signAndVerify(signing, TestMessages.headersOnly());
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void bodyWithTrailingBlankLines_passes(Signing signing) {
        signAndVerify(signing, TestMessages.trailingBlankLines());
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void repeatedHeaderFields_areAllSigned(Signing signing) {
        VerifyResult result = signAndVerify(signing, TestMessages.repeatedHeaders());

        assertThat(signedHeaders(result)).containsExactly("From", "From", "Subject", "To", "To", "Cc", "Cc");
    }

    @Test
    void tamperedBody_failsBothSignatures() {
        byte[] signed = sign(Signing.DUAL, TestMessages.plainAscii());

        assertAllFail(assertFails(replace(signed, "order 4711", "order 4712"), rsa, ed25519));
    }

    @Test
    void tamperedSubject_failsBothSignatures() {
        byte[] signed = sign(Signing.DUAL, TestMessages.plainAscii());

        assertAllFail(assertFails(replace(signed, "Subject: Your order", "Subject: Our order"), rsa, ed25519));
    }

    @Test
    void fromAddedAfterSigning_failsBothSignatures() {
        byte[] signed = sign(Signing.DUAL, TestMessages.plainAscii());

        assertAllFail(assertFails(concat("From: mallory@example.net\r\n", signed), rsa, ed25519));
    }

    @Test
    void changingTheUpperOfTwoInstances_fails() {
        byte[] signed = sign(Signing.ED25519, TestMessages.repeatedHeaders());

        assertFails(replace(signed, "To: bob@", "To: eve@"), ed25519);
    }

    @Test
    void receivedFieldsAddedInTransit_keepThePass() {
        byte[] signed = sign(Signing.DUAL, TestMessages.plainAscii());

        byte[] relayed = concat("Received: from mx.example.com by mx.example.org; Thu, 26 Nov 2026 08:00:01"
                + " +0000\r\n", signed);
        assertPasses(relayed, rsa, ed25519);
    }

    @Test
    void whitespaceChangedInTransit_keepsThePassUnderRelaxedCanonicalization() {
        byte[] signed = sign(Signing.DUAL, TestMessages.plainAscii());

        byte[] rewrapped = replace(replace(signed, "Subject: Your order has shipped", "Subject:  Your order\r\n\thas  shipped"),
                "your order 4711 has shipped.", "your order 4711   has\tshipped.   ");
        assertPasses(rewrapped, rsa, ed25519);
    }

    @Test
    void signatureField_hasTheRequiredTagsAndIsFoldedToShortLines() {
        byte[] signed = sign(Signing.DUAL, TestMessages.listUnsubscribe());
        String header = text(signed).substring(0, text(signed).indexOf("\r\nFrom: "));

        List<String> fields = List.of(header.split("\r\n(?=DKIM-Signature:)"));
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0).replace("\r\n", "")).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;"
                + " s=rsa2026; t=" + SIGNING_TIME.getEpochSecond() + ";");
        assertThat(fields.get(1).replace("\r\n", "")).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com;"
                + " s=ed2026; t=" + SIGNING_TIME.getEpochSecond() + ";");
        for (String field : fields) {
            String unfolded = field.replace("\r\n", "");
            assertThat(unfolded).contains(" bh=", " b=", " h=From:From:").doesNotContain(" l=", " x=");
            assertThat(field.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
            assertThat(Arrays.stream(field.split("\r\n")).skip(1)).allSatisfy(line -> assertThat(line).startsWith(" "));
        }
        assertThat(header.replace("\r\n", "")).doesNotContain("\r", "\n");
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void sign_isDeterministicAndThreadSafe(Signing signing) throws Exception {
        DkimSigner signer = new DkimSigner(keys(signing));
        byte[] message = TestMessages.listUnsubscribe();
        byte[] expected = signer.sign(message, SIGNING_TIME);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = pool.invokeAll(
                    Collections.nCopies(40, () -> signer.sign(message, SIGNING_TIME)));
            for (Future<byte[]> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void keyStoredAsPemAndLoadedAgain_signsMailThatPassesWithTheOriginalRecord(DkimAlgorithm algorithm) {
        DkimKey generated = DkimKey.generate(algorithm, "example.com", "stored");
        DkimKey loaded = DkimKey.fromPem("example.com", "stored", generated.privateKeyPem());
        byte[] message = TestMessages.plainAscii();

        byte[] signedWithLoaded = new DkimSigner(List.of(loaded)).sign(message, SIGNING_TIME);

        assertPasses(signedWithLoaded, generated);
        // RSASSA-PKCS1-v1_5 and Ed25519 are deterministic: the same key gives the same bytes.
        assertThat(signedWithLoaded).isEqualTo(new DkimSigner(List.of(generated)).sign(message, SIGNING_TIME));
    }

    @Test
    void sign_leavesTheMessageUnchanged() {
        byte[] message = TestMessages.oddHeaders();
        byte[] copy = message.clone();

        sign(Signing.DUAL, message);

        assertThat(message).isEqualTo(copy);
    }

    @Test
    void messageWithoutFrom_isRefused() {
        byte[] message = TestMessages.raw("To: bob@example.org\r\nSubject: who?\r\n\r\nHi\r\n");

        assertThatThrownBy(() -> sign(Signing.ED25519, message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message has no From header field; DKIM must sign it");
    }

    @Test
    void bareLineFeeds_areRefused() {
        assertThatThrownBy(() -> sign(Signing.ED25519, TestMessages.raw("From: a@example.com\nSubject: x\n\nHi\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare LF at offset 19");
        assertThatThrownBy(() -> sign(Signing.ED25519, TestMessages.raw("From: a@example.com\r\n\r\nHi\nthere\r\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare LF at offset 25");
    }

    @Test
    void malformedHeaderLines_areRefused() {
        assertThatThrownBy(() -> sign(Signing.ED25519, TestMessages.raw("From: a@example.com\r\nno colon\r\n\r\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header line without ':' at offset 21");
        assertThatThrownBy(() -> sign(Signing.ED25519, TestMessages.raw(" From: a@example.com\r\n\r\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("continuation line");
        assertThatThrownBy(() -> sign(Signing.ED25519, TestMessages.raw("From: a@example.com\r\n: empty\r\n\r\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a name");
    }

    @Test
    void signingTimeBefore1970_isRefused() {
        DkimSigner signer = new DkimSigner(List.of(ed25519));

        assertThatThrownBy(() -> signer.sign(TestMessages.plainAscii(), Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before 1970");
    }

    @Test
    void signerWithoutKeys_isRefused() {
        assertThatThrownBy(() -> new DkimSigner(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a DKIM signer needs at least one key");
    }

    private static void assertAllFail(VerifyResult result) {
        assertThat(result.signatureLines()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith(" FAIL"));
    }

    /** The h= list the verifier printed for the first signature, split into names. */
    private static List<String> signedHeaders(VerifyResult result) {
        Matcher h = Pattern.compile(" h=(\\S+) ").matcher(result.signatureLines().get(0));
        assertThat(h.find()).isTrue();
        return List.of(h.group(1).split(":"));
    }

    private static String text(byte[] message) {
        return new String(message, StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] message, String target, String replacement) {
        String text = text(message);
        assertThat(text).contains(target);
        return text.replace(target, replacement).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String prefix, byte[] message) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] result = Arrays.copyOf(head, head.length + message.length);
        System.arraycopy(message, 0, result, head.length, message.length);
        return result;
    }
}
