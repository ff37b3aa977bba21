package io.directmail.internal.account;

import io.directmail.DuplicateNameException;
import io.directmail.Mail;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.Accounts;
import io.directmail.account.SendingIdentities;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.batch.BatchSender;
import io.directmail.internal.text.AccountIdRule;
import io.directmail.quota.Reservation;
import java.time.Clock;
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
 */
public final class AccountRegistry implements Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRegistry.class);

    private final ConcurrentHashMap<String, ManagedAccount> accounts = new ConcurrentHashMap<>();
    private final SendingIdentities identities;
    private final Clock clock;
    private final StoredModel model;
    /** Set once, by the DirectMail that owns this registry, before the instance is shared. */
    private volatile BatchSender batchSender;

    /**
     * @param identities the sending domains and sender addresses of every account, or null when
     *     the application configured none (then no account can have a domain)
     * @param clock the time source for quota
     * @param model where the accounts are kept: those it holds are taken up now
     */
    public AccountRegistry(SendingIdentities identities, Clock clock, StoredModel model) {
        this.identities = identities;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.model = Objects.requireNonNull(model, "model");
        model.accounts().forEach((id, policy) -> accounts.put(id, new ManagedAccount(id, policy, this::identities, clock, model)));
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
        if (accounts.containsKey(id) || !model.addAccount(id, policy)) {
            throw new DuplicateNameException("account", id);
        }
        ManagedAccount account = new ManagedAccount(id, policy, this::identities, clock, model);
        accounts.put(id, account);
        return account;
    }

    @Override
    public Optional<Account> find(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public List<Account> list() {
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
     * daily cap: the place the batch reserved for it, for a row of a batch whose reservation is open
     * in the account's ledger, else a place of its own. Mail of an account that is not managed
     * passes unchecked.
     *
     * @param mail the mail
     * @param messageId the id it will have
     * @param batchId the batch the mail is a row of, as its batch sender said (never read from the
     *     mail), or null for any other mail
     * @return the admission to complete with {@link Admission#accepted} or {@link Admission#refused}
     * @throws io.directmail.InvalidMailException (a subtype naming the problem) if the sender
     *     address is not the account's, is of the other mail type, or its domain is not verified
     * @throws io.directmail.quota.QuotaExceededException if the account's daily cap is reached
     */
    public Admission admit(Mail mail, String messageId, String batchId) {
        ManagedAccount account = accounts.get(mail.account());
        if (account == null) {
            return Admission.UNMANAGED;
        }
        identities().checkSendable(account.id(), mail.from(), mail.type());
        List<DkimKey> keys = identities().domain(account.id(), mail.from().domain()).dkimKeys();
        if (account.quota().policy().dailyCap().isEmpty()) {
            // Nothing can refuse it: charged once it is stored, with one ledger entry.
            return new Admission(account, null, false, keys);
        }
        // A row of a batch has its place in the batch's reservation already.
        Optional<Reservation> batch = Optional.ofNullable(batchId)
                .flatMap(id -> account.quota().reservation(id)).filter(Reservation::isOpen);
        if (batch.isPresent()) {
            return new Admission(account, batch.get(), false, keys);
        }
        return new Admission(account, account.quota().reserve("send-" + messageId, 1), true, keys);
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
                if (place != null) {
                    try {
                        place.charge(messageId);
                    } finally {
                        if (ownPlace) {
                            place.release();
                        }
                    }
                } else {
                    account.quota().charge(messageId);
                }
            } catch (RuntimeException e) {
                LOG.error("Message {} of account {} was accepted but could not be charged to its quota", messageId,
                        account.id(), e);
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
