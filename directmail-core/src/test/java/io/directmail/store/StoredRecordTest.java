package io.directmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A record as stores list it: checked parts, a value of its own, equality by content. */
class StoredRecordTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theValue_isCopiedInAndOut() {
        byte[] value = utf8("v");
        StoredRecord record = new StoredRecord("account", "acme", value);
        value[0] = 'X';
        record.value()[0] = 'Y';

        assertThat(record.value()).isEqualTo(utf8("v"));
        assertThat(record.value()).isNotSameAs(record.value());
        assertThat(record.size()).isEqualTo(1);
    }

    @Test
    void records_areEqualByKindKeyAndValueContents() {
        StoredRecord record = new StoredRecord("account", "acme", utf8("v"));

        assertThat(record).isEqualTo(new StoredRecord("account", "acme", utf8("v")))
                .hasSameHashCodeAs(new StoredRecord("account", "acme", utf8("v")));
        assertThat(record).isNotEqualTo(new StoredRecord("account", "acme", utf8("w")));
        assertThat(record).isNotEqualTo(new StoredRecord("account", "globex", utf8("v")));
        assertThat(record).isNotEqualTo(new StoredRecord("template", "acme", utf8("v")));
    }

    @Test
    void toString_namesTheRecord_withoutTheValue() {
        StoredRecord record = new StoredRecord("list", "acme/newsletter", utf8("anna@example.org"));

        assertThat(record.toString()).contains("list").contains("acme/newsletter").contains("16 octets")
                .doesNotContain("anna@example.org");
    }

    @Test
    void badParts_areRefused_namingThem() {
        byte[] v = utf8("v");
        assertThatThrownBy(() -> new StoredRecord(null, "acme", v)).isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> new StoredRecord("account", null, v)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> new StoredRecord("account", "acme", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> new StoredRecord("Account", "acme", v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind").hasMessageContaining("\"Account\"");
        assertThatThrownBy(() -> new StoredRecord("account", "", v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must not be empty");
        assertThatThrownBy(() -> new StoredRecord("account", "a\u0001", v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0001").hasMessageContaining("\"a\\u0001\"");
        assertThatThrownBy(() -> new StoredRecord("account", "acme", new byte[StoredRecord.MAX_VALUE_OCTETS + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
    }

    @Test
    void aRefusedLongKey_isQuotedShort() {
        String key = "k".repeat(5_000);

        assertThatThrownBy(() -> new StoredRecord("account", key, utf8("v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5000")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
