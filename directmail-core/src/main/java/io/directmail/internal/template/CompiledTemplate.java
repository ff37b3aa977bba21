package io.directmail.internal.template;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.directmail.DirectMailException;
import io.directmail.internal.text.HeaderText;
import io.directmail.template.MissingVariableException;
import io.directmail.template.MissingVariables;
import io.directmail.template.RenderedContent;
import io.directmail.template.Template;
import io.directmail.template.TemplatePart;
import io.directmail.template.TemplateSyntaxException;
import io.directmail.template.UnsafeSubjectException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * A template's parts compiled by one {@link MailMustacheFactory}, ready to run any number of
 * times from any number of threads.
 */
public final class CompiledTemplate {

    private final String name;
    private final Mustache subject;
    private final Mustache html;
    private final Mustache text;

    private CompiledTemplate(String name, Mustache subject, Mustache html, Mustache text) {
        this.name = name;
        this.subject = subject;
        this.html = html;
        this.text = text;
    }

    /**
     * Checks that each part is valid and compiles, without keeping the result.
     *
     * @param name the template's name
     * @param subject the subject template
     * @param html the HTML template, or null
     * @param text the text template, or null
     * @throws TemplateSyntaxException for the first part with an error
     */
    public static void check(String name, String subject, String html, String text) {
        compile(new MailMustacheFactory(), name, subject, html, text);
    }

    /** Compiles a template's parts with a factory; see {@link #check}. */
    static CompiledTemplate compile(MailMustacheFactory factory, Template template) {
        return compile(factory, template.name(), template.subject(), template.html(), template.text());
    }

    private static CompiledTemplate compile(MailMustacheFactory factory, String name, String subject, String html, String text) {
        return new CompiledTemplate(name,
                compilePart(factory, name, TemplatePart.SUBJECT, subject),
                compilePart(factory, name, TemplatePart.HTML, html),
                compilePart(factory, name, TemplatePart.TEXT, text));
    }

    private static Mustache compilePart(MailMustacheFactory factory, String name, TemplatePart part, String source) {
        if (source == null) {
            return null;
        }
        TemplateSyntax.check(name, part, source);
        try {
            return factory.compile(part, source);
        } catch (MustacheException e) {
            int line = e.getContext() == null ? 1 : Math.max(1, e.getContext().line());
            throw new TemplateSyntaxException(name, part, line, columnOfFirstTag(source, line), String.valueOf(e.getMessage()));
        }
    }

    /** Returns the column of the first tag on a line, or 1 when the line has none. */
    private static int columnOfFirstTag(String source, int line) {
        int start = 0;
        for (int current = 1; current < line; current++) {
            int next = source.indexOf('\n', start);
            if (next < 0) {
                return 1;
            }
            start = next + 1;
        }
        int end = source.indexOf('\n', start);
        int tag = source.indexOf("{{", start);
        return tag < 0 || (end >= 0 && tag > end) ? 1 : source.codePointCount(start, tag) + 1;
    }

    /**
     * Renders every part for one set of variables.
     *
     * @param variables the values by name
     * @param policy what a missing variable does
     * @return the rendered parts
     * @throws MissingVariableException with {@link MissingVariables#FAIL} if a variable is missing
     * @throws UnsafeSubjectException if a value would break the subject
     */
    public RenderedContent render(Map<String, ?> variables, MissingVariables policy) {
        SequencedSet<String> missing = new LinkedHashSet<>();
        String renderedSubject = run(subject, TemplatePart.SUBJECT, variables, missing);
        String renderedHtml = html == null ? null : run(html, TemplatePart.HTML, variables, missing);
        String renderedText = text == null ? null : run(text, TemplatePart.TEXT, variables, missing);
        if (policy == MissingVariables.FAIL && !missing.isEmpty()) {
            throw new MissingVariableException(name, List.copyOf(missing));
        }
        return new RenderedContent(renderedSubject, renderedHtml, renderedText, List.copyOf(missing));
    }

    private String run(Mustache mustache, TemplatePart part, Map<String, ?> variables, SequencedSet<String> missing) {
        RenderScope scope = new RenderScope(part == TemplatePart.SUBJECT);
        List<Object> scopes = new ArrayList<>(2);
        scopes.add(scope);
        scopes.add(variables);
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scopes);
        } catch (MustacheException e) {
            throw new DirectMailException("Template \"" + name + "\" could not render its " + part.label() + ": " + e.getMessage(), e);
        }
        missing.addAll(scope.missing());
        String rendered = out.toString();
        if (part == TemplatePart.SUBJECT) {
            checkSubject(rendered, scope);
        }
        return rendered;
    }

    private void checkSubject(String rendered, RenderScope scope) {
        HeaderText.Problem problem = HeaderText.find(rendered);
        if (problem == null) {
            return;
        }
        for (Map.Entry<String, Object> found : scope.found()) {
            String value = String.valueOf(found.getValue());
            HeaderText.Problem inValue = HeaderText.find(value);
            if (inValue != null) {
                throw new UnsafeSubjectException(name, found.getKey(), inValue.what(), value);
            }
        }
        throw new UnsafeSubjectException(name, null, problem.what(), rendered);
    }
}
