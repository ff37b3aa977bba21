package io.directmail.account;

import io.directmail.EmailAddress;
import io.directmail.LimitExceededException;
import io.directmail.MailType;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.internal.account.DomainKeys;
import io.directmail.internal.account.DomainVerifier;
import io.directmail.internal.account.IdentityTables;
import io.directmail.internal.dns.DnsjavaRecordLookup;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending domains and sender addresses of every account, and the rules for them. Mail is sent
 * only from a sender address of the mail's account, on a verified domain of that account.
 *
 * <h2>Domains</h2>
 * {@link #addDomain} gives a domain its DKIM keys and ownership token; its owner publishes the
 * records of {@link #records} and calls {@link #verify}, which looks them up and records whether
 * the domain is verified. Rules:
 * <ul>
 *   <li>an account has at most {@link IdentityPolicy#maxDomainsPerAccount()} domains;</li>
 *   <li>a domain and all its subdomains belong to one account: when one account has
 *       {@code example.com}, another cannot add {@code mail.example.com}, nor the other way round,
 *       nor {@code example.com} itself. One account may have both {@code example.com} and
 *       {@code mail.example.com}: each is a sending domain of its own, with its own keys and
 *       records;</li>
 *   <li>a domain that still has sender addresses cannot be removed.</li>
 * </ul>
 *
 * <h2>Sender addresses</h2>
 * {@link #addSenderAddress} adds an address on one of the account's domains (exactly that domain,
 * not a subdomain of it), which must be verified unless the development switch
 * {@link IdentityPolicy#requireVerifiedDomain()} is off. An account has at most
 * {@link IdentityPolicy#maxSenderAddressesPerAccount()}. An address exists once: local parts are
 * compared without regard to ASCII case, as mailbox providers do, so {@code Info@example.com} is
 * {@code info@example.com}. Each address sends one {@link MailType} only.
 * {@link #checkSendable} is the check at the door for every message.
 *
 * <h2>Persistence</h2>
 * The state is the set of {@link SendingDomain} and {@link SenderAddress} records: export it with
 * {@link #snapshot()} and rebuild a registry from it with {@link Builder#restore(IdentitySnapshot)}.
 * A registry whose records other registries change too (in storage they share) takes their
 * changes in with {@link #reload}; the rules then hold for all of them only if their changes are
 * made one after the other, as {@code DirectMail}'s managed accounts do between the nodes sharing
 * a store.
 *
 * <h2>Errors and threading</h2>
 * Every method is thread-safe; changes are atomic, and a refused request changes nothing. An
 * account id must be 1 to 64 ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting
 * with a letter or digit, as for {@link io.directmail.Mail.Builder#account(String)}; another is
 * refused with an {@link IllegalArgumentException}, and a null argument that is not documented as
 * optional with a {@link NullPointerException}. Domain names are normalised like
 * {@link SendingDomain#name()}; a name that is not a host name is refused with an
 * {@link InvalidDomainNameException}. Only {@link #verify} waits for the network.
 */
public final class SendingIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(SendingIdentities.class);
    private static final int TOKEN_BYTES = 16;

    private final IdentityPolicy policy;
    private final DomainSettings settings;
    private final DomainVerifier verifier;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Lock readLock;
    private final Lock writeLock;
    /** Replaced whole by {@link #reload}; read and changed under the lock only. */
    private IdentityTables tables;

    private SendingIdentities(Builder builder) {
        this.policy = builder.policy;
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.verifier = new DomainVerifier(new DnsjavaRecordLookup(builder.dns), builder.clock);
        this.tables = IdentityTables.of(builder.snapshot.domains(), builder.snapshot.senderAddresses());
        ReadWriteLock lock = new ReentrantReadWriteLock();
        this.readLock = lock.readLock();
        this.writeLock = lock.writeLock();
        if (!policy.requireVerifiedDomain()) {
            LOG.warn("requireVerifiedDomain is off: mail from unverified domains will be sent, unauthenticated."
                    + " This is for development only; never run it in production.");
        }
    }

    /**
     * Returns a builder for a registry whose domains publish records with the given settings.
     *
     * @param settings what the domains' DNS records say
     * @return the builder, with the default policy, the system's name servers and the system clock
     */
    public static Builder newBuilder(DomainSettings settings) {
        return new Builder(settings);
    }

    /** Returns the rules this registry enforces. */
    public IdentityPolicy policy() {
        return policy;
    }

    /** Returns what the domains' DNS records say. */
    public DomainSettings domainSettings() {
        return settings;
    }

    /**
     * Adds a sending domain to an account: generates its DKIM keys (one per
     * {@link DomainSettings#dkimAlgorithms() algorithm}) and its ownership token. The domain is
     * {@linkplain VerificationStatus.Unverified unverified} until {@link #verify} finds its records.
     *
     * @param account the account
     * @param domain the domain name, e.g. {@code example.com} or {@code bücher.example}
     * @return the new domain
     * @throws InvalidDomainNameException if the name is not a usable host name
     * @throws DuplicateDomainException if the account has the domain already
     * @throws DomainTakenException if another account has the domain, a parent or a subdomain of it
     * @throws LimitExceededException if the account has {@code maxDomainsPerAccount} domains already
     */
    public SendingDomain addDomain(String account, String domain) {
        AccountIds.check(account);
        String name = DomainNames.sendingDomain(domain);
        read(() -> checkAddable(account, name));
        Instant now = clock.instant();
        List<DkimKey> keys = DomainKeys.generate(name, settings.dkimAlgorithms(), now);
        SendingDomain added = new SendingDomain(name, account, keys, ownershipToken(),
                new VerificationStatus.Unverified(), now);
        return write(() -> {
            checkAddable(account, name);
            tables.putDomain(added);
            LOG.info("Sending domain {} added to account {}", name, account);
            return added;
        });
    }

    /**
     * Removes a sending domain of an account.
     *
     * @param account the account
     * @param domain the domain name
     * @throws InvalidDomainNameException if the name is not a usable host name
     * @throws UnknownDomainException if the account has no such domain
     * @throws DomainInUseException if the domain still has sender addresses
     */
    public void removeDomain(String account, String domain) {
        AccountIds.check(account);
        String name = DomainNames.sendingDomain(domain);
        write(() -> {
            SendingDomain existing = ownDomain(account, name);
            int senders = tables.sendersOn(existing);
            if (senders > 0) {
                throw new DomainInUseException(name, senders);
            }
            tables.removeDomain(name);
            LOG.info("Sending domain {} removed from account {}", name, account);
            return null;
        });
    }

    /**
     * Returns a sending domain of an account.
     *
     * @param account the account
     * @param domain the domain name
     * @return the domain
     * @throws InvalidDomainNameException if the name is not a usable host name
     * @throws UnknownDomainException if the account has no such domain
     */
    public SendingDomain domain(String account, String domain) {
        AccountIds.check(account);
        String name = DomainNames.sendingDomain(domain);
        return read(() -> ownDomain(account, name));
    }

    /**
     * Returns the sending domains of an account, in the order they were added.
     *
     * @param account the account
     * @return the domains; empty when it has none
     */
    public List<SendingDomain> domains(String account) {
        AccountIds.check(account);
        return read(() -> tables.domainsOf(account));
    }

    /**
     * Returns the DNS records the owner of an account's domain publishes; see
     * {@link SendingDomain#records(DomainSettings)}.
     *
     * @param account the account
     * @param domain the domain name
     * @return the records
     * @throws InvalidDomainNameException if the name is not a usable host name
     * @throws UnknownDomainException if the account has no such domain
     */
    public List<DnsRecord> records(String account, String domain) {
        return domain(account, domain).records(settings);
    }

    /**
     * Looks up an account's domain's records in DNS and records the outcome in the domain's
     * status: {@linkplain VerificationStatus.Verified verified} when every required record was
     * found, {@linkplain VerificationStatus.Failed failed} when one was missing or wrong (a
     * verified domain loses its verification), and unchanged when the verification was
     * {@linkplain DomainVerification#inconclusive() inconclusive} for a temporary DNS failure.
     * Blocks while the name servers answer, at most as long as the DNS settings' timeouts allow.
     *
     * @param account the account
     * @param domain the domain name
     * @return what was found for each record
     * @throws InvalidDomainNameException if the name is not a usable host name
     * @throws UnknownDomainException if the account has no such domain
     */
    public DomainVerification verify(String account, String domain) {
        SendingDomain checked = domain(account, domain);
        DomainVerification verification = verifier.verify(checked, settings);
        write(() -> {
            SendingDomain current = tables.domain(checked.name()).orElse(null);
            boolean same = current != null && current.account().equals(checked.account())
                    && current.ownershipToken().equals(checked.ownershipToken());
            if (same && !verification.inconclusive()) {
                VerificationStatus status = verification.verified()
                        ? new VerificationStatus.Verified(verification.checkedAt())
                        : new VerificationStatus.Failed(verification.checkedAt(), verification.summary());
                tables.putDomain(current.withStatus(status));
                if (verification.verified() != current.verified()) {
                    LOG.info("Sending domain {} of account {} is {}", current.name(), current.account(),
                            verification.verified() ? "verified" : "no longer verified: " + verification.summary());
                }
            }
            return null;
        });
        return verification;
    }

    /**
     * Adds a sender address to an account. Its domain must be one of the account's domains and
     * verified (unless {@link IdentityPolicy#requireVerifiedDomain()} is off, which logs a warning).
     *
     * @param account the account
     * @param address the address
     * @param type the only kind of mail it sends
     * @param replyTo where replies go when a message names no Reply-To, or {@code null}
     * @return the new sender address
     * @throws UnknownDomainException if the address's domain is not one of the account's domains
     * @throws DuplicateSenderAddressException if the address exists already
     * @throws DomainNotVerifiedException if the domain is not verified
     * @throws LimitExceededException if the account has {@code maxSenderAddressesPerAccount}
     *     sender addresses already
     */
    public SenderAddress addSenderAddress(String account, EmailAddress address, MailType type, EmailAddress replyTo) {
        AccountIds.check(account);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        return write(() -> {
            SendingDomain domain = ownDomain(account, address.domain());
            tables.sender(address).ifPresent(existing -> {
                throw new DuplicateSenderAddressException(address, existing.address());
            });
            requireVerified(domain, () -> "sender address " + address + " added");
            int count = tables.sendersOf(account).size();
            if (count >= policy.maxSenderAddressesPerAccount()) {
                throw new LimitExceededException("maxSenderAddressesPerAccount", policy.maxSenderAddressesPerAccount(), count + 1);
            }
            SenderAddress added = new SenderAddress(address, account, type, replyTo, null, clock.instant());
            tables.putSender(added);
            LOG.info("Sender address {} ({}) added to account {}", address, type, account);
            return added;
        });
    }

    /**
     * Removes a sender address of an account.
     *
     * @param account the account
     * @param address the address
     * @throws UnknownSenderAddressException if the account has no such sender address
     */
    public void removeSenderAddress(String account, EmailAddress address) {
        AccountIds.check(account);
        Objects.requireNonNull(address, "address");
        write(() -> {
            SenderAddress existing = ownSender(account, address);
            tables.removeSender(existing.address());
            LOG.info("Sender address {} removed from account {}", existing.address(), account);
            return null;
        });
    }

    /**
     * Returns the sender addresses of an account, in the order they were added.
     *
     * @param account the account
     * @return the sender addresses; empty when it has none
     */
    public List<SenderAddress> senderAddresses(String account) {
        AccountIds.check(account);
        return read(() -> tables.sendersOf(account));
    }

    /**
     * Sets or replaces the SMTP password of a sender address, given as its encoded hash (made by
     * the password hashing of the SMTP listener; the password itself is never stored), or
     * removes it.
     *
     * @param account the account
     * @param address the sender address
     * @param encodedHash the encoded hash, or {@code null} to remove the password
     * @return the changed sender address
     * @throws UnknownSenderAddressException if the account has no such sender address
     * @throws IllegalArgumentException if the hash is not 1 to
     *     {@value SenderAddress#MAX_PASSWORD_HASH_CHARS} printable ASCII characters
     */
    public SenderAddress setSmtpPasswordHash(String account, EmailAddress address, String encodedHash) {
        AccountIds.check(account);
        Objects.requireNonNull(address, "address");
        return write(() -> {
            SenderAddress changed = ownSender(account, address).withSmtpPasswordHash(encodedHash);
            tables.putSender(changed);
            LOG.info("SMTP password of sender address {} {}", changed.address(), encodedHash == null ? "removed" : "set");
            return changed;
        });
    }

    /**
     * Checks that an account may send mail of a type from an address, as every message is
     * checked before it is accepted: the address must be one of the account's sender addresses
     * (local part compared without regard to ASCII case), of the mail's type, on a verified
     * domain. With {@link IdentityPolicy#requireVerifiedDomain()} off, an unverified domain is
     * let through with a warning in the log, every time.
     *
     * @param account the mail's account
     * @param from the mail's sender address
     * @param type the mail's type
     * @return the sender address, e.g. for its reply-to address
     * @throws UnknownSenderAddressException if the address is not one of the account's sender addresses
     * @throws SenderTypeMismatchException if the address sends the other type of mail
     * @throws DomainNotVerifiedException if the address's domain is not verified
     */
    public SenderAddress checkSendable(String account, EmailAddress from, MailType type) {
        AccountIds.check(account);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(type, "type");
        return read(() -> {
            SenderAddress sender = ownSender(account, from);
            if (sender.type() != type) {
                throw new SenderTypeMismatchException(sender.address(), sender.type(), type);
            }
            SendingDomain domain = tables.domain(sender.domain())
                    .orElseThrow(() -> new IllegalStateException("sender address " + from + " has no domain"));
            requireVerified(domain, () -> type + " mail from " + from + " let through");
            return sender;
        });
    }

    /**
     * Returns every sending domain and sender address, to be persisted and given to
     * {@link Builder#restore(IdentitySnapshot)} later.
     *
     * @return the state, consistent as of one moment
     */
    public IdentitySnapshot snapshot() {
        return read(() -> new IdentitySnapshot(tables.allDomains(), tables.allSenders()));
    }

    /**
     * Replaces the whole state at once by one made from it: for a registry that keeps its records in
     * storage it shares with other registries (several nodes on one store), to take in the records
     * the others changed. {@code change} gets the current state and returns it with those records
     * put in, replaced or taken out. As with {@link Builder#restore}, no limit is checked; the
     * consistency rules of {@link IdentitySnapshot} are. Checks and changes wait while
     * {@code change} runs: let it only rearrange records, not wait for storage, and not call this
     * registry.
     *
     * @param change makes the new state from the current one
     * @throws NullPointerException if {@code change} is null or returns null
     * @throws IllegalArgumentException naming the first record that breaks a rule of
     *     {@link IdentitySnapshot}; nothing changed then
     */
    public void reload(UnaryOperator<IdentitySnapshot> change) {
        Objects.requireNonNull(change, "change");
        write(() -> {
            IdentitySnapshot next = Objects.requireNonNull(change.apply(
                    new IdentitySnapshot(tables.allDomains(), tables.allSenders())), "the state change returned");
            tables = IdentityTables.of(next.domains(), next.senderAddresses());
            return null;
        });
    }

    @Override
    public String toString() {
        return "SendingIdentities[" + policy + "]";
    }

    private void checkAddable(String account, String name) {
        tables.domain(name).filter(existing -> existing.account().equals(account)).ifPresent(existing -> {
            throw new DuplicateDomainException(account, name);
        });
        tables.conflict(name, account).ifPresent(taken -> {
            throw new DomainTakenException(name, taken.name());
        });
        int count = tables.domainsOf(account).size();
        if (count >= policy.maxDomainsPerAccount()) {
            throw new LimitExceededException("maxDomainsPerAccount", policy.maxDomainsPerAccount(), count + 1);
        }
    }

    private SendingDomain ownDomain(String account, String name) {
        return tables.domain(name)
                .filter(domain -> domain.account().equals(account))
                .orElseThrow(() -> new UnknownDomainException(account, name));
    }

    private SenderAddress ownSender(String account, EmailAddress address) {
        return tables.sender(address)
                .filter(sender -> sender.account().equals(account))
                .orElseThrow(() -> new UnknownSenderAddressException(account, address));
    }

    private void requireVerified(SendingDomain domain, Supplier<String> what) {
        if (domain.verified()) {
            return;
        }
        if (policy.requireVerifiedDomain()) {
            throw new DomainNotVerifiedException(domain.name(), domain.status());
        }
        LOG.warn("Domain {} of account {} is not verified, but requireVerifiedDomain is off (development only): {}",
                domain.name(), domain.account(), what.get());
    }

    private String ownershipToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private <T> T read(Supplier<T> action) {
        readLock.lock();
        try {
            return action.get();
        } finally {
            readLock.unlock();
        }
    }

    private void read(Runnable action) {
        read(() -> {
            action.run();
            return null;
        });
    }

    private <T> T write(Supplier<T> action) {
        writeLock.lock();
        try {
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Collects what a {@link SendingIdentities} is made of; each method checks its argument at
     * once. Not thread-safe: use one builder from one thread.
     */
    public static final class Builder {
        private final DomainSettings settings;
        private IdentityPolicy policy = IdentityPolicy.DEFAULT;
        private DnsSettings dns = DnsSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private IdentitySnapshot snapshot = IdentitySnapshot.EMPTY;

        private Builder(DomainSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /**
         * Sets the rules (default {@link IdentityPolicy#DEFAULT}).
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder policy(IdentityPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the name servers, timeout and attempts that verification asks DNS with (default
         * {@link DnsSettings#defaults()}). Verification caches no answers, whatever the settings say.
         *
         * @param dns the DNS settings
         * @return this builder
         */
        public Builder dns(DnsSettings dns) {
            this.dns = Objects.requireNonNull(dns, "dns");
            return this;
        }

        /**
         * Sets the clock that dates new domains, sender addresses and verifications (default the
         * system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts the registry with the domains and sender addresses of a snapshot, such as one
         * taken with {@link SendingIdentities#snapshot()} and persisted (default none).
         *
         * @param snapshot the state to start with
         * @return this builder
         */
        public Builder restore(IdentitySnapshot snapshot) {
            this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
            return this;
        }

        /** Returns the registry. */
        public SendingIdentities build() {
            return new SendingIdentities(this);
        }
    }
}
