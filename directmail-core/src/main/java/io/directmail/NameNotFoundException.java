package io.directmail;

import io.directmail.internal.text.VisibleText;
import java.io.Serial;

/**
 * Thrown when something is to be replaced under a name the account does not use for that kind
 * of thing. Nothing has been changed.
 */
public final class NameNotFoundException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;

    /**
     * Creates the exception.
     *
     * @param kind what was looked for, e.g. {@code "template"} or {@code "recipient list"}
     * @param name the name that was not found
     */
    public NameNotFoundException(String kind, String name) {
        super("No " + kind + " named " + VisibleText.quote(name) + " exists");
        this.kind = kind;
        this.name = name;
    }

    /** Returns what was looked for, e.g. {@code "template"}. */
    public String kind() {
        return kind;
    }

    /** Returns the name that was not found. */
    public String name() {
        return name;
    }
}
