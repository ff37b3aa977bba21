package io.directmail.template;

import java.io.Serial;

/**
 * Thrown when a part of a {@link Template} is not valid mustache, or uses a mustache feature
 * templates do not support. It names the part and the position of the offending tag: the line
 * (from 1) and the column (from 1, counting characters) of its first opening brace; for a
 * section that is never closed, the position of its opening tag.
 */
public final class TemplateSyntaxException extends InvalidTemplateException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TemplatePart part;
    private final int line;
    private final int column;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param templateName the template's name
     * @param part the part with the error
     * @param line the line of the error, from 1
     * @param column the column of the error, from 1
     * @param problem what is wrong there
     */
    public TemplateSyntaxException(String templateName, TemplatePart part, int line, int column, String problem) {
        super(templateName, part.label() + " line " + line + ", column " + column + ": " + problem);
        this.part = part;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** Returns the part with the error. */
    public TemplatePart part() {
        return part;
    }

    /** Returns the line of the error, counting from 1. */
    public int line() {
        return line;
    }

    /** Returns the column of the error, counting characters from 1. */
    public int column() {
        return column;
    }

    /** Returns what is wrong, without the position. */
    public String problem() {
        return problem;
    }
}
