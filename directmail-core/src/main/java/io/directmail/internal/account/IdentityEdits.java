package io.directmail.internal.account;

import io.directmail.account.IdentitySnapshot;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Changes of the sending domains and sender addresses as whole-state edits for
 * {@link io.directmail.account.SendingIdentities#reload}: records put in, replaced or taken out by
 * the key the store keeps them under. A replaced record keeps its place; a new one goes last.
 * Immutable and thread-safe.
 *
 * @param domains by name: the domain as stored now, or empty where it is gone
 * @param senders by {@linkplain StoredModel#senderKey sender key}: the address as stored now, or
 *     empty where it is gone
 */
record IdentityEdits(Map<String, Optional<SendingDomain>> domains, Map<String, Optional<SenderAddress>> senders)
        implements UnaryOperator<IdentitySnapshot> {

    IdentityEdits {
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        senders = Collections.unmodifiableMap(new LinkedHashMap<>(senders));
    }

    /** {@return an edit that puts one domain in, replacing the one of its name} */
    static IdentityEdits domain(SendingDomain domain) {
        return new IdentityEdits(Map.of(domain.name(), Optional.of(domain)), Map.of());
    }

    /** {@return an edit that puts one sender address in, replacing the one of its address} */
    static IdentityEdits sender(SenderAddress sender) {
        return new IdentityEdits(Map.of(), Map.of(senderKey(sender), Optional.of(sender)));
    }

    /** {@return true if it changes nothing} */
    boolean isEmpty() {
        return domains.isEmpty() && senders.isEmpty();
    }

    @Override
    public IdentitySnapshot apply(IdentitySnapshot current) {
        return new IdentitySnapshot(edit(current.domains(), domains, SendingDomain::name),
                edit(current.senderAddresses(), senders, IdentityEdits::senderKey));
    }

    private static <T> List<T> edit(List<T> current, Map<String, Optional<T>> changes, Function<T, String> keyOf) {
        if (changes.isEmpty()) {
            return current;
        }
        Map<String, Optional<T>> pending = new HashMap<>(changes);
        List<T> edited = new ArrayList<>(current.size() + changes.size());
        for (T record : current) {
            Optional<T> change = pending.remove(keyOf.apply(record));
            if (change == null) {
                edited.add(record);
            } else {
                change.ifPresent(edited::add);
            }
        }
        for (Optional<T> added : changes.values()) {
            added.filter(record -> pending.containsKey(keyOf.apply(record))).ifPresent(edited::add);
        }
        return edited;
    }

    private static String senderKey(SenderAddress sender) {
        return StoredModel.senderKey(sender.address().address());
    }
}
