package io.directmail.internal.account;

import io.directmail.account.AccountPolicy;
import io.directmail.account.IdentitySnapshot;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.internal.codec.AccountPolicyCodec;
import io.directmail.internal.codec.ModelVersionCodec;
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
import java.util.Optional;
import java.util.function.Function;

/**
 * The managed accounts' model in the store's keyed records: one record per account (its policy),
 * sending domain, sender address, template and recipient list, written as each changes, and the
 * {@linkplain ModelVersion model version} record through which the nodes sharing the store order
 * their changes ({@link ModelSync}); the quota ledgers are kept by {@link StoredLedgers}.
 * Thread-safe.
 */
public final class StoredModel {

    static final String ACCOUNTS = "dm.account";
    static final String DOMAINS = "dm.domain";
    static final String SENDERS = "dm.sender";
    static final String TEMPLATES = "dm.template";
    static final String LISTS = "dm.list";
    static final String MODEL = "dm.model";
    static final String VERSION_KEY = "version";
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

    /** {@return the bytes of the model version record, or empty before the first change} */
    Optional<byte[]> versionRecord() {
        return store.findRecord(MODEL, VERSION_KEY);
    }

    /**
     * Replaces the model version record if it still holds what the caller read (compare-and-set).
     *
     * @param expected the bytes read, or null when there was no record
     * @param version the new version
     * @return false if the record changed meanwhile, and nothing was written
     */
    boolean replaceVersion(byte[] expected, ModelVersion version) {
        byte[] encoded = ModelVersionCodec.encode(version);
        return expected == null ? store.putRecordIfAbsent(MODEL, VERSION_KEY, encoded)
                : store.replaceRecord(MODEL, VERSION_KEY, expected, encoded);
    }

    /** {@return the stored policy of an account, or empty if it is not stored} */
    Optional<AccountPolicy> account(String id) {
        return store.findRecord(ACCOUNTS, id).map(AccountPolicyCodec::decode);
    }

    /** Replaces a stored account's policy. */
    void saveAccount(String id, AccountPolicy policy) {
        store.putRecord(ACCOUNTS, id, AccountPolicyCodec.encode(policy));
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

    /** @param name the key of the domain's record: its name, ASCII and lower case */
    Optional<SendingDomain> domain(String name) {
        return store.findRecord(DOMAINS, name).map(SendingDomainCodec::decode);
    }

    /** @param key the key of the sender address's record; see {@link #senderKey} */
    Optional<SenderAddress> sender(String key) {
        return store.findRecord(SENDERS, key).map(SenderAddressCodec::decode);
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

    /** {@code Info@Example.com} is kept under {@code info@example.com}. */
    static String senderKey(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    List<Template> templates(String account) {
        return decodeAll(store.records(TEMPLATES, account + "/"), TemplateCodec::decode);
    }

    Optional<Template> template(String account, String name) {
        return store.findRecord(TEMPLATES, accountKey(account, name)).map(TemplateCodec::decode);
    }

    /** {@return every stored template, by account} */
    Map<String, List<Template>> allTemplates() {
        return byAccount(store.records(TEMPLATES), TemplateCodec::decode);
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

    Optional<RecipientList> list(String account, String name) {
        return store.findRecord(LISTS, accountKey(account, name)).map(RecipientListCodec::decode);
    }

    /** {@return every stored recipient list, by account} */
    Map<String, List<RecipientList>> allLists() {
        return byAccount(store.records(LISTS), RecipientListCodec::decode);
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

    /** {@return the account of a key made by {@link #accountKey}, or null if it is not one} */
    static String accountOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    /** {@return the name of a key made by {@link #accountKey}} */
    static String nameOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    private static <T> Map<String, List<T>> byAccount(List<StoredRecord> records, Function<byte[], T> decoder) {
        Map<String, List<T>> byAccount = new LinkedHashMap<>();
        for (StoredRecord record : records) {
            String account = accountOf(record.key());
            if (account != null) {
                byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(decoder.apply(record.value()));
            }
        }
        return byAccount;
    }

    private static <T> List<T> decodeAll(List<StoredRecord> records, Function<byte[], T> decoder) {
        List<T> decoded = new ArrayList<>(records.size());
        for (StoredRecord record : records) {
            decoded.add(decoder.apply(record.value()));
        }
        return decoded;
    }

}
