package io.directmail.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.InvalidAddressException;
import io.directmail.InvalidMailException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipientListTest {

    @Test
    void aListKeepsItsRowsInOrder() {
        List<Recipient> rows = new ArrayList<>(List.of(Recipient.of("b@example.com"), Recipient.of("a@example.com", Map.of("n", "1"))));

        RecipientList list = new RecipientList("customers", rows);
        rows.clear();

        assertThat(list.size()).isEqualTo(2);
        assertThat(list.recipients()).extracting(r -> r.address().address()).containsExactly("b@example.com", "a@example.com");
        assertThatThrownBy(() -> list.recipients().add(Recipient.of("c@example.com"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(list.withName("others").name()).isEqualTo("others");
    }

    @Test
    void anAddressAppearsAtMostOnceWithoutRegardToCase() {
        assertThatThrownBy(() -> new RecipientList("l", List.of(Recipient.of("jane@example.com"), Recipient.of("JANE@Example.COM"))))
                .isInstanceOf(InvalidMailException.class)
                .hasMessage("recipient list \"l\" has JANE@example.com more than once (addresses are compared without regard to case)");
    }

    @Test
    void namesFollowTheTemplateNameRule() {
        assertThat(new RecipientList("x".repeat(64), List.of()).name()).hasSize(64);
        assertThatThrownBy(() -> new RecipientList("x".repeat(65), List.of())).isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("at most 64");
        assertThatThrownBy(() -> new RecipientList("my list", List.of())).isInstanceOf(InvalidMailException.class)
                .hasMessage("recipient list name \"my list\" is refused: the name may contain only ASCII letters, digits, '.', '_' and '-'");
        assertThatThrownBy(() -> new RecipientList(null, List.of())).isInstanceOf(InvalidMailException.class);
        assertThatThrownBy(() -> new RecipientList("l", null)).isInstanceOf(NullPointerException.class);
        List<Recipient> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new RecipientList("l", withNull)).isInstanceOf(InvalidMailException.class).hasMessageContaining("index 0");
    }

    @Test
    void aRowsVariablesAreNamedLikeTemplateVariablesAndNeverNull() {
        assertThat(Recipient.of("a@example.com", Map.of("first_name", "A", "zip-code", "1", "名前", "x")).variables()).hasSize(3);

        assertThatThrownBy(() -> Recipient.of("a@example.com", Map.of("first name", "A"))).isInstanceOf(InvalidMailException.class)
                .hasMessage("variable \"first name\" of recipient a@example.com is refused: a variable name may contain only letters, digits,"
                        + " '_' and '-'");
        assertThatThrownBy(() -> Recipient.of("a@example.com", Map.of("a.b", "A"))).isInstanceOf(InvalidMailException.class);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("n", null);
        assertThatThrownBy(() -> Recipient.of("a@example.com", nullValue)).isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("is null");
        assertThatThrownBy(() -> Recipient.of("a@example.com", null)).isInstanceOf(InvalidMailException.class);
        assertThatThrownBy(() -> new Recipient(null, Map.of())).isInstanceOf(InvalidMailException.class);
        assertThatThrownBy(() -> Recipient.of("not-an-address")).isInstanceOf(InvalidAddressException.class);
    }
}
