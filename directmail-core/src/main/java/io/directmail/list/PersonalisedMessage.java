package io.directmail.list;

import io.directmail.InvalidMailException;
import io.directmail.template.RenderedContent;
import java.util.Objects;

/**
 * The outcome of rendering a template for one row of a recipient list: either the content to
 * send, or why that row cannot be sent. A refused row is a value, not an exception, so one bad
 * row does not stop a batch.
 */
public sealed interface PersonalisedMessage {

    /** Returns the row's position in the list, from 0. */
    int index();

    /** Returns the row. */
    Recipient recipient();

    /**
     * A row rendered.
     *
     * @param index the row's position in the list, from 0
     * @param recipient the row
     * @param content the subject and bodies for it
     */
    record Rendered(int index, Recipient recipient, RenderedContent content) implements PersonalisedMessage {
        /** Checks that the parts are present. */
        public Rendered {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A row that could not be rendered: a variable it lacks (with
     * {@link io.directmail.template.MissingVariables#FAIL}) or a value that would break the
     * subject.
     *
     * @param index the row's position in the list, from 0
     * @param recipient the row
     * @param reason why, naming the variable
     */
    record Refused(int index, Recipient recipient, InvalidMailException reason) implements PersonalisedMessage {
        /** Checks that the parts are present. */
        public Refused {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
