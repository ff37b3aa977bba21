package io.directmail.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnsubscribeSettingsTest {

    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    @Test
    void theHeaderNamesTheHttpsUrlFirstAndTheMailtoAddressWithTheTokenInItsSubject() {
        UnsubscribeSettings settings = UnsubscribeSettings.of("https://example.com/unsubscribe", KEY);
        assertThat(settings.listUnsubscribe("TOKEN")).isEqualTo("<https://example.com/unsubscribe/u/TOKEN>");
        assertThat(settings.mailto()).isEmpty();

        UnsubscribeSettings withMailto = settings.withMailto(EmailAddress.of("unsub+news@example.com"));
        assertThat(withMailto.listUnsubscribe("TOKEN")).isEqualTo(
                "<https://example.com/unsubscribe/u/TOKEN>, <mailto:unsub+news@example.com?subject=unsubscribe-TOKEN>");
        assertThat(withMailto.mailto()).contains(EmailAddress.of("unsub+news@example.com"));
        assertThat(withMailto.withMailto(null).mailto()).isEmpty();
        assertThat(withMailto.url("abc")).isEqualTo(URI.create("https://example.com/unsubscribe/u/abc"));
    }

    @Test
    void aTrailingSlashOfTheBaseUrlIsDropped() {
        assertThat(UnsubscribeSettings.of("https://example.com/", KEY).url("T")).hasToString("https://example.com/u/T");
        assertThat(UnsubscribeSettings.of("HTTPS://example.com:8443/a/b/", KEY).baseUrl()).hasToString("HTTPS://example.com:8443/a/b");
    }

    @Test
    void aKeyOf32OctetsIsAccepted_andOneOf31IsRefused() {
        UnsubscribeSettings.of("https://example.com/u", new byte[32]);
        assertThatThrownBy(() -> UnsubscribeSettings.of("https://example.com/u", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 octets, had 31");
    }

    @Test
    void theKeyIsCopied_soChangingTheArrayLaterChangesNoToken() {
        byte[] key = KEY.clone();
        UnsubscribeSettings settings = UnsubscribeSettings.of("https://example.com/u", key);
        String token = settings.tokens().issue("shop", EmailAddress.of("a@example.org"), "b1", java.time.Instant.EPOCH);
        Arrays.fill(key, (byte) 0);
        assertThat(settings.tokens().verify(token).batchId()).isEqualTo("b1");
    }

    @Test
    void baseUrlsThatCannotCarryATokenAreRefused() {
        assertRefused("http://example.com/unsubscribe", "https");
        assertRefused("mailto:unsub@example.com", "https");
        assertRefused("/unsubscribe", "https");
        assertRefused("https:///unsubscribe", "no host");
        assertRefused("https://example.com/unsubscribe?list=news", "no user name, query or fragment");
        assertRefused("https://example.com/unsubscribe#top", "no user name, query or fragment");
        assertRefused("https://user:pw@example.com/unsubscribe", "no user name, query or fragment");
        assertRefused("https://exämple.com/unsubscribe", "printable ASCII");
        assertRefused("https://example.com/un subscribe", "printable ASCII");
        assertRefused("https://example.com/\r\nBcc: x", "printable ASCII");
        assertRefused("https://example.com/[", "not a URL");
        assertRefused("https://example.com/" + "a".repeat(181), "at most 200");
        assertThat(UnsubscribeSettings.of("https://example.com/" + "a".repeat(180), KEY).baseUrl().toString()).hasSize(200);
    }

    @Test
    void aMailtoAddressThatWouldNeedEscapingInAUrlIsRefused() {
        UnsubscribeSettings settings = UnsubscribeSettings.of("https://example.com/u", KEY);
        assertThatThrownBy(() -> settings.withMailto(EmailAddress.of("un?sub@example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?'");
        assertThatThrownBy(() -> settings.withMailto(EmailAddress.of("\"un sub\"@example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local part");
        assertThatThrownBy(() -> settings.withMailto(EmailAddress.of("désabonner@example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'é'");
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> UnsubscribeSettings.of(null, KEY)).isInstanceOf(NullPointerException.class).hasMessage("baseUrl");
        assertThatThrownBy(() -> UnsubscribeSettings.of("https://example.com/u", null))
                .isInstanceOf(NullPointerException.class).hasMessage("secretKey");
    }

    @Test
    void toStringNeverShowsTheKey() {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String shown = UnsubscribeSettings.of("https://example.com/u", key).withMailto(EmailAddress.of("unsub@example.com")).toString();
        assertThat(shown).contains("https://example.com/u").contains("unsub@example.com").doesNotContain("0123456789");
    }

    private static void assertRefused(String url, String reason) {
        assertThatThrownBy(() -> UnsubscribeSettings.of(url, KEY)).as(url)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }
}
