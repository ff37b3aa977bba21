package io.directmail.template;

import io.directmail.InvalidMailException;
import io.directmail.internal.text.VisibleText;
import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by rendering with {@link MissingVariables#FAIL} when the template uses variables that
 * were not given. It names every one of them, in the order the template uses them.
 */
public final class MissingVariableException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String templateName;
    private final List<String> variables;

    /**
     * Creates the exception.
     *
     * @param templateName the template's name
     * @param variables the missing variables, at least one
     */
    public MissingVariableException(String templateName, List<String> variables) {
        super("Template " + VisibleText.quote(templateName) + " uses "
                + (variables.size() == 1 ? "a variable" : variables.size() + " variables") + " that "
                + (variables.size() == 1 ? "was" : "were") + " not given: "
                + variables.stream().map(VisibleText::quote).collect(Collectors.joining(", ")));
        this.templateName = templateName;
        this.variables = List.copyOf(variables);
    }

    /** Returns the template's name. */
    public String templateName() {
        return templateName;
    }

    /** Returns the missing variables (dotted names as written), in the order the template uses them. */
    public List<String> variables() {
        return variables;
    }
}
