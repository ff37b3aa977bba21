package io.directmail.internal.account;

import io.directmail.account.AccountPolicy;
import io.directmail.account.IdentitySnapshot;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.internal.account.ModelVersion.RecordKey;
import io.directmail.list.RecipientList;
import io.directmail.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the model's records, as the store holds them now, in place in one node's memory: the
 * registry's accounts, their templates and lists, and the sending domains and sender addresses.
 * An account that stays keeps its object, and with it its quota ledger; only its templates and
 * lists are replaced. Runs under {@link ModelSync}'s lock.
 */
final class ModelReload implements ModelSync.Loader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelReload.class);

    private final StoredModel model;
    private final Map<String, ManagedAccount> accounts;
    private final SendingIdentities identities;
    private final BiFunction<String, AccountPolicy, ManagedAccount> newAccount;

    /**
     * @param model where the records are read
     * @param accounts the registry's accounts, changed in place
     * @param identities the sending domains and sender addresses, or null when there are none
     * @param newAccount makes the object of an account this node does not know yet
     */
    ModelReload(StoredModel model, Map<String, ManagedAccount> accounts, SendingIdentities identities,
            BiFunction<String, AccountPolicy, ManagedAccount> newAccount) {
        this.model = model;
        this.accounts = accounts;
        this.identities = identities;
        this.newAccount = newAccount;
    }

    @Override
    public void reload(Set<RecordKey> changed) {
        // Accounts first: a new account is taken up with the templates and lists stored for it.
        for (RecordKey record : changed) {
            if (record.kind().equals(StoredModel.ACCOUNTS)) {
                reloadAccount(record.key());
            }
        }
        Map<String, Optional<SendingDomain>> domains = new LinkedHashMap<>();
        Map<String, Optional<SenderAddress>> senders = new LinkedHashMap<>();
        for (RecordKey record : changed) {
            switch (record.kind()) {
                case StoredModel.ACCOUNTS -> {
                }
                case StoredModel.TEMPLATES -> {
                    ManagedAccount account = accountOf(record);
                    if (account != null) {
                        String name = StoredModel.nameOf(record.key());
                        account.reloadTemplate(name, model.template(account.id(), name));
                    }
                }
                case StoredModel.LISTS -> {
                    ManagedAccount account = accountOf(record);
                    if (account != null) {
                        String name = StoredModel.nameOf(record.key());
                        account.reloadList(name, model.list(account.id(), name));
                    }
                }
                case StoredModel.DOMAINS -> {
                    if (identities != null) {
                        domains.put(record.key(), model.domain(record.key()));
                    }
                }
                case StoredModel.SENDERS -> {
                    if (identities != null) {
                        senders.put(record.key(), model.sender(record.key()));
                    }
                }
                default -> LOG.debug("Not reloading {}: not a record of the accounts' model this version keeps", record);
            }
        }
        IdentityEdits edits = new IdentityEdits(domains, senders);
        if (!edits.isEmpty()) {
            identities.reload(edits);
        }
    }

    @Override
    public void reloadAll() {
        Map<String, AccountPolicy> stored = model.accounts();
        boolean anyKnown = stored.keySet().stream().anyMatch(accounts::containsKey);
        Map<String, List<Template>> templates = anyKnown ? model.allTemplates() : Map.of();
        Map<String, List<RecipientList>> lists = anyKnown ? model.allLists() : Map.of();
        IdentitySnapshot snapshot = identities == null ? null : model.identities();
        stored.forEach((id, policy) -> {
            ManagedAccount known = accounts.get(id);
            if (known == null) {
                accounts.put(id, newAccount.apply(id, policy));
            } else {
                if (!known.policy().equals(policy)) {
                    known.applyPolicy(policy);
                }
                known.reload(templates.getOrDefault(id, List.of()), lists.getOrDefault(id, List.of()));
            }
        });
        accounts.keySet().removeIf(id -> !stored.containsKey(id));
        if (snapshot != null) {
            identities.reload(current -> snapshot);
        }
    }

    private void reloadAccount(String id) {
        Optional<AccountPolicy> policy = model.account(id);
        if (policy.isEmpty()) {
            if (accounts.remove(id) != null) {
                LOG.warn("Account {} is no longer stored; its mail is no longer checked here", id);
            }
        } else if (!accounts.containsKey(id)) {
            accounts.put(id, newAccount.apply(id, policy.get()));
        } else if (!accounts.get(id).policy().equals(policy.get())) {
            accounts.get(id).applyPolicy(policy.get());
        }
    }

    private ManagedAccount accountOf(RecordKey record) {
        String id = StoredModel.accountOf(record.key());
        return id == null ? null : accounts.get(id);
    }
}
