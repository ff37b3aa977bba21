package io.directmail.template;

import io.directmail.internal.registry.RegistryName;
import io.directmail.internal.template.CompiledTemplate;
import io.directmail.internal.text.HeaderText;
import io.directmail.internal.text.VisibleText;

/**
 * A message template: a subject, an HTML part and a text part, each a mustache template whose
 * variables a {@link TemplateRenderer} fills in for one recipient.
 *
 * <pre>{@code
 * Template welcome = new Template("welcome",
 *         "Welcome, {{first_name}}",
 *         "<p>Hello {{first_name}}, your code is <b>{{code}}</b>.</p>",
 *         "Hello {{first_name}}, your code is {{code}}.");
 * }</pre>
 *
 * <p>Everything is checked when the template is created, so a stored template always renders:
 * <ul>
 *   <li>the name: 1 to 64 ASCII letters, digits, {@code '.'}, {@code '_'} and {@code '-'},
 *       starting with a letter or digit; it is unique per account (see {@link Templates});
 *   <li>the subject is required, may be empty, and must not contain CR, LF, NUL or another
 *       control character except TAB;
 *   <li>at least one of HTML and text; an absent part is {@code null}, never empty;
 *   <li>each part is valid mustache: tags closed on their line (comments may span lines),
 *       sections closed in order, variable names made of letters, digits, {@code '_'} and
 *       {@code '-'} with {@code '.'} between nested names, and {@code {{.}}} only inside a
 *       section. Partials ({@code {{>name}}}), template inheritance, pragmas and changed
 *       delimiters are refused: a template is self-contained. An error is a
 *       {@link TemplateSyntaxException} that names the part, line and column.
 * </ul>
 *
 * <p>In the HTML part {@code {{name}}} is HTML-escaped and {@code {{{name}}}} or
 * {@code {{&name}}} is inserted as it is; in the subject and the text part nothing is escaped.
 * The record holds only the four texts, so it is stored and rebuilt through its constructor.
 * It is immutable and thread-safe.
 *
 * @param name the template's name within its account
 * @param subject the subject line template, possibly empty
 * @param html the HTML body template, or {@code null} for none
 * @param text the plain-text body template, or {@code null} for none
 */
public record Template(String name, String subject, String html, String text) {

    /**
     * Checks the name and the parts and compiles each part.
     *
     * @throws InvalidTemplateException if the name or a part is refused
     * @throws TemplateSyntaxException if a part is not valid mustache
     */
    public Template {
        String nameProblem = RegistryName.problem(name);
        if (nameProblem != null) {
            throw new InvalidTemplateException(name, nameProblem);
        }
        if (subject == null) {
            throw new InvalidTemplateException(name, "a subject is required (it may be empty)");
        }
        HeaderText.Problem problem = HeaderText.find(subject);
        if (problem != null) {
            throw new InvalidTemplateException(name, "the subject must not contain " + problem.what()
                    + (problem.injection() ? " (CR, LF and NUL in a header could inject other headers)" : "")
                    + ": " + VisibleText.quote(subject));
        }
        if (html == null && text == null) {
            throw new InvalidTemplateException(name, "an HTML part, a text part or both are required");
        }
        if (html != null && html.isEmpty()) {
            throw new InvalidTemplateException(name, "the HTML part is empty; pass null for a template without one");
        }
        if (text != null && text.isEmpty()) {
            throw new InvalidTemplateException(name, "the text part is empty; pass null for a template without one");
        }
        CompiledTemplate.check(name, subject, html, text);
    }

    /** Returns a copy under another name. */
    public Template withName(String value) {
        return new Template(value, subject, html, text);
    }

    /** Returns a copy with another subject. */
    public Template withSubject(String value) {
        return new Template(name, value, html, text);
    }

    /** Returns a copy with another HTML part, or without one when {@code value} is null. */
    public Template withHtml(String value) {
        return new Template(name, subject, value, text);
    }

    /** Returns a copy with another text part, or without one when {@code value} is null. */
    public Template withText(String value) {
        return new Template(name, subject, html, value);
    }
}
