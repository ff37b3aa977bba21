package io.directmail.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.LimitExceededException;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.template.MissingVariables;
import io.directmail.template.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchRequestTest {

    private static final EmailAddress FROM = EmailAddress.of("news@example.com");
    private static final Template TEMPLATE = new Template("news", "Hello {{name}}", null, "Hi {{name}}");

    private static List<Recipient> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> Recipient.of("reader" + i + "@example.org", Map.of("name", "R" + i))).toList();
    }

    @Test
    void aStoredListMayHoldMoreRowsThanInlineRows_andKeepsItsName() {
        RecipientList list = new RecipientList("customers", rows(10_000));

        BatchRequest request = BatchRequest.of(FROM, TEMPLATE, list);

        assertThat(request.size()).isEqualTo(10_000);
        assertThat(request.listName()).isEqualTo("customers");
        assertThat(request.isInline()).isFalse();
        assertThat(request.rows()).isSameAs(list.recipients());
        assertThat(request.missingVariables()).isEqualTo(MissingVariables.FAIL);
        assertThat(request.sharedVariables()).isEmpty();
        assertThat(request.tag()).isNull();
        assertThat(BatchRequest.inline(FROM, TEMPLATE, rows(1)).isInline()).isTrue();
    }

    @Test
    void toStringIsBriefEvenForTenThousandRows() {
        BatchRequest request = BatchRequest.of(FROM, TEMPLATE, new RecipientList("customers", rows(10_000))).withTag("march");

        assertThat(request.toString()).isEqualTo("BatchRequest[from=news@example.com, template=news, list=customers, rows=10000, tag=march]");
        assertThat(BatchRequest.inline(FROM, TEMPLATE, rows(2)).toString())
                .isEqualTo("BatchRequest[from=news@example.com, template=news, inline, rows=2]");
    }

    @Test
    void withMethodsChangeOnePart() {
        BatchRequest request = BatchRequest.inline(FROM, TEMPLATE, rows(2))
                .withFromName("Example News")
                .withTag("2025-11-newsletter")
                .withSharedVariables(Map.of("month", "November"))
                .withMissingVariables(MissingVariables.EMPTY);

        assertThat(request.fromName()).isEqualTo("Example News");
        assertThat(request.tag()).isEqualTo("2025-11-newsletter");
        assertThat(request.sharedVariables()).containsExactly(Map.entry("month", "November"));
        assertThat(request.missingVariables()).isEqualTo(MissingVariables.EMPTY);
        assertThat(request.rows()).isEqualTo(rows(2));
        assertThat(request.withTag(null).tag()).isNull();
    }

    @Test
    void theRowsAndSharedVariablesAreCopied() {
        List<Recipient> rows = new ArrayList<>(rows(2));
        Map<String, String> shared = new HashMap<>(Map.of("month", "November"));
        BatchRequest request = BatchRequest.inline(FROM, TEMPLATE, rows).withSharedVariables(shared);

        rows.clear();
        shared.put("month", "December");

        assertThat(request.size()).isEqualTo(2);
        assertThat(request.sharedVariables()).containsEntry("month", "November");
        assertThatThrownBy(() -> request.rows().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void missingPartsAreRefusedByName() {
        assertThatThrownBy(() -> BatchRequest.inline(null, TEMPLATE, rows(1)))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("from address");
        assertThatThrownBy(() -> BatchRequest.inline(FROM, null, rows(1)))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("template");
        assertThatThrownBy(() -> BatchRequest.inline(FROM, TEMPLATE, null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> BatchRequest.of(FROM, TEMPLATE, null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("recipient list");
        assertThatThrownBy(() -> BatchRequest.inline(FROM, TEMPLATE, rows(1)).withMissingVariables(null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("missing-variable policy");
        assertThatThrownBy(() -> BatchRequest.inline(FROM, TEMPLATE, rows(1)).withSharedVariables(null))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("shared variables");
    }

    @Test
    void aBatchWithoutRowsIsRefused() {
        assertThatThrownBy(() -> BatchRequest.inline(FROM, TEMPLATE, List.of()))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> BatchRequest.of(FROM, TEMPLATE, new RecipientList("empty", List.of())))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("recipient list \"empty\"");
    }

    @Test
    void aNullOrRepeatedRowIsRefused() {
        List<Recipient> withNull = new ArrayList<>(rows(2));
        withNull.add(null);
        assertThatThrownBy(() -> BatchRequest.inline(FROM, TEMPLATE, withNull))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("null row at index 2");

        List<Recipient> repeated = List.of(Recipient.of("jane@example.org"), Recipient.of("bob@example.org"),
                Recipient.of("Jane@Example.org"));
        assertThatThrownBy(() -> BatchRequest.inline(FROM, TEMPLATE, repeated))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("Jane@example.org more than once");
    }

    @Test
    void sharedVariablesFollowTheRulesOfRecipientVariables() {
        BatchRequest request = BatchRequest.inline(FROM, TEMPLATE, rows(1));
        assertThatThrownBy(() -> request.withSharedVariables(Map.of("First Name", "x")))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("\"First Name\"");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("month", null);
        assertThatThrownBy(() -> request.withSharedVariables(nullValue))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("month is null");
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "x");
        assertThatThrownBy(() -> request.withSharedVariables(nullName))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("the name is null");
    }

    @Test
    void theFromNameAndTagCannotInjectHeaders() {
        BatchRequest request = BatchRequest.inline(FROM, TEMPLATE, rows(1));
        assertThatThrownBy(() -> request.withFromName("News\r\nBcc: all@example.org"))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("fromName");
        assertThatThrownBy(() -> request.withTag("spring\nsale"))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("tag");
        assertThatThrownBy(() -> request.withTag(" "))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("tag");
    }

    @Test
    void aListNameMustBeAValidName() {
        assertThatThrownBy(() -> new BatchRequest(FROM, null, TEMPLATE, "bad name", rows(1), null, Map.of(), MissingVariables.FAIL))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("\"bad name\"");
    }
}
