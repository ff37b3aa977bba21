package io.directmail;

import io.directmail.internal.text.VisibleText;
import java.io.Serial;

/**
 * Thrown when something is added under a name the account already uses for that kind of
 * thing, such as a second template called {@code welcome}. Nothing has been changed.
 */
public final class DuplicateNameException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;

    /**
     * Creates the exception.
     *
     * @param kind what was added, e.g. {@code "template"} or {@code "recipient list"}
     * @param name the name already in use
     */
    public DuplicateNameException(String kind, String name) {
        super("A " + kind + " named " + VisibleText.quote(name) + " already exists");
        this.kind = kind;
        this.name = name;
    }

    /** Returns what was added, e.g. {@code "template"}. */
    public String kind() {
        return kind;
    }

    /** Returns the name already in use. */
    public String name() {
        return name;
    }
}
