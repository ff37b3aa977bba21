package io.directmail.internal.account;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.MailType;
import io.directmail.SmtpPasswordHash;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainVerification;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.account.UnknownDomainException;
import io.directmail.account.UnknownSenderAddressException;
import io.directmail.account.VerificationStatus;
import io.directmail.internal.account.ModelSync.Edit;
import io.directmail.internal.account.ModelVersion.RecordKey;
import io.directmail.list.RecipientList;
import io.directmail.list.RecipientLists;
import io.directmail.quota.QuotaLedger;
import io.directmail.template.Template;
import io.directmail.template.Templates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One managed account: its registries, and its domains and addresses in the shared identities.
 * Every change is made through {@link ModelSync}, checked against the model of every node sharing
 * the store and recorded in the store as it is made; a change the store refuses is undone. Other
 * nodes' changes are put in place by the registry: its templates and lists are then replaced as a
 * whole, while the account object and its quota ledger stay. Thread-safe.
 */
final class ManagedAccount implements Account {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedAccount.class);

    private final String id;
    private volatile AccountPolicy policy;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final Supplier<SendingIdentities> identities;
    private volatile Templates templates;
    private volatile RecipientLists lists;
    private final QuotaLedger quota;
    private final StoredModel model;
    private final ModelSync sync;

    /**
     * Builds the account from what the store holds of it (nothing, for a new one).
     *
     * @param model where its changes are recorded
     * @param sync orders its changes with those of other nodes, and keeps it in step with them
     */
    ManagedAccount(String id, AccountPolicy policy, Supplier<SendingIdentities> identities, Clock clock, StoredModel model,
            ModelSync sync) {
        this.id = id;
        this.policy = policy;
        this.identities = identities;
        this.model = model;
        this.sync = sync;
        this.templates = new Templates(policy.templates(), model.templates(id));
        this.lists = new RecipientLists(policy.lists(), model.lists(id));
        this.quota = QuotaLedger.newBuilder().policy(policy.quota()).clock(clock).sharedJournal(model.ledgers().journal(id)).build();
        compactLedgerIfDue();
    }

    /** Compacts the stored ledger when enough entries piled up since its snapshot; never throws. */
    void compactLedgerIfDue() {
        // One compaction of the account at a time on this node: the senders a group write releases
        // together would otherwise all compact as of the same entry.
        if (model.ledgers().wantsCompaction(id) && compacting.compareAndSet(false, true)) {
            try {
                quota.compact();
            } catch (RuntimeException e) {
                // Not at the next message: once as many entries piled up again.
                model.ledgers().postponeCompaction(id);
                LOG.warn("Could not compact the stored quota ledger of account {}; trying again later", id, e);
            } finally {
                compacting.set(false);
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccountPolicy policy() {
        return policy;
    }

    @Override
    public SendingDomain addDomain(String name) {
        SendingIdentities registry = identities.get();
        return sync.change(() -> {
            SendingDomain domain = registry.addDomain(id, name);
            return new Edit<>(domain, domainKey(domain.name()), () -> model.saveDomain(domain),
                    () -> registry.removeDomain(id, domain.name()));
        });
    }

    @Override
    public List<DnsRecord> dnsRecords(String domain) {
        SendingIdentities registry = identities.get();
        return look(() -> registry.records(id, domain));
    }

    @Override
    public DomainVerification verifyDomain(String domain) {
        SendingIdentities registry = identities.get();
        SendingDomain checked = look(() -> registry.domain(id, domain));
        DomainVerification verification = registry.verify(id, checked.name());
        if (verification.inconclusive()) {
            return verification;
        }
        VerificationStatus status = verification.verified() ? new VerificationStatus.Verified(verification.checkedAt())
                : new VerificationStatus.Failed(verification.checkedAt(), verification.summary());
        sync.change(() -> {
            // Memory may have been reloaded since the check: the status goes to the domain as it is now.
            SendingDomain current = registry.domain(id, checked.name());
            if (!current.ownershipToken().equals(checked.ownershipToken())) {
                return Edit.none(null);
            }
            boolean applied = current.status().equals(status);
            SendingDomain before = applied ? current.withStatus(checked.status()) : current;
            SendingDomain updated = current.withStatus(status);
            if (!applied) {
                registry.reload(IdentityEdits.domain(updated));
            }
            return new Edit<>(null, domainKey(updated.name()), () -> model.saveDomain(updated),
                    () -> registry.reload(IdentityEdits.domain(before)));
        });
        return verification;
    }

    @Override
    public void removeDomain(String domain) {
        SendingIdentities registry = identities.get();
        sync.change(() -> {
            SendingDomain existing = registry.domain(id, domain);
            registry.removeDomain(id, domain);
            return new Edit<>(null, domainKey(existing.name()), () -> model.removeDomain(existing.name()),
                    () -> registry.reload(IdentityEdits.domain(existing)));
        });
    }

    @Override
    public List<SendingDomain> domains() {
        SendingIdentities registry = identities.get();
        sync.refreshIfDue();
        return registry.domains(id);
    }

    @Override
    public SenderAddress addSenderAddress(EmailAddress address, MailType type, EmailAddress replyTo) {
        SendingIdentities registry = identities.get();
        return sync.change(() -> {
            SenderAddress sender = registry.addSenderAddress(id, address, type, replyTo);
            return new Edit<>(sender, senderKey(address), () -> model.saveSender(sender),
                    () -> registry.removeSenderAddress(id, address));
        });
    }

    @Override
    public void removeSenderAddress(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        SendingIdentities registry = identities.get();
        sync.change(() -> {
            Optional<SenderAddress> existing = sender(registry, address);
            registry.removeSenderAddress(id, address);
            SenderAddress removed = existing.orElseThrow();
            return new Edit<>(null, senderKey(removed.address()), () -> model.removeSender(removed.address().address()),
                    () -> registry.reload(IdentityEdits.sender(removed)));
        });
    }

    @Override
    public List<SenderAddress> senderAddresses() {
        SendingIdentities registry = identities.get();
        sync.refreshIfDue();
        return registry.senderAddresses(id);
    }

    @Override
    public SenderAddress checkSendable(EmailAddress from, MailType type) {
        SendingIdentities registry = identities.get();
        sync.refreshIfDue();
        try {
            return registry.checkSendable(id, from, type);
        } catch (InvalidMailException refused) {
            if (!sync.refreshAfterMiss(true)) {
                throw refused;
            }
            return registry.checkSendable(id, from, type);
        }
    }

    @Override
    public void setSmtpPassword(EmailAddress address, char[] password) {
        Objects.requireNonNull(address, "address");
        SmtpPasswordHash hash = SmtpPasswordHash.hash(password);
        SendingIdentities registry = identities.get();
        sync.change(() -> {
            String before = sender(registry, address).map(SenderAddress::smtpPasswordHash).orElse(null);
            SenderAddress changed = registry.setSmtpPasswordHash(id, address, hash.encoded());
            return new Edit<>(null, senderKey(changed.address()), () -> model.saveSender(changed),
                    () -> registry.setSmtpPasswordHash(id, address, before));
        });
    }

    @Override
    public boolean verifySmtpPassword(EmailAddress address, char[] candidate) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(candidate, "candidate");
        sync.refreshIfDue();
        Optional<String> hash = sender(identities.get(), address).map(SenderAddress::smtpPasswordHash);
        if (hash.isPresent()) {
            return SmtpPasswordHash.parse(hash.get()).verify(candidate);
        }
        // As slow as a real check, so that the time taken does not tell which addresses have a password.
        UnknownAddressHash.VALUE.verify(candidate);
        return false;
    }

    /** A hash to check candidates against when the address has no password; made once, when first needed. */
    private static final class UnknownAddressHash {
        static final SmtpPasswordHash VALUE = SmtpPasswordHash.hash("no password is set for this address".toCharArray());
    }

    @Override
    public void addTemplate(Template template) {
        byte[] encoded = model.encode(template);
        sync.change(() -> {
            Templates current = templates;
            current.add(template);
            return new Edit<>(null, templateKey(template.name()), () -> model.saveTemplate(id, template.name(), encoded),
                    () -> current.delete(template.name()));
        });
    }

    @Override
    public Template replaceTemplate(Template template) {
        byte[] encoded = model.encode(template);
        return sync.change(() -> {
            Templates current = templates;
            Template replaced = current.replace(template);
            return new Edit<>(replaced, templateKey(template.name()), () -> model.saveTemplate(id, template.name(), encoded),
                    () -> current.replace(replaced));
        });
    }

    @Override
    public Optional<Template> template(String name) {
        Objects.requireNonNull(name, "name");
        sync.refreshIfDue();
        Optional<Template> found = templates.get(name);
        return found.isEmpty() && sync.refreshAfterMiss(true) ? templates.get(name) : found;
    }

    @Override
    public boolean deleteTemplate(String name) {
        Objects.requireNonNull(name, "name");
        return sync.change(() -> {
            Templates current = templates;
            if (current.get(name).isEmpty()) {
                return Edit.none(false);
            }
            // The store first: if it refuses, nothing changed.
            return new Edit<>(true, templateKey(name), () -> {
                model.removeTemplate(id, name);
                current.delete(name);
            }, () -> { });
        });
    }

    @Override
    public List<Template> templates() {
        sync.refreshIfDue();
        return templates.list();
    }

    @Override
    public void addList(RecipientList list) {
        byte[] encoded = model.encode(list);
        sync.change(() -> {
            RecipientLists current = lists;
            current.add(list);
            return new Edit<>(null, listKey(list.name()), () -> model.saveList(id, list.name(), encoded),
                    () -> current.delete(list.name()));
        });
    }

    @Override
    public RecipientList replaceList(RecipientList list) {
        byte[] encoded = model.encode(list);
        return sync.change(() -> {
            RecipientLists current = lists;
            RecipientList replaced = current.replace(list);
            return new Edit<>(replaced, listKey(list.name()), () -> model.saveList(id, list.name(), encoded),
                    () -> current.replace(replaced));
        });
    }

    @Override
    public Optional<RecipientList> list(String name) {
        Objects.requireNonNull(name, "name");
        sync.refreshIfDue();
        Optional<RecipientList> found = lists.get(name);
        return found.isEmpty() && sync.refreshAfterMiss(true) ? lists.get(name) : found;
    }

    @Override
    public boolean deleteList(String name) {
        Objects.requireNonNull(name, "name");
        return sync.change(() -> {
            RecipientLists current = lists;
            if (current.get(name).isEmpty()) {
                return Edit.none(false);
            }
            // The store first: if it refuses, nothing changed.
            return new Edit<>(true, listKey(name), () -> {
                model.removeList(id, name);
                current.delete(name);
            }, () -> { });
        });
    }

    @Override
    public List<RecipientList> lists() {
        sync.refreshIfDue();
        return lists.list();
    }

    @Override
    public QuotaLedger quota() {
        return quota;
    }

    /** Applies other limits from now on: to templates, lists and quota. Under the model's lock. */
    void applyPolicy(AccountPolicy changed) {
        quota.changePolicy(changed.quota()); // first: it refuses a change of price or zone before anything changed
        policy = changed;
        templates = new Templates(changed.templates(), templates.list());
        lists = new RecipientLists(changed.lists(), lists.list());
    }

    /** Puts a template as stored now in place of the one of its name: absent where it is gone. Under the model's lock. */
    void reloadTemplate(String name, Optional<Template> stored) {
        List<Template> next = new ArrayList<>(templates.list());
        next.removeIf(template -> template.name().equals(name));
        stored.ifPresent(next::add);
        templates = new Templates(policy.templates(), next);
    }

    /** Puts a list as stored now in place of the one of its name: absent where it is gone. Under the model's lock. */
    void reloadList(String name, Optional<RecipientList> stored) {
        List<RecipientList> next = new ArrayList<>(lists.list());
        next.removeIf(list -> list.name().equals(name));
        stored.ifPresent(next::add);
        lists = new RecipientLists(policy.lists(), next);
    }

    /** Puts the templates and lists as stored now in place; the quota ledger stays. Under the model's lock. */
    void reload(List<Template> storedTemplates, List<RecipientList> storedLists) {
        templates = new Templates(policy.templates(), storedTemplates);
        lists = new RecipientLists(policy.lists(), storedLists);
    }

    /** Reads through memory; when the domain or sender address is not there, checks for changes and reads again. */
    private <T> T look(Supplier<T> read) {
        sync.refreshIfDue();
        try {
            return read.get();
        } catch (UnknownDomainException | UnknownSenderAddressException missed) {
            if (!sync.refreshAfterMiss(true)) {
                throw missed;
            }
            return read.get();
        }
    }

    private Optional<SenderAddress> sender(SendingIdentities registry, EmailAddress address) {
        return registry.senderAddresses(id).stream()
                .filter(sender -> sender.address().address().equalsIgnoreCase(address.address()))
                .findFirst();
    }

    private static RecordKey domainKey(String name) {
        return new RecordKey(StoredModel.DOMAINS, name);
    }

    private static RecordKey senderKey(EmailAddress address) {
        return new RecordKey(StoredModel.SENDERS, StoredModel.senderKey(address.address()));
    }

    private RecordKey templateKey(String name) {
        return new RecordKey(StoredModel.TEMPLATES, StoredModel.accountKey(id, name));
    }

    private RecordKey listKey(String name) {
        return new RecordKey(StoredModel.LISTS, StoredModel.accountKey(id, name));
    }

    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}
