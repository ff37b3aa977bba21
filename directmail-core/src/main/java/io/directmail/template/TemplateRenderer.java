package io.directmail.template;

import io.directmail.internal.template.TemplateCache;
import java.util.Map;
import java.util.Objects;

/**
 * Fills in templates: {@code render(template, variables, policy)} gives the subject and bodies
 * for one recipient. Share one renderer: it compiles each template once and keeps the result
 * (the most recently used 1,000 templates), so later renders of the same template only run it.
 *
 * <p>Variables are looked up by name in the map; a dotted name such as {@code order.id} looks
 * up {@code id} in the map (or list of maps) given as {@code order}. Values are rendered with
 * {@code toString()}; a section ({@code {{#items}}...{{/items}}}) repeats for each element of a
 * list or array, shows once for {@code true}, a non-empty string, a map or another object, and
 * hides for {@code false}, {@code ""}, an empty list or a missing variable; an inverted section
 * ({@code {{^items}}}) does the opposite. Objects are never inspected through reflection: only
 * maps have named members. A {@link java.util.function.Function} value is a mustache lambda.
 *
 * <pre>{@code
 * TemplateRenderer renderer = new TemplateRenderer();
 * RenderedContent content = renderer.render(welcome, Map.of("first_name", "Jane", "code", "A-17"),
 *         MissingVariables.FAIL);
 * Mail mail = content.applyTo(Mail.newBuilder().from("hello@shop.example").addTo("jane@example.com")).build();
 * }</pre>
 *
 * <p>Thread-safe; meant to be shared. It holds no state but the compiled templates.
 */
public final class TemplateRenderer {

    private final TemplateCache cache = new TemplateCache(1_000);

    /** Creates a renderer with an empty cache of compiled templates. */
    public TemplateRenderer() {
    }

    /**
     * Renders a template for one recipient.
     *
     * @param template the template
     * @param variables the recipient's values by variable name; values may be strings, numbers,
     *     booleans, lists, arrays and maps (for sections and dotted names)
     * @param policy what to do with a variable the template uses but the map lacks
     * @return the subject and the bodies
     * @throws MissingVariableException with {@link MissingVariables#FAIL}, naming every
     *     variable that was not given
     * @throws UnsafeSubjectException if a value would put a line break or another control
     *     character into the subject
     */
    public RenderedContent render(Template template, Map<String, ?> variables, MissingVariables policy) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(variables, "variables");
        Objects.requireNonNull(policy, "policy");
        return cache.compiled(template).render(variables, policy);
    }

    /**
     * Renders a template with sample values, as a console shows it before the template is used.
     * It differs from {@link #render} in one way: a variable the sample lacks never fails, it is
     * rendered empty and listed in {@link RenderedContent#missingVariables()}, so the preview
     * can point at it. A sample value that would break the subject is refused as in a real
     * render, since the real send would be refused too.
     *
     * @param template the template
     * @param sampleVariables values to show, possibly incomplete
     * @return the rendered parts and the variables the sample lacked
     * @throws UnsafeSubjectException if a sample value would put a line break into the subject
     */
    public RenderedContent preview(Template template, Map<String, ?> sampleVariables) {
        return render(template, sampleVariables, MissingVariables.EMPTY);
    }
}
