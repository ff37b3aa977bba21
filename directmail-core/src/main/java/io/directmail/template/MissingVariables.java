package io.directmail.template;

/**
 * What rendering does when a template uses a variable that was not given (absent from every
 * enclosing scope, or given as {@code null}). Section tags count as uses: {@code {{#vip}}} and
 * {@code {{^vip}}} need {@code vip} as much as {@code {{vip}}} does; give {@code false}, an
 * empty string or an empty list to hide or show a section on purpose.
 */
public enum MissingVariables {
    /** Refuse to render: a {@link MissingVariableException} names every missing variable. */
    FAIL,
    /**
     * Render a missing variable as the empty string and a section on it as absent; the result
     * lists the missing names in {@link RenderedContent#missingVariables()}.
     */
    EMPTY
}
