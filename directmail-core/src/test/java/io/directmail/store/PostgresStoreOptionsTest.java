package io.directmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.testsupport.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresStoreOptionsTest {

    @Test
    void defaults_useTheDirectmailSchema_aRandomNodeIdPerCall_andTheDefaultStoreOptions() {
        PostgresStoreOptions options = PostgresStoreOptions.defaults();

        assertThat(options.schema()).isEqualTo("directmail");
        assertThat(options.nodeId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(PostgresStoreOptions.defaults().nodeId()).isNotEqualTo(options.nodeId());
        assertThat(options.storeOptions()).isEqualTo(StoreOptions.defaults());
    }

    @Test
    void withMethods_changeOneValue() {
        StoreOptions store = StoreOptions.defaults().withRetention(Duration.ofDays(1))
                .withClock(new SettableClock(MailStoreContract.START));

        PostgresStoreOptions options = PostgresStoreOptions.defaults().withSchema("mail_queue").withNodeId("web-1")
                .withStoreOptions(store);

        assertThat(options).isEqualTo(new PostgresStoreOptions("mail_queue", "web-1", store));
    }

    @Test
    void schemaNames_areLowerCaseIdentifiersOfAtMost63Characters() {
        String longest = "s" + "_".repeat(62);
        assertThat(PostgresStoreOptions.defaults().withSchema(longest).schema()).isEqualTo(longest);
        assertThat(PostgresStoreOptions.defaults().withSchema("_dm2").schema()).isEqualTo("_dm2");

        for (String bad : new String[] {"", longest + "x", "Directmail", "2queue", "mail-queue", "mail queue", "dm\"; drop",
                "schéma"}) {
            assertThatThrownBy(() -> PostgresStoreOptions.defaults().withSchema(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema").hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> PostgresStoreOptions.defaults().withSchema(null))
                .isInstanceOf(NullPointerException.class).hasMessage("schema");
    }

    @Test
    void nodeIds_areNonBlank_withoutControlCharacters_andAtMost200Characters() {
        String longest = "n".repeat(PostgresStoreOptions.MAX_NODE_ID_CHARS);
        assertThat(PostgresStoreOptions.defaults().withNodeId(longest).nodeId()).isEqualTo(longest);

        assertThatThrownBy(() -> PostgresStoreOptions.defaults().withNodeId(longest + "n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId").hasMessageContaining("200");
        assertThatThrownBy(() -> PostgresStoreOptions.defaults().withNodeId(" \t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> PostgresStoreOptions.defaults().withNodeId("web-1\nweb-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId").hasMessageContaining("control");
        assertThatThrownBy(() -> PostgresStoreOptions.defaults().withNodeId(null))
                .isInstanceOf(NullPointerException.class).hasMessage("nodeId");
        assertThatThrownBy(() -> PostgresStoreOptions.defaults().withStoreOptions(null))
                .isInstanceOf(NullPointerException.class).hasMessage("storeOptions");
    }
}
