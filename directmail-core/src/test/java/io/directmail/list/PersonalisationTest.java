package io.directmail.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.template.MissingVariableException;
import io.directmail.template.MissingVariables;
import io.directmail.template.Template;
import io.directmail.template.TemplateRenderer;
import io.directmail.template.UnsafeSubjectException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PersonalisationTest {

    private final TemplateRenderer renderer = new TemplateRenderer();
    private final Template template = new Template("hello", "Hello {{first_name}}", "<p>Code: {{code}}</p>", null);

    @Test
    void eachRowIsRenderedWithItsOwnVariables() {
        List<Recipient> rows = List.of(Recipient.of("jane@example.com", Map.of("first_name", "Jane", "code", "A1")),
                Recipient.of("bob@example.com", Map.of("first_name", "Bob", "code", "<B2>")));

        List<PersonalisedMessage> messages = Personalisation.of(renderer, template, rows, MissingVariables.FAIL).stream().toList();

        assertThat(messages).hasSize(2);
        PersonalisedMessage.Rendered bob = (PersonalisedMessage.Rendered) messages.get(1);
        assertThat(bob.index()).isEqualTo(1);
        assertThat(bob.recipient()).isEqualTo(rows.get(1));
        assertThat(bob.content().subject()).isEqualTo("Hello Bob");
        assertThat(bob.content().html()).isEqualTo("<p>Code: &lt;B2&gt;</p>");
    }

    /** A merge whose subject counts the renders: "#N for UserI" where N goes up with every render. */
    private Personalisation counting(int rows, AtomicInteger renders) {
        Object counter = new Object() {
            @Override
            public String toString() {
                return String.valueOf(renders.incrementAndGet());
            }
        };
        Template counting = new Template("counting", "#{{counter}} for {{first_name}}", null, "x");
        List<Recipient> recipients = IntStream.range(0, rows)
                .mapToObj(i -> Recipient.of("user" + i + "@example.com", Map.of("first_name", "User" + i))).toList();
        return Personalisation.of(renderer, counting, recipients, MissingVariables.FAIL).withSharedVariables(Map.of("counter", counter));
    }

    @Test
    void aTenThousandRowBatchRendersOnlyWhatTheIterationReaches() {
        AtomicInteger renders = new AtomicInteger();
        Personalisation batch = counting(10_000, renders);
        Iterator<PersonalisedMessage> iterator = batch.iterator();
        assertThat(batch.size()).isEqualTo(10_000);
        assertThat(iterator.hasNext()).isTrue();
        assertThat(renders).hasValue(0);

        PersonalisedMessage first = iterator.next();
        iterator.next();
        PersonalisedMessage third = iterator.next();
        assertThat(renders).hasValue(3);
        assertThat(((PersonalisedMessage.Rendered) first).content().subject()).isEqualTo("#1 for User0");
        assertThat(((PersonalisedMessage.Rendered) third).content().subject()).isEqualTo("#3 for User2");

        assertThat(batch.stream().limit(5).toList()).hasSize(5);
        assertThat(renders).hasValue(8);

        long rendered = 0;
        while (iterator.hasNext()) {
            iterator.next();
            rendered++;
        }
        assertThat(rendered).isEqualTo(9_997);
        assertThat(renders).hasValue(10_005);
    }

    @Test
    void aRowThatCannotBeRenderedIsAValueAndTheBatchGoesOn() {
        List<Recipient> rows = List.of(Recipient.of("jane@example.com", Map.of("first_name", "Jane", "code", "A1")),
                Recipient.of("bob@example.com", Map.of("first_name", "Bob")),
                Recipient.of("eve@example.com", Map.of("first_name", "Eve\r\nBcc: all@example.com", "code", "E")),
                Recipient.of("carl@example.com", Map.of("first_name", "Carl", "code", "C3")));

        List<PersonalisedMessage> messages = Personalisation.of(renderer, template, rows, MissingVariables.FAIL).stream().toList();

        assertThat(messages).extracting(m -> m.getClass().getSimpleName()).containsExactly("Rendered", "Refused", "Refused", "Rendered");
        PersonalisedMessage.Refused bob = (PersonalisedMessage.Refused) messages.get(1);
        assertThat(bob.index()).isEqualTo(1);
        assertThat(bob.reason()).isInstanceOf(MissingVariableException.class).hasMessageContaining("\"code\"");
        assertThat(((PersonalisedMessage.Refused) messages.get(2)).reason()).isInstanceOf(UnsafeSubjectException.class);
    }

    @Test
    void withEmptyAMissingVariableRendersNothing() {
        List<Recipient> rows = List.of(Recipient.of("bob@example.com", Map.of("first_name", "Bob")));

        PersonalisedMessage message = Personalisation.of(renderer, template, rows, MissingVariables.EMPTY).iterator().next();

        assertThat(((PersonalisedMessage.Rendered) message).content().html()).isEqualTo("<p>Code: </p>");
        assertThat(((PersonalisedMessage.Rendered) message).content().missingVariables()).containsExactly("code");
    }

    @Test
    void sharedVariablesFillInWhatARowLacksAndARowsOwnValueWins() {
        List<Recipient> rows = List.of(Recipient.of("jane@example.com", Map.of("first_name", "Jane")),
                Recipient.of("bob@example.com", Map.of("first_name", "Bob", "code", "OWN")));

        List<PersonalisedMessage> messages = Personalisation.of(renderer, template, rows, MissingVariables.FAIL)
                .withSharedVariables(Map.of("code", "SHARED", "first_name", "Nobody")).stream().toList();

        assertThat(messages).extracting(m -> ((PersonalisedMessage.Rendered) m).content().html())
                .containsExactly("<p>Code: SHARED</p>", "<p>Code: OWN</p>");
        assertThat(messages).extracting(m -> ((PersonalisedMessage.Rendered) m).content().subject())
                .containsExactly("Hello Jane", "Hello Bob");
    }

    @Test
    void eachIterationStartsAtTheFirstRowAndEndsAfterTheLast() {
        List<Recipient> rows = List.of(Recipient.of("jane@example.com", Map.of("first_name", "Jane", "code", "A1")));
        Personalisation batch = Personalisation.of(renderer, template, rows, MissingVariables.FAIL);

        Iterator<PersonalisedMessage> first = batch.iterator();
        first.next();

        assertThat(first.hasNext()).isFalse();
        assertThatThrownBy(first::next).isInstanceOf(NoSuchElementException.class);
        assertThat(batch.iterator().next().index()).isZero();
    }

    @Test
    void anIteratorFromARowRendersNoRowBeforeItAndKeepsEachRowsIndex() {
        AtomicInteger renders = new AtomicInteger();
        Personalisation batch = counting(5, renders);

        List<PersonalisedMessage> rest = new ArrayList<>();
        batch.iterator(3).forEachRemaining(rest::add);

        assertThat(rest).extracting(PersonalisedMessage::index).containsExactly(3, 4);
        assertThat(((PersonalisedMessage.Rendered) rest.getFirst()).content().subject()).isEqualTo("#1 for User3");
        assertThat(renders).hasValue(2);
        assertThat(batch.iterator(5).hasNext()).isFalse();
        assertThatThrownBy(() -> batch.iterator(6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.iterator(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> Personalisation.of(null, template, List.of(), MissingVariables.FAIL)).hasMessage("renderer");
        assertThatThrownBy(() -> Personalisation.of(renderer, null, List.of(), MissingVariables.FAIL)).hasMessage("template");
        assertThatThrownBy(() -> Personalisation.of(renderer, template, List.of(), null)).hasMessage("policy");
        assertThatThrownBy(() -> Personalisation.of(renderer, template, null, MissingVariables.FAIL)).isInstanceOf(NullPointerException.class);
    }
}
