package io.directmail.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.directmail.DuplicateNameException;
import io.directmail.LimitExceededException;
import io.directmail.NameNotFoundException;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private final Templates templates = new Templates(TemplateLimits.DEFAULT);

    @Test
    void theDefaultAllows100TemplatesPerAccount() {
        assertThat(TemplateLimits.DEFAULT.maxTemplatesPerAccount()).isEqualTo(100);
        assertThat(templates.limits()).isEqualTo(TemplateLimits.DEFAULT);
    }

    @Test
    void theHundredthTemplateIsAcceptedAndTheHundredAndFirstRefused() {
        IntStream.rangeClosed(1, 99).forEach(i -> templates.add(template("t" + i)));
        templates.add(template("t100"));
        assertThat(templates.size()).isEqualTo(100);

        Throwable thrown = catchThrowable(() -> templates.add(template("t101")));

        assertThat(thrown).isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxTemplatesPerAccount is 100, but the request needs 101");
        LimitExceededException e = (LimitExceededException) thrown;
        assertThat(List.of(e.limit(), e.allowed(), e.requested())).containsExactly("maxTemplatesPerAccount", 100L, 101L);
        assertThat(templates.size()).isEqualTo(100);
        assertThat(templates.get("t101")).isEmpty();
    }

    @Test
    void replacingATemplateAtTheLimitDoesNotCount() {
        Templates two = new Templates(TemplateLimits.DEFAULT.withMaxTemplatesPerAccount(2));
        two.add(template("a"));
        two.add(template("b"));
        Template newer = template("b").withSubject("Newer");

        assertThat(two.replace(newer)).isEqualTo(template("b"));

        assertThat(two.get("b")).contains(newer);
        assertThatThrownBy(() -> two.add(template("c"))).isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxTemplatesPerAccount is 2, but the request needs 3");
    }

    @Test
    void deletingATemplateFreesItsPlace() {
        Templates one = new Templates(new TemplateLimits(1));
        one.add(template("a"));

        assertThat(one.delete("a")).isTrue();
        assertThat(one.delete("a")).isFalse();
        one.add(template("b"));

        assertThat(one.list()).containsExactly(template("b"));
    }

    @Test
    void namesAreUniquePerAccount() {
        templates.add(template("welcome"));

        assertThatThrownBy(() -> templates.add(template("welcome").withSubject("Other")))
                .isInstanceOf(DuplicateNameException.class).hasMessage("A template named \"welcome\" already exists");
        assertThat(templates.get("welcome")).contains(template("welcome"));
        assertThat(templates.size()).isEqualTo(1);
    }

    @Test
    void replacingAnUnknownTemplateIsRefused() {
        Throwable thrown = catchThrowable(() -> templates.replace(template("nope")));

        assertThat(thrown).isInstanceOf(NameNotFoundException.class).hasMessage("No template named \"nope\" exists");
        assertThat(((NameNotFoundException) thrown).kind()).isEqualTo("template");
        assertThat(templates.size()).isZero();
    }

    @Test
    void theListIsOrderedByNameAndUnmodifiable() {
        templates.add(template("b"));
        templates.add(template("a"));
        templates.add(template("C"));

        assertThat(templates.list()).extracting(Template::name).containsExactly("C", "a", "b");
        assertThatThrownBy(() -> templates.list().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(templates.get("missing")).isEmpty();
        assertThat(templates.get(null)).isEmpty();
        assertThat(templates.delete(null)).isFalse();
    }

    @Test
    void storedTemplatesAreAllTakenEvenBeyondALoweredLimit() {
        Templates restored = new Templates(new TemplateLimits(1), List.of(template("a"), template("b")));

        assertThat(restored.size()).isEqualTo(2);
        assertThatThrownBy(() -> restored.add(template("c"))).isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> new Templates(TemplateLimits.DEFAULT, List.of(template("a"), template("a"))))
                .isInstanceOf(DuplicateNameException.class);
    }

    @Test
    void concurrentAddsNeverGoBeyondTheLimit() throws Exception {
        List<Future<Boolean>> added = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 150; i++) {
                Template template = template("t" + i);
                added.add(pool.submit(() -> {
                    try {
                        templates.add(template);
                        return true;
                    } catch (LimitExceededException e) {
                        return false;
                    }
                }));
            }
            int accepted = 0;
            for (Future<Boolean> result : added) {
                accepted += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(100);
        }
        assertThat(templates.size()).isEqualTo(100);
    }

    @Test
    void badLimitsAndArgumentsAreRefused() {
        assertThatThrownBy(() -> new TemplateLimits(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTemplatesPerAccount must be at least 1, was 0");
        assertThatThrownBy(() -> new Templates(null)).isInstanceOf(NullPointerException.class).hasMessage("limits");
        assertThatThrownBy(() -> templates.add(null)).isInstanceOf(NullPointerException.class);
        assertThat(templates.size()).isZero();
    }

    private static Template template(String name) {
        return new Template(name, "Hello {{name}}", "<p>Hello {{name}}</p>", null);
    }
}
