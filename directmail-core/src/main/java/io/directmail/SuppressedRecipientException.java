package io.directmail;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@code send} when every recipient of a mail is on the suppression list, so there is
 * nobody to send to. It lists each address with the reason. Nothing has been queued. (When only
 * some recipients are suppressed, the mail is sent to the others and the suppressed ones get the
 * status {@link DeliveryStatus#SUPPRESSED}.)
 */
public final class SuppressedRecipientException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Suppression> suppressions;

    /**
     * Creates the exception.
     *
     * @param suppressions the suppression entry of each recipient
     */
    public SuppressedRecipientException(List<Suppression> suppressions) {
        super("Every recipient is on the suppression list: " + suppressions.stream()
                .map(s -> s.address() + " (" + s.reason() + " since " + s.since() + (s.detail().isEmpty() ? "" : ": " + s.detail()) + ")")
                .collect(Collectors.joining(", ")));
        this.suppressions = List.copyOf(suppressions);
    }

    /** Returns the suppression entry of each recipient. */
    public List<Suppression> suppressions() {
        return suppressions;
    }
}
