package io.directmail.template;

import io.directmail.DuplicateNameException;
import io.directmail.LimitExceededException;
import io.directmail.NameNotFoundException;
import io.directmail.internal.registry.NamedRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's templates, by unique name, at most
 * {@link TemplateLimits#maxTemplatesPerAccount()} of them. It holds {@link Template} records
 * only, so a store can save what {@link #list()} returns and rebuild the registry with
 * {@link #Templates(TemplateLimits, Collection)}.
 *
 * <p>Thread-safe: every method is atomic, and a refused change leaves the registry as it was.
 */
public final class Templates {

    /** The limit's name in a {@link LimitExceededException}. */
    public static final String LIMIT = "maxTemplatesPerAccount";

    private final TemplateLimits limits;
    private final NamedRegistry<Template> registry;

    /**
     * Creates an empty registry.
     *
     * @param limits the limits to enforce
     */
    public Templates(TemplateLimits limits) {
        this(limits, List.of());
    }

    /**
     * Creates a registry holding templates stored earlier. They are all taken, even when they
     * are more than the limit allows (it may have been lowered since): a lowered limit refuses
     * new templates, it removes none.
     *
     * @param limits the limits to enforce
     * @param stored the templates to start with
     * @throws DuplicateNameException if two of them have one name
     */
    public Templates(TemplateLimits limits, Collection<Template> stored) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.registry = new NamedRegistry<>("template", LIMIT, limits.maxTemplatesPerAccount(), Template::name,
                Objects.requireNonNull(stored, "stored"));
    }

    /** Returns the limits this registry enforces. */
    public TemplateLimits limits() {
        return limits;
    }

    /**
     * Adds a template under a new name.
     *
     * @param template the template
     * @throws DuplicateNameException if a template has that name already
     * @throws LimitExceededException ({@value #LIMIT}) if the account has as many templates as
     *     allowed
     */
    public void add(Template template) {
        registry.add(template);
    }

    /**
     * Replaces the template with the same name. It does not count against the limit.
     *
     * @param template the new version
     * @return the version replaced
     * @throws NameNotFoundException if no template has that name
     */
    public Template replace(Template template) {
        return registry.replace(template);
    }

    /** Returns the template with the name, if there is one. */
    public Optional<Template> get(String name) {
        return registry.get(name);
    }

    /** Deletes the template with the name; returns false when there was none. */
    public boolean delete(String name) {
        return registry.delete(name);
    }

    /** Returns every template, ordered by name. */
    public List<Template> list() {
        return registry.list();
    }

    /** Returns how many templates there are. */
    public int size() {
        return registry.size();
    }
}
