package io.directmail.internal.account;

import io.directmail.DuplicateNameException;
import io.directmail.InvalidMailException;
import io.directmail.Mail;
import io.directmail.NameNotFoundException;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.Accounts;
import io.directmail.account.SendingIdentities;
import io.directmail.account.UnknownAccountException;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.account.ModelSync.Edit;
import io.directmail.internal.account.ModelVersion.RecordKey;
import io.directmail.internal.batch.BatchSender;
import io.directmail.internal.text.AccountIdRule;
import io.directmail.quota.Reservation;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed accounts of one engine, and the checks their mail passes at admission: the sender
 * address, its verified domain, and the quota. Thread-safe.
 *
 * <p>Nodes sharing a store share the accounts: every change is ordered with the other nodes'
 * changes and checked against the model they make together, and each node takes in the others'
 * changes within a refresh interval, or at once when a lookup misses (see {@link ModelSync}).
 * Admission reads memory only; at most once per interval it reads the model's version first.
 */
public final class AccountRegistry implements Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRegistry.class);

    private final ConcurrentHashMap<String, ManagedAccount> accounts = new ConcurrentHashMap<>();
    private final SendingIdentities identities;
    private final Clock clock;
    private final StoredModel model;
    private final ModelSync sync;
    private final boolean managedOnly;
    /** Set once, by the DirectMail that owns this registry, before the instance is shared. */
    private volatile BatchSender batchSender;

    /**
     * Takes up the accounts stored, checking for other nodes' changes every
     * {@linkplain ModelSync#REFRESH_INTERVAL second}.
     *
     * @param identities the sending domains and sender addresses of every account, or null when
     *     the application configured none (then no account can have a domain); those stored are
     *     put in it now
     * @param clock the time source for quota, refreshes and changes' leases
     * @param model where the accounts are kept: those it holds are taken up now
     */
    public AccountRegistry(SendingIdentities identities, Clock clock, StoredModel model) {
        this(identities, clock, model, ModelSync.REFRESH_INTERVAL, ModelSync.WRITE_LEASE);
    }

    /**
     * Takes up the accounts stored.
     *
     * @param identities see {@link #AccountRegistry(SendingIdentities, Clock, StoredModel)}
     * @param clock the time source for quota, refreshes and changes' leases
     * @param model where the accounts are kept: those it holds are taken up now
     * @param refreshInterval how long memory is used before checking for other nodes' changes
     * @param writeLease how long a change may hold the model before another node takes it over
     */
    public AccountRegistry(SendingIdentities identities, Clock clock, StoredModel model, Duration refreshInterval,
            Duration writeLease) {
        this(identities, clock, model, refreshInterval, writeLease, false);
    }

    /**
     * Takes up the accounts stored.
     *
     * @param managedOnly true to refuse mail of an account id that is not managed, false to send it unchecked
     */
    public AccountRegistry(SendingIdentities identities, Clock clock, StoredModel model, Duration refreshInterval,
            Duration writeLease, boolean managedOnly) {
        this.managedOnly = managedOnly;
        this.identities = identities;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.model = Objects.requireNonNull(model, "model");
        this.sync = new ModelSync(model, clock, refreshInterval, writeLease);
        sync.start(new ModelReload(model, accounts, identities, this::newAccount));
    }

    /** {@return true when mail of an account id that is not managed is refused} */
    public boolean managedOnly() {
        return managedOnly;
    }

    private ManagedAccount newAccount(String id, AccountPolicy policy) {
        return new ManagedAccount(id, policy, this::identities, clock, model, sync);
    }

    @Override
    public Account create(String id) {
        return create(id, AccountPolicy.defaults());
    }

    @Override
    public Account create(String id, AccountPolicy policy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        if (!AccountIdRule.isValid(id)) {
            throw new IllegalArgumentException("account id must be " + AccountIdRule.DESCRIPTION + ", was " + id);
        }
        ManagedAccount[] made = new ManagedAccount[1];
        return sync.change(() -> {
            if (accounts.containsKey(id)) {
                throw new DuplicateNameException("account", id);
            }
            if (made[0] == null) {
                made[0] = newAccount(id, policy);
            }
            ManagedAccount account = made[0];
            accounts.put(id, account);
            return new Edit<>(account, new RecordKey(StoredModel.ACCOUNTS, id), () -> {
                if (!model.addAccount(id, policy)) {
                    throw new DuplicateNameException("account", id);
                }
            }, () -> accounts.remove(id, account));
        });
    }

    @Override
    public Account changePolicy(String id, AccountPolicy policy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        return sync.change(() -> {
            ManagedAccount account = accounts.get(id);
            if (account == null) {
                throw new NameNotFoundException("account", id);
            }
            AccountPolicy before = account.policy();
            account.applyPolicy(policy);
            return new Edit<>(account, new RecordKey(StoredModel.ACCOUNTS, id), () -> model.saveAccount(id, policy),
                    () -> account.applyPolicy(before));
        });
    }

    @Override
    public Optional<Account> find(String id) {
        Objects.requireNonNull(id, "id");
        sync.refreshIfDue();
        ManagedAccount account = accounts.get(id);
        if (account == null && sync.refreshAfterMiss(true)) {
            account = accounts.get(id);
        }
        return Optional.ofNullable(account);
    }

    @Override
    public List<Account> list() {
        sync.refreshIfDue();
        return accounts.values().stream().sorted(Comparator.comparing(ManagedAccount::id)).map(Account.class::cast).toList();
    }

    /**
     * Connects the engine's path for batch rows, once, while the {@code DirectMail} that owns this
     * registry is built.
     *
     * @param sender sends a row with its batch's id beside it
     * @throws IllegalStateException if a path was connected already
     */
    public void connectBatchSender(BatchSender sender) {
        Objects.requireNonNull(sender, "sender");
        if (batchSender != null) {
            throw new IllegalStateException("the batch path of these accounts is connected already");
        }
        batchSender = sender;
    }

    /**
     * Returns the path through which batches send their rows, so that a managed account's row takes
     * its place from its batch's reservation.
     *
     * @return the path
     * @throws IllegalStateException if none was connected
     */
    public BatchSender batchSender() {
        BatchSender sender = batchSender;
        if (sender == null) {
            throw new IllegalStateException("no batch path is connected to these accounts");
        }
        return sender;
    }

    private SendingIdentities identities() {
        if (identities == null) {
            throw new IllegalStateException("sending domains need DomainSettings: give the DirectMail builder"
                    + " sendingDomains(DomainSettings) with the hosts mail is sent from and the bounce host");
        }
        return identities;
    }

    /**
     * Checks a mail of a managed account at admission and holds a place for it under the account's
     * daily cap: the place its batch reserved for it, for a row of a batch whose reservation is
     * still open, else a place of its own. Mail of an account that is not managed
     * passes unchecked; an account created on another node is managed here within the refresh
     * interval. A mail refused for its sender address is checked again after a look at the model's
     * version, in case another node has just added the address or verified its domain.
     *
     * @param mail the mail
     * @param messageId the id it will have
     * @param batchPlace the reservation of the batch the mail is a row of, as its batch sender
     *     gave it (never read from the mail), or null for any other mail
     * @return the admission to complete with {@link Admission#accepted} or {@link Admission#refused}
     * @throws io.directmail.InvalidMailException (a subtype naming the problem) if the sender
     *     address is not the account's, is of the other mail type, or its domain is not verified
     * @throws io.directmail.quota.QuotaExceededException if the account's daily cap is reached
     */
    public Admission admit(Mail mail, String messageId, Reservation batchPlace) {
        sync.refreshIfDue();
        ManagedAccount known = accounts.get(mail.account());
        if (known == null && managedOnly && sync.refreshAfterMiss(true)) {
            // Perhaps created on another node since this one last looked.
            known = accounts.get(mail.account());
        }
        ManagedAccount account = known;
        if (account == null) {
            if (managedOnly) {
                throw new UnknownAccountException(mail.account());
            }
            return Admission.UNMANAGED;
        }
        checkSendable(account, mail);
        List<DkimKey> keys = identities().domain(account.id(), mail.from().domain()).dkimKeys();
        // A row of a batch has its place in the batch's reservation already, cap or not: charged
        // against it, the row is not counted against a cap set while the batch runs as well.
        if (batchPlace != null && batchPlace.isOpen()) {
            return new Admission(account, batchPlace, false, keys);
        }
        if (account.quota().policy().dailyCap().isEmpty()) {
            // Nothing can refuse it: charged once it is stored, with one ledger entry.
            return new Admission(account, null, false, keys);
        }
        return new Admission(account, account.quota().reserve("send-" + messageId, 1), true, keys);
    }

    private void checkSendable(ManagedAccount account, Mail mail) {
        try {
            identities().checkSendable(account.id(), mail.from(), mail.type());
        } catch (InvalidMailException refused) {
            if (!sync.refreshAfterMiss(false)) {
                throw refused;
            }
            identities().checkSendable(account.id(), mail.from(), mail.type());
        }
    }

    /**
     * A mail of a managed account between its checks and its storing.
     *
     * @param account the account, or null for an unmanaged one
     * @param place its place under the daily cap, or null when the account has no cap
     * @param ownPlace true when the place was made for this message alone (else it is its batch's)
     * @param dkimKeys the keys of its sending domain, empty for an unmanaged account
     */
    public record Admission(ManagedAccount account, Reservation place, boolean ownPlace, List<DkimKey> dkimKeys) {

        static final Admission UNMANAGED = new Admission(null, null, false, List.of());

        /**
         * Charges the stored message to the account's quota, exactly once. The message is accepted
         * whatever happens here: a charge the ledger could not record is logged, not thrown.
         */
        public void accepted(String messageId) {
            if (account == null) {
                return;
            }
            try {
                if (place != null && ownPlace) {
                    place.chargeAndRelease(messageId);
                } else if (place != null) {
                    place.charge(messageId);
                } else {
                    // Admitted when the account had no cap: a cap set since must not refuse it now.
                    account.quota().chargeAdmitted(messageId);
                }
            } catch (RuntimeException e) {
                LOG.error("Message {} of account {} was accepted but could not be charged to its quota", messageId,
                        account.id(), e);
                if (place != null && ownPlace) {
                    refused(); // the place held for it goes back, charged or not
                }
            }
            account.compactLedgerIfDue();
        }

        /** Gives the place back: the message was not stored. Never throws over the refusal. */
        public void refused() {
            if (place != null && ownPlace) {
                try {
                    place.release();
                } catch (RuntimeException e) {
                    LOG.error("Could not give back the quota place of a refused message of account {}", account.id(), e);
                }
            }
        }
    }
}
