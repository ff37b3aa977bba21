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

/** One managed account: its registries, and its domains and addresses in the shared identities. Thread-safe. */
final class ManagedAccount implements Account {

    private final String id;
    private final AccountPolicy policy;
    private final Supplier<SendingIdentities> identities;
    private final Templates templates;
    private final RecipientLists lists;
    private final QuotaLedger quota;

    ManagedAccount(String id, AccountPolicy policy, Supplier<SendingIdentities> identities, Clock clock) {
        this.id = id;
        this.policy = policy;
        this.identities = identities;
        this.templates = new Templates(policy.templates());
        this.lists = new RecipientLists(policy.lists());
        this.quota = QuotaLedger.newBuilder().policy(policy.quota()).clock(clock).build();
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
        return identities.get().addDomain(id, name);
    }

    @Override
    public List<DnsRecord> dnsRecords(String domain) {
        return identities.get().records(id, domain);
    }

    @Override
    public DomainVerification verifyDomain(String domain) {
        return identities.get().verify(id, domain);
    }

    @Override
    public void removeDomain(String domain) {
        identities.get().removeDomain(id, domain);
    }

    @Override
    public List<SendingDomain> domains() {
        return identities.get().domains(id);
    }

    @Override
    public SenderAddress addSenderAddress(EmailAddress address, MailType type, EmailAddress replyTo) {
        return identities.get().addSenderAddress(id, address, type, replyTo);
    }

    @Override
    public void removeSenderAddress(EmailAddress address) {
        identities.get().removeSenderAddress(id, address);
    }

    @Override
    public List<SenderAddress> senderAddresses() {
        return identities.get().senderAddresses(id);
    }

    @Override
    public void setSmtpPassword(EmailAddress address, char[] password) {
        Objects.requireNonNull(address, "address");
        SmtpPasswordHash hash = SmtpPasswordHash.hash(password);
        identities.get().setSmtpPasswordHash(id, address, hash.encoded());
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
    public void addTemplate(Template template) {
        templates.add(template);
    }

    @Override
    public Template replaceTemplate(Template template) {
        return templates.replace(template);
    }

    @Override
    public Optional<Template> template(String name) {
        return templates.get(name);
    }

    @Override
    public boolean deleteTemplate(String name) {
        return templates.delete(name);
    }

    @Override
    public List<Template> templates() {
        return templates.list();
    }

    @Override
    public void addList(RecipientList list) {
        lists.add(list);
    }

    @Override
    public RecipientList replaceList(RecipientList list) {
        return lists.replace(list);
    }

    @Override
    public Optional<RecipientList> list(String name) {
        return lists.get(name);
    }

    @Override
    public boolean deleteList(String name) {
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

    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}
