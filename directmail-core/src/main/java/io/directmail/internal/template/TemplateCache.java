package io.directmail.internal.template;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.directmail.template.Template;

/**
 * One renderer's compiled templates: each template (by value) is compiled once with the
 * renderer's own factory and kept until it is among the least recently used beyond the
 * capacity. Thread-safe; a template is compiled at most once at a time, however many threads ask.
 */
public final class TemplateCache {

    private final MailMustacheFactory factory = new MailMustacheFactory();
    private final Cache<Template, CompiledTemplate> compiled;

    /**
     * Creates an empty cache.
     *
     * @param capacity how many compiled templates to keep
     */
    public TemplateCache(int capacity) {
        this.compiled = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    /** Returns the template compiled, compiling it on first use. */
    public CompiledTemplate compiled(Template template) {
        return compiled.get(template, key -> CompiledTemplate.compile(factory, key));
    }
}
