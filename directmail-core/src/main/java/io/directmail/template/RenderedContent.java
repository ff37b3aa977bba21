package io.directmail.template;

import io.directmail.Mail;
import java.util.List;
import java.util.Objects;

/**
 * A template rendered for one recipient: the subject and the bodies to put into a
 * {@link Mail}. A part the template does not have is {@code null} here too.
 *
 * @param subject the rendered subject, one header line
 * @param html the rendered HTML body, or {@code null} when the template has none
 * @param text the rendered text body, or {@code null} when the template has none
 * @param missingVariables the variables the template used but that were not given, in the order
 *     used; always empty after rendering with {@link MissingVariables#FAIL}
 */
public record RenderedContent(String subject, String html, String text, List<String> missingVariables) {

    /** Checks that the subject and the list are present and that there is a body. */
    public RenderedContent {
        Objects.requireNonNull(subject, "subject");
        if (html == null && text == null) {
            throw new IllegalArgumentException("an HTML body, a text body or both are required");
        }
        missingVariables = List.copyOf(missingVariables);
    }

    /**
     * Sets the subject and the bodies on a mail builder; the other parts of the mail (sender,
     * recipients, ...) are left as they are.
     *
     * @param builder the builder of the mail to send
     * @return the same builder
     */
    public Mail.Builder applyTo(Mail.Builder builder) {
        return builder.subject(subject).html(html).text(text);
    }
}
