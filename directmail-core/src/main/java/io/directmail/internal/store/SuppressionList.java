package io.directmail.internal.store;

import io.directmail.EmailAddress;
import io.directmail.Suppression;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses not to send to, in the heap: the built-in stores keep their list in one. Addresses compare with the domain's case ignored (it is already
 * lower-case) and the local part's case ignored too: receivers treat local parts case-insensitively
 * in practice, and suppressing {@code Bob@} along with {@code bob@} errs on the safe side. Thread-safe.
 */
public final class SuppressionList {

    private final ConcurrentHashMap<String, Suppression> entries = new ConcurrentHashMap<>();

    /** Returns the form of an address that suppression entries are compared by. */
    public static String key(EmailAddress address) {
        return address.localPart().toLowerCase(Locale.ROOT) + "@" + address.domain();
    }

    public Optional<Suppression> find(EmailAddress address) {
        return Optional.ofNullable(entries.get(key(address)));
    }

    /** Adds the entry unless the address is already suppressed; returns the entry in force. */
    public Suppression add(Suppression suppression) {
        Suppression existing = entries.putIfAbsent(key(suppression.address()), suppression);
        return existing != null ? existing : suppression;
    }

    public boolean remove(EmailAddress address) {
        return entries.remove(key(address)) != null;
    }

    public List<Suppression> all() {
        return entries.values().stream().sorted(Comparator.comparing(Suppression::since)
                .thenComparing(s -> s.address().address())).toList();
    }
}
