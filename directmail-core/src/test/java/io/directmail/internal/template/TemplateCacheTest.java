package io.directmail.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.template.Template;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TemplateCacheTest {

    private final TemplateCache cache = new TemplateCache(10);

    @Test
    void aTemplateIsCompiledOnceAndReused() {
        Template template = new Template("t", "Hi {{name}}", "<p>{{name}}</p>", null);

        CompiledTemplate first = cache.compiled(template);

        assertThat(cache.compiled(template)).isSameAs(first);
        assertThat(cache.compiled(new Template("t", "Hi {{name}}", "<p>{{name}}</p>", null))).isSameAs(first);
        assertThat(cache.compiled(template.withSubject("Hello {{name}}"))).isNotSameAs(first);
    }

    @Test
    void threadsAskingAtOnceShareOneCompilation() throws Exception {
        Template template = new Template("t", "Hi {{name}}", "<p>{{name}}</p>", "{{name}}");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CompiledTemplate>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.compiled(template);
                }));
            }
            start.countDown();
            CompiledTemplate first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<CompiledTemplate> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        }
    }
}
