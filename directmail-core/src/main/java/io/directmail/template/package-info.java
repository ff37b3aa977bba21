/**
 * Message templates: a {@link io.directmail.template.Template} holds a subject, an HTML part and
 * a text part with mustache variables; a {@link io.directmail.template.TemplateRenderer} fills
 * them in for one recipient; {@link io.directmail.template.Templates} keeps one account's
 * templates within its {@link io.directmail.template.TemplateLimits}.
 *
 * <p>Variables are HTML-escaped in the HTML part ({@code {{name}}}) unless written as
 * {@code {{{name}}}} or {@code {{&name}}}; the subject and the text part are never escaped, and a
 * rendered subject never contains a line break. Partials, template inheritance, pragmas and
 * changed delimiters are not supported: a template is self-contained.
 *
 * <p>All values are immutable and thread-safe; so are the renderer and the registry. Every
 * refusal is an {@link io.directmail.InvalidMailException} subclass that names what was wrong.
 */
package io.directmail.template;
