package io.directmail.internal.account;

import io.directmail.account.AccountPolicy;
import io.directmail.account.IdentitySnapshot;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.internal.codec.AccountPolicyCodec;
import io.directmail.internal.codec.RecipientListCodec;
import io.directmail.internal.codec.SenderAddressCodec;
import io.directmail.internal.codec.SendingDomainCodec;
import io.directmail.internal.codec.TemplateCodec;
import io.directmail.list.RecipientList;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The managed accounts' model in the store's keyed records: one record per account (its policy),
 * sending domain, sender address, template and recipient list, written as each changes; the quota
 * ledgers are kept by {@link StoredLedgers}. Thread-safe.
 */
public final class StoredModel {

    static final String ACCOUNTS = "dm.account";
    static final String DOMAINS = "dm.domain";
    static final String SENDERS = "dm.sender";
    static final String TEMPLATES = "dm.template";
    static final String LISTS = "dm.list";
    private final MailStore store;
    private final StoredLedgers ledgers;

    /** @param store where the records are kept */
    public StoredModel(MailStore store) {
        this.store = store;
        this.ledgers = new StoredLedgers(store);
    }

    /** {@return the accounts' quota ledgers in the same store} */
    StoredLedgers ledgers() {
        return ledgers;
    }

    /** {@return the stored accounts' policies, by id} */
    Map<String, AccountPolicy> accounts() {
        Map<String, AccountPolicy> accounts = new LinkedHashMap<>();
        for (StoredRecord record : store.records(ACCOUNTS)) {
            accounts.put(record.key(), AccountPolicyCodec.decode(record.value()));
        }
        return accounts;
    }

    /** Stores a new account; returns false if one with the id is stored already. */
    boolean addAccount(String id, AccountPolicy policy) {
        return store.putRecordIfAbsent(ACCOUNTS, id, AccountPolicyCodec.encode(policy));
    }

    /** {@return every stored sending domain and sender address} */
    public IdentitySnapshot identities() {
        return new IdentitySnapshot(decodeAll(store.records(DOMAINS), SendingDomainCodec::decode),
                decodeAll(store.records(SENDERS), SenderAddressCodec::decode));
    }

    void saveDomain(SendingDomain domain) {
        store.putRecord(DOMAINS, domain.name(), SendingDomainCodec.encode(domain));
    }

    /** @param name the domain's name as the registry holds it (ASCII, lower case) */
    void removeDomain(String name) {
        store.removeRecord(DOMAINS, name);
    }

    void saveSender(SenderAddress sender) {
        store.putRecord(SENDERS, senderKey(sender.address().address()), SenderAddressCodec.encode(sender));
    }

    void removeSender(String address) {
        store.removeRecord(SENDERS, senderKey(address));
    }

    private static String senderKey(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    List<Template> templates(String account) {
        return decodeAll(store.records(TEMPLATES, account + "/"), TemplateCodec::decode);
    }

    /** Encodes first: a template the store cannot hold is refused before anything changes. */
    byte[] encode(Template template) {
        return TemplateCodec.encode(template);
    }

    void saveTemplate(String account, String name, byte[] encoded) {
        store.putRecord(TEMPLATES, accountKey(account, name), encoded);
    }

    void removeTemplate(String account, String name) {
        store.removeRecord(TEMPLATES, accountKey(account, name));
    }

    List<RecipientList> lists(String account) {
        return decodeAll(store.records(LISTS, account + "/"), RecipientListCodec::decode);
    }

    byte[] encode(RecipientList list) {
        return RecipientListCodec.encode(list);
    }

    void saveList(String account, String name, byte[] encoded) {
        store.putRecord(LISTS, accountKey(account, name), encoded);
    }

    void removeList(String account, String name) {
        store.removeRecord(LISTS, accountKey(account, name));
    }

    /** {@code account/name}: the key of a record an account keeps by name; an account id holds no slash. */
    static String accountKey(String account, String name) {
        return account + "/" + name;
    }

    private static <T> List<T> decodeAll(List<StoredRecord> records, Function<byte[], T> decoder) {
        List<T> decoded = new ArrayList<>(records.size());
        for (StoredRecord record : records) {
            decoded.add(decoder.apply(record.value()));
        }
        return decoded;
    }

}
