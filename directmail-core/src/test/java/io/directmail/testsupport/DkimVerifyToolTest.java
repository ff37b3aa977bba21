package io.directmail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.dkim.DkimSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DkimVerifyToolTest {
    private static final byte[] MESSAGE =
            "From: alice@example.com\r\nSubject: hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void unsignedMessage_isRejected() {
        DkimVerifyTool.VerifyResult result = DkimVerifyTool.verify(MESSAGE, List.of());

        assertThat(result.passed()).isFalse();
        assertThat(result.lines()).containsExactly("no DKIM-Signature header");
        assertThatThrownBy(() -> DkimVerifyTool.assertPasses(MESSAGE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no DKIM-Signature header")
                .hasMessageContaining("Subject: hi");
    }

    @Test
    void signatureWhoseKeyIsNotPublished_isRejected() {
        DkimKey signing = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "s1");
        DkimKey other = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "s1");
        byte[] signed = new DkimSigner(List.of(signing)).sign(MESSAGE, Instant.parse("2026-11-26T08:00:00Z"));

        DkimVerifyTool.VerifyResult result = DkimVerifyTool.assertFails(signed, other);

        assertThat(result.signatureLines()).singleElement().asString()
                .startsWith("0 d=example.com s=s1 a=ed25519-sha256 h=From:From:Subject ")
                .endsWith(" FAIL");
    }

    @Test
    void manyMessagesInOneRun_eachGetItsOwnVerdict() {
        DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "s1");
        DkimSigner signer = new DkimSigner(List.of(key));
        byte[] good = signer.sign(MESSAGE, Instant.parse("2026-11-26T08:00:00Z"));
        byte[] tampered = new String(good, StandardCharsets.US_ASCII).replace("Hello", "Hallo").getBytes(StandardCharsets.US_ASCII);

        List<DkimVerifyTool.VerifyResult> results = DkimVerifyTool.verifyEach(List.of(good, MESSAGE, tampered, good), List.of(key));

        assertThat(results).extracting(DkimVerifyTool.VerifyResult::passed).containsExactly(true, false, false, true);
        assertThat(results.get(0).signatureLines()).singleElement().asString().endsWith(" pass");
        assertThat(results.get(1).lines()).containsExactly("no DKIM-Signature header");
        assertThat(results.get(2).signatureLines()).singleElement().asString().endsWith(" FAIL");
        assertThatThrownBy(() -> DkimVerifyTool.assertEachPasses(List.of(good, tampered), key))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 of 2 messages were rejected")
                .hasMessageContaining("message 1");
    }
}
