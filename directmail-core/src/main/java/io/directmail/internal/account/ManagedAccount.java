package io.directmail.internal.account;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.SmtpPasswordHash;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainVerification;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.list.RecipientList;
import io.directmail.list.RecipientLists;
import io.directmail.quota.QuotaLedger;
import io.directmail.template.Template;
import io.directmail.template.Templates;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One managed account: its registries, and its domains and addresses in the shared identities.
 * Every change is recorded in the store as it is made; a change the store refuses is undone.
 * Thread-safe.
 */
final class ManagedAccount implements Account {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedAccount.class);

    private final String id;
    private final AccountPolicy policy;
    private final Supplier<SendingIdentities> identities;
    private final Templates templates;
    private final RecipientLists lists;
    private final QuotaLedger quota;
    private final StoredModel model;

    /**
     * Builds the account from what the store holds of it (nothing, for a new one).
     *
     * @param model where its changes are recorded
     */
    ManagedAccount(String id, AccountPolicy policy, Supplier<SendingIdentities> identities, Clock clock, StoredModel model) {
        this.id = id;
        this.policy = policy;
        this.identities = identities;
        this.model = model;
        this.templates = new Templates(policy.templates(), model.templates(id));
        this.lists = new RecipientLists(policy.lists(), model.lists(id));
        this.quota = QuotaLedger.newBuilder().policy(policy.quota()).clock(clock).sharedJournal(model.ledgers().journal(id)).build();
        compactLedgerIfDue();
    }

    /** Compacts the stored ledger when enough entries piled up since its snapshot; never throws. */
    void compactLedgerIfDue() {
        if (model.ledgers().wantsCompaction(id)) {
            try {
                quota.compact();
            } catch (RuntimeException e) {
                LOG.warn("Could not compact the stored quota ledger of account {}; trying again later", id, e);
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
        SendingDomain domain = identities.get().addDomain(id, name);
        try {
            model.saveDomain(domain);
        } catch (RuntimeException e) {
            identities.get().removeDomain(id, domain.name());
            throw e;
        }
        return domain;
    }

    @Override
    public List<DnsRecord> dnsRecords(String domain) {
        return identities.get().records(id, domain);
    }

    @Override
    public DomainVerification verifyDomain(String domain) {
        DomainVerification verification = identities.get().verify(id, domain);
        model.saveDomain(identities.get().domain(id, domain));
        return verification;
    }

    @Override
    public synchronized void removeDomain(String domain) {
        String name = identities.get().domain(id, domain).name();
        boolean inUse = senderAddresses().stream().anyMatch(sender -> sender.address().domain().equals(name));
        if (!inUse) {
            // The store first: if it refuses, nothing changed.
            model.removeDomain(name);
        }
        identities.get().removeDomain(id, domain);
    }

    @Override
    public List<SendingDomain> domains() {
        return identities.get().domains(id);
    }

    @Override
    public SenderAddress addSenderAddress(EmailAddress address, MailType type, EmailAddress replyTo) {
        SenderAddress sender = identities.get().addSenderAddress(id, address, type, replyTo);
        try {
            model.saveSender(sender);
        } catch (RuntimeException e) {
            identities.get().removeSenderAddress(id, address);
            throw e;
        }
        return sender;
    }

    @Override
    public synchronized void removeSenderAddress(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        boolean known = senderAddresses().stream().anyMatch(sender -> sender.address().address().equalsIgnoreCase(address.address()));
        if (known) {
            // The store first: if it refuses, nothing changed.
            model.removeSender(address.address());
        }
        identities.get().removeSenderAddress(id, address);
    }

    @Override
    public List<SenderAddress> senderAddresses() {
        return identities.get().senderAddresses(id);
    }

    @Override
    public SenderAddress checkSendable(EmailAddress from, MailType type) {
        return identities.get().checkSendable(id, from, type);
    }

    @Override
    public void setSmtpPassword(EmailAddress address, char[] password) {
        Objects.requireNonNull(address, "address");
        SmtpPasswordHash hash = SmtpPasswordHash.hash(password);
        model.saveSender(identities.get().setSmtpPasswordHash(id, address, hash.encoded()));
    }

    @Override
    public boolean verifySmtpPassword(EmailAddress address, char[] candidate) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(candidate, "candidate");
        for (SenderAddress sender : senderAddresses()) {
            if (sender.address().address().equalsIgnoreCase(address.address())) {
                return sender.smtpPasswordHash() != null && SmtpPasswordHash.parse(sender.smtpPasswordHash()).verify(candidate);
            }
        }
        return false;
    }

    @Override
    public synchronized void addTemplate(Template template) {
        byte[] encoded = model.encode(template);
        templates.add(template);
        saveOrUndo(() -> model.saveTemplate(id, template.name(), encoded), () -> templates.delete(template.name()));
    }

    @Override
    public synchronized Template replaceTemplate(Template template) {
        byte[] encoded = model.encode(template);
        Template replaced = templates.replace(template);
        saveOrUndo(() -> model.saveTemplate(id, template.name(), encoded), () -> templates.replace(replaced));
        return replaced;
    }

    @Override
    public Optional<Template> template(String name) {
        return templates.get(name);
    }

    @Override
    public synchronized boolean deleteTemplate(String name) {
        if (templates.get(name).isEmpty()) {
            return false;
        }
        model.removeTemplate(id, name);
        return templates.delete(name);
    }

    @Override
    public List<Template> templates() {
        return templates.list();
    }

    @Override
    public synchronized void addList(RecipientList list) {
        byte[] encoded = model.encode(list);
        lists.add(list);
        saveOrUndo(() -> model.saveList(id, list.name(), encoded), () -> lists.delete(list.name()));
    }

    @Override
    public synchronized RecipientList replaceList(RecipientList list) {
        byte[] encoded = model.encode(list);
        RecipientList replaced = lists.replace(list);
        saveOrUndo(() -> model.saveList(id, list.name(), encoded), () -> lists.replace(replaced));
        return replaced;
    }

    @Override
    public Optional<RecipientList> list(String name) {
        return lists.get(name);
    }

    @Override
    public synchronized boolean deleteList(String name) {
        if (lists.get(name).isEmpty()) {
            return false;
        }
        model.removeList(id, name);
        return lists.delete(name);
    }

    @Override
    public List<RecipientList> lists() {
        return lists.list();
    }

    @Override
    public QuotaLedger quota() {
        return quota;
    }

    /** Runs a save after the change it records was made in memory; a save the store refuses undoes the change. */
    private static void saveOrUndo(Runnable save, Runnable undo) {
        try {
            save.run();
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}
