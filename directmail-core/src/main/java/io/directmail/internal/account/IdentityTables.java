package io.directmail.internal.account;

import io.directmail.EmailAddress;
import io.directmail.account.SendingDomain;
import io.directmail.account.SenderAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sending domains and sender addresses of all accounts, indexed for the registry's rules:
 * domains by name and by their place in the DNS tree (to find a domain's parents and subdomains),
 * sender addresses by address, both also by account in the order they were added.
 *
 * <p>Only stores; the rules are the caller's. Not thread-safe: the caller guards it.
 */
public final class IdentityTables {

    /** Domains by their labels in reverse order, {@code com.example.mail}: subdomains sort right after a domain. */
    private final NavigableMap<String, SendingDomain> domainsByTreeKey = new TreeMap<>();
    private final Map<String, Map<String, SendingDomain>> domainsByAccount = new HashMap<>();
    private final Map<String, SenderAddress> sendersByKey = new HashMap<>();
    private final Map<String, Map<String, SenderAddress>> sendersByAccount = new HashMap<>();

    /** Creates empty tables. */
    public IdentityTables() {
    }

    /**
     * Returns tables holding the given records, checked for what the registry never lets happen:
     * two domains of one name, a domain and its parent or subdomain in different accounts, a sender
     * address twice, or on a domain its account does not have.
     *
     * @param domains the domains
     * @param senders the sender addresses
     * @return the filled tables
     * @throws IllegalArgumentException naming the first record that breaks a rule
     */
    public static IdentityTables of(List<SendingDomain> domains, List<SenderAddress> senders) {
        IdentityTables tables = new IdentityTables();
        for (SendingDomain domain : domains) {
            if (tables.domain(domain.name()).isPresent()) {
                throw new IllegalArgumentException("the domain " + domain.name() + " is listed twice");
            }
            tables.conflict(domain.name(), domain.account()).ifPresent(other -> {
                throw new IllegalArgumentException("the domain " + domain.name() + " of account " + domain.account()
                        + " collides with " + other.name() + " of account " + other.account());
            });
            tables.putDomain(domain);
        }
        for (SenderAddress sender : senders) {
            tables.sender(sender.address()).ifPresent(other -> {
                throw new IllegalArgumentException("the sender address " + sender.address() + " is listed twice");
            });
            Optional<SendingDomain> domain = tables.domain(sender.domain());
            if (domain.isEmpty() || !domain.get().account().equals(sender.account())) {
                throw new IllegalArgumentException("the sender address " + sender.address() + " of account "
                        + sender.account() + " is on a domain the account does not have");
            }
            tables.putSender(sender);
        }
        return tables;
    }

    /** Returns the domain of this name, whichever account has it. */
    public Optional<SendingDomain> domain(String name) {
        return Optional.ofNullable(domainsByTreeKey.get(treeKey(name)));
    }

    /**
     * Returns a domain of another account that the name collides with: the same name, a parent
     * domain or a subdomain. The nearest parent is reported first, then the first subdomain.
     *
     * @param name a normalised domain name
     * @param account the account that wants it
     */
    public Optional<SendingDomain> conflict(String name, String account) {
        String key = treeKey(name);
        for (String candidate = key; ; ) {
            SendingDomain owner = domainsByTreeKey.get(candidate);
            if (owner != null && !owner.account().equals(account)) {
                return Optional.of(owner);
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                break;
            }
            candidate = candidate.substring(0, dot);
        }
        // Keys of subdomains start with the key and a dot; '/' is the character after '.'.
        return domainsByTreeKey.subMap(key + ".", true, key + "/", false).values().stream()
                .filter(domain -> !domain.account().equals(account))
                .findFirst();
    }

    /** Returns an account's domains in the order they were added. */
    public List<SendingDomain> domainsOf(String account) {
        return List.copyOf(domainsByAccount.getOrDefault(account, Map.of()).values());
    }

    /** Adds a domain, or replaces the domain of its name. */
    public void putDomain(SendingDomain domain) {
        domainsByTreeKey.put(treeKey(domain.name()), domain);
        domainsByAccount.computeIfAbsent(domain.account(), account -> new LinkedHashMap<>()).put(domain.name(), domain);
    }

    /** Removes the domain of this name, if there is one. */
    public void removeDomain(String name) {
        SendingDomain removed = domainsByTreeKey.remove(treeKey(name));
        if (removed != null) {
            Map<String, SendingDomain> ofAccount = domainsByAccount.get(removed.account());
            ofAccount.remove(name);
            if (ofAccount.isEmpty()) {
                domainsByAccount.remove(removed.account());
            }
        }
    }

    /**
     * Returns the sender address registered for this address, matching the local part without
     * regard to ASCII case: {@code Info@example.com} finds {@code info@example.com}.
     */
    public Optional<SenderAddress> sender(EmailAddress address) {
        return Optional.ofNullable(sendersByKey.get(senderKey(address)));
    }

    /** Returns an account's sender addresses in the order they were added. */
    public List<SenderAddress> sendersOf(String account) {
        return List.copyOf(sendersByAccount.getOrDefault(account, Map.of()).values());
    }

    /** Returns how many sender addresses there are on a domain. */
    public int sendersOn(SendingDomain domain) {
        return (int) sendersByAccount.getOrDefault(domain.account(), Map.of()).values().stream()
                .filter(sender -> sender.domain().equals(domain.name()))
                .count();
    }

    /** Adds a sender address, or replaces the one of the same address. */
    public void putSender(SenderAddress sender) {
        String key = senderKey(sender.address());
        sendersByKey.put(key, sender);
        sendersByAccount.computeIfAbsent(sender.account(), account -> new LinkedHashMap<>()).put(key, sender);
    }

    /** Removes the sender address registered for this address, if there is one. */
    public void removeSender(EmailAddress address) {
        String key = senderKey(address);
        SenderAddress removed = sendersByKey.remove(key);
        if (removed != null) {
            Map<String, SenderAddress> ofAccount = sendersByAccount.get(removed.account());
            ofAccount.remove(key);
            if (ofAccount.isEmpty()) {
                sendersByAccount.remove(removed.account());
            }
        }
    }

    /** Returns every domain, ordered by account and then in the order each account added them. */
    public List<SendingDomain> allDomains() {
        List<SendingDomain> all = new ArrayList<>(domainsByTreeKey.size());
        new TreeMap<>(domainsByAccount).values().forEach(ofAccount -> all.addAll(ofAccount.values()));
        return all;
    }

    /** Returns every sender address, ordered by account and then in the order each account added them. */
    public List<SenderAddress> allSenders() {
        List<SenderAddress> all = new ArrayList<>(sendersByKey.size());
        new TreeMap<>(sendersByAccount).values().forEach(ofAccount -> all.addAll(ofAccount.values()));
        return all;
    }

    private static String treeKey(String name) {
        String[] labels = name.split("\\.");
        StringBuilder key = new StringBuilder(name.length());
        for (int i = labels.length - 1; i >= 0; i--) {
            key.append(labels[i]);
            if (i > 0) {
                key.append('.');
            }
        }
        return key.toString();
    }

    private static String senderKey(EmailAddress address) {
        return address.localPart().toLowerCase(Locale.ROOT) + "@" + address.domain();
    }
}
