package io.directmail.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.batch.InvalidUnsubscribeTokenException;
import io.directmail.batch.UnsubscribeToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {

    private static final byte[] KEY = "a secret key of at least 32 octets!".getBytes(StandardCharsets.US_ASCII);
    private static final Instant ISSUED = Instant.parse("2026-03-01T10:15:30.750Z");

    private final UnsubscribeTokens tokens = new UnsubscribeTokens(KEY);

    @Test
    void aTokenReadsBackAsTheAccountAddressBatchAndSecondItWasIssuedAt() {
        String token = tokens.issue("shop-42", EmailAddress.of("Jane.Doe@Example.org"), "4f2a9c", ISSUED);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.verify(token)).isEqualTo(new UnsubscribeToken("shop-42", EmailAddress.of("Jane.Doe@example.org"), "4f2a9c",
                Instant.parse("2026-03-01T10:15:30Z")));
    }

    @Test
    void anInternationalAddressOfTheLongestLengthFitsInAToken() {
        EmailAddress unicode = EmailAddress.of("jürgen.müller@bücher.example");
        assertThat(tokens.verify(tokens.issue("a", unicode, "b", ISSUED)).address()).isEqualTo(unicode);

        EmailAddress longest = EmailAddress.of("l".repeat(64) + "@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(57) + ".org");
        String token = tokens.issue("a".repeat(64), longest, "b".repeat(64), ISSUED);
        assertThat(token.length()).isLessThanOrEqualTo(UnsubscribeTokens.MAX_TOKEN_CHARS);
        assertThat(tokens.verify(token).address()).isEqualTo(longest);
    }

    @Test
    void aTokenWithOneCharacterChangedIsRefused() {
        String token = tokens.issue("shop", EmailAddress.of("jane@example.org"), "b1", ISSUED);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String altered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThatThrownBy(() -> tokens.verify(altered)).as("changed at %d", i)
                    .isInstanceOf(InvalidUnsubscribeTokenException.class);
        }
    }

    @Test
    void aTokenForAnotherAddressMadeWithoutTheKeyIsRefused() {
        String genuine = tokens.issue("shop", EmailAddress.of("jane@example.org"), "b1", ISSUED);
        byte[] octets = Base64.getUrlDecoder().decode(genuine);
        String payload = new String(octets, StandardCharsets.ISO_8859_1).replace("jane@", "john@");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> tokens.verify(forged))
                .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("signature does not match");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        UnsubscribeTokens other = new UnsubscribeTokens("another secret key of 32 octets, too".getBytes(StandardCharsets.US_ASCII));
        String token = other.issue("shop", EmailAddress.of("jane@example.org"), "b1", ISSUED);

        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("signature does not match");
    }

    @Test
    void garbledTokensAreRefusedWithTheReason() {
        assertThatThrownBy(() -> tokens.verify("not base64!"))
                .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("not base64url");
        assertThatThrownBy(() -> tokens.verify(""))
                .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> tokens.verify("AAAA"))
                .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> tokens.verify("A".repeat(UnsubscribeTokens.MAX_TOKEN_CHARS + 1)))
                .isInstanceOf(InvalidUnsubscribeTokenException.class).hasMessageContaining("characters long");
        assertThatThrownBy(() -> tokens.verify(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theMessageNeverRepeatsTheToken() {
        String token = tokens.issue("shop", EmailAddress.of("jane@example.org"), "b1", ISSUED);
        String altered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertThatThrownBy(() -> tokens.verify(altered)).message().doesNotContain(altered).doesNotContain("jane");
    }
}
