package io.directmail.list;

import io.directmail.InvalidMailException;
import io.directmail.template.MissingVariables;
import io.directmail.template.Template;
import io.directmail.template.TemplateRenderer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A template merged with recipient rows: one {@link PersonalisedMessage} per row, rendered only
 * when the iteration reaches it, so a 10,000-row batch holds one rendered message at a time, not
 * 10,000. Each row's variables fill the template; shared variables, if any, fill in what a row
 * does not have.
 *
 * <pre>{@code
 * Personalisation batch = Personalisation.of(renderer, template, list.recipients(), MissingVariables.FAIL)
 *         .withSharedVariables(Map.of("campaign", "spring-sale"));
 * for (PersonalisedMessage message : batch) {
 *     switch (message) {
 *         case PersonalisedMessage.Rendered r -> send(r.recipient().address(), r.content());
 *         case PersonalisedMessage.Refused r -> log(r.index(), r.reason().getMessage());
 *     }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; each iterator or stream is for one thread and starts at the
 * first row, rendering again.
 */
public final class Personalisation implements Iterable<PersonalisedMessage> {

    private final TemplateRenderer renderer;
    private final Template template;
    private final List<Recipient> recipients;
    private final MissingVariables policy;
    private final Map<String, ?> shared;

    private Personalisation(TemplateRenderer renderer, Template template, List<Recipient> recipients, MissingVariables policy,
            Map<String, ?> shared) {
        this.renderer = renderer;
        this.template = template;
        this.recipients = recipients;
        this.policy = policy;
        this.shared = shared;
    }

    /**
     * Merges a template with rows. Nothing is rendered yet.
     *
     * @param renderer the renderer, which compiles the template once
     * @param template the template
     * @param recipients the rows, for example {@link RecipientList#recipients()}
     * @param policy what a variable a row lacks does
     * @return the merge, without shared variables
     */
    public static Personalisation of(TemplateRenderer renderer, Template template, List<Recipient> recipients,
            MissingVariables policy) {
        return new Personalisation(Objects.requireNonNull(renderer, "renderer"), Objects.requireNonNull(template, "template"),
                List.copyOf(recipients), Objects.requireNonNull(policy, "policy"), Map.of());
    }

    /**
     * Returns a copy with values every row shares, such as a campaign name; a row's own value
     * for a name wins.
     *
     * @param variables the shared values by name
     * @return the copy
     */
    public Personalisation withSharedVariables(Map<String, ?> variables) {
        return new Personalisation(renderer, template, recipients, policy, Map.copyOf(variables));
    }

    /** Returns how many messages the iteration yields: one per row. */
    public int size() {
        return recipients.size();
    }

    /** Returns an iterator that renders each row when {@link Iterator#next()} reaches it. */
    @Override
    public Iterator<PersonalisedMessage> iterator() {
        return iterator(0);
    }

    /**
     * Returns an iterator that starts at a row, skipping the rows before it without rendering
     * them, for example to take up a batch where it stopped. Each message keeps its row's
     * {@link PersonalisedMessage#index() index} in the whole list.
     *
     * @param firstRow the index of the first row to render, from 0 to {@link #size()} (which
     *     gives an iterator without rows)
     * @return the iterator
     * @throws IndexOutOfBoundsException if {@code firstRow} is negative or greater than the size
     */
    public Iterator<PersonalisedMessage> iterator(int firstRow) {
        Objects.checkIndex(firstRow, recipients.size() + 1);
        return new Iterator<>() {
            private int next = firstRow;

            @Override
            public boolean hasNext() {
                return next < recipients.size();
            }

            @Override
            public PersonalisedMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("all " + recipients.size() + " rows have been rendered");
                }
                int index = next++;
                return render(index, recipients.get(index));
            }
        };
    }

    /** Returns a sequential stream that renders each row when the stream reaches it. */
    public Stream<PersonalisedMessage> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    @Override
    public Spliterator<PersonalisedMessage> spliterator() {
        return Spliterators.spliterator(iterator(), recipients.size(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
    }

    private PersonalisedMessage render(int index, Recipient recipient) {
        Map<String, ?> variables = recipient.variables();
        if (!shared.isEmpty()) {
            Map<String, Object> merged = new HashMap<>(shared);
            merged.putAll(recipient.variables());
            variables = merged;
        }
        try {
            return new PersonalisedMessage.Rendered(index, recipient, renderer.render(template, variables, policy));
        } catch (InvalidMailException e) {
            return new PersonalisedMessage.Refused(index, recipient, e);
        }
    }
}
