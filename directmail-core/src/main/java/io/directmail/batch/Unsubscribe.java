package io.directmail.batch;

import io.directmail.Suppression;
import java.util.Objects;

/**
 * An unsubscribe that {@link Unsubscribes#record(String)} took: the verified token and the
 * suppression entry now in force for its address.
 *
 * @param token what the token says
 * @param suppression the address's entry on its account's unsubscribe list: the new
 *     {@link Suppression.Reason#UNSUBSCRIBE} entry, or the one an earlier unsubscribe made
 * @param newlySuppressed true when this unsubscribe put the address on the list; false when an
 *     earlier unsubscribe of the same account had
 */
public record Unsubscribe(UnsubscribeToken token, Suppression suppression, boolean newlySuppressed) {

    /**
     * Checks that the parts are present.
     *
     * @throws NullPointerException if a part is null
     */
    public Unsubscribe {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(suppression, "suppression");
    }
}
