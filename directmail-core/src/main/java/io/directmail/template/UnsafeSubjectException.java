package io.directmail.template;

import io.directmail.InvalidMailException;
import io.directmail.internal.text.VisibleText;
import java.io.Serial;

/**
 * Thrown when a variable's value would put a line break (or another character a header may not
 * hold) into the rendered subject: CR, LF and NUL could inject other headers. The message names
 * the variable and shows the value with the line break escaped.
 */
public final class UnsafeSubjectException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String templateName;
    private final String variable;

    /**
     * Creates the exception.
     *
     * @param templateName the template's name
     * @param variable the variable whose value is at fault, or {@code null} when the value came
     *     from a mustache lambda rather than a variable
     * @param what the character at fault, e.g. {@code "a line feed (LF)"}
     * @param value the variable's value as rendered
     */
    public UnsafeSubjectException(String templateName, String variable, String what, String value) {
        super("Template " + VisibleText.quote(templateName) + ": "
                + (variable == null ? "a variable" : "variable " + VisibleText.quote(variable))
                + " would put " + what + " into the subject (a subject is one header line; CR, LF and NUL"
                + " could inject other headers): " + VisibleText.quote(value));
        this.templateName = templateName;
        this.variable = variable;
    }

    /** Returns the template's name. */
    public String templateName() {
        return templateName;
    }

    /** Returns the variable whose value is at fault, or {@code null} when a mustache lambda produced it. */
    public String variable() {
        return variable;
    }
}
