package io.directmail.template;

import io.directmail.InvalidMailException;
import io.directmail.internal.text.VisibleText;
import java.io.Serial;

/**
 * Thrown when a {@link Template} cannot be created: a bad name, a missing or empty part, a
 * subject with a line break, or (as the subclass {@link TemplateSyntaxException}) a mustache
 * syntax error. The message names the template and says what is wrong.
 */
public class InvalidTemplateException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String templateName;

    /**
     * Creates the exception.
     *
     * @param templateName the template's name as given (may be null or itself the problem)
     * @param reason what is wrong, naming the field
     */
    public InvalidTemplateException(String templateName, String reason) {
        super("Template " + VisibleText.quote(templateName) + ": " + reason);
        this.templateName = templateName;
    }

    /** Returns the template's name as given. */
    public String templateName() {
        return templateName;
    }
}
