package io.directmail;

import io.directmail.account.Account;
import io.directmail.account.Accounts;
import io.directmail.account.DomainSettings;
import io.directmail.account.IdentityPolicy;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingIdentities;
import io.directmail.account.UnknownAccountException;
import io.directmail.batch.Batches;
import io.directmail.batch.ListCheck;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.dns.MxResolver;
import io.directmail.internal.account.AccountRegistry;
import io.directmail.internal.account.ModelSync;
import io.directmail.internal.account.StoredModel;
import io.directmail.internal.batch.StoredBatches;
import io.directmail.internal.engine.Engine;
import io.directmail.internal.engine.EngineConfig;
import io.directmail.internal.stats.StatisticsRecorder;
import io.directmail.internal.throttle.AccountRates;
import io.directmail.internal.throttle.DestinationThrottle;
import io.directmail.internal.throttle.LimitsByDomain;
import io.directmail.internal.transport.TransportUris;
import io.directmail.list.ListLimits;
import io.directmail.list.RecipientList;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
import io.directmail.store.StoreOptions;
import io.directmail.transport.DestinationLimits;
import io.directmail.transport.DestinationStatus;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.Transport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends email: admits a {@link Mail}, composes it as MIME, signs it with DKIM, queues it and
 * delivers it, by default straight to each recipient domain's mail exchangers.
 *
 * <pre>{@code
 * try (DirectMail mail = DirectMail.newBuilder()
 *         .dkimKey(DkimKey.fromPem("example.com", "s1", pem))
 *         .build()) {
 *     Receipt receipt = mail.send(Mail.newBuilder()
 *             .from("orders@example.com", "Example Shop")
 *             .addTo("alice@example.org")
 *             .subject("Your order has shipped")
 *             .text("It is on its way.")
 *             .build());
 * }
 * }</pre>
 *
 * <p>One instance is meant to be shared by the whole application: it is thread-safe and owns its
 * executor, connection pools and queue. {@link #close()} stops intake, lets the queue drain and
 * releases them. Two instances in one JVM never interfere.
 */
public final class DirectMail implements AutoCloseable {

    private final Engine engine;
    private final DestinationThrottle destinations;
    private final Accounts accounts;
    private final AtomicBoolean batchesTaken = new AtomicBoolean();

    private DirectMail(Engine engine, DestinationThrottle destinations, Accounts accounts) {
        this.accounts = accounts;
        this.engine = engine;
        this.destinations = destinations;
    }

    /** Returns a builder with the defaults: direct-to-MX delivery, no DKIM keys, 100 recipients per message. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Accepts a message for delivery and returns once it is queued.
     *
     * <p>A mail with an idempotency key that its account sent before (within the idempotency
     * window, through this instance or another node sharing its store) is not queued again: the
     * first receipt is returned. Keys of different accounts never meet.
     *
     * @param mail the message
     * @return the receipt with the message id
     * @throws LimitExceededException if the mail exceeds a configured {@link Limits limit}
     * @throws SuppressedRecipientException if every recipient is on the suppression list (or, for
     *     batch mail, unsubscribed from the mail's account)
     * @throws io.directmail.account.UnknownAccountException if the instance sends for managed
     *     accounts only and the mail's account is not one
     * @throws InvalidMailException a subtype such as
     *     {@link io.directmail.account.UnknownSenderAddressException},
     *     {@link io.directmail.account.SenderTypeMismatchException} or
     *     {@link io.directmail.account.DomainNotVerifiedException} if a managed account may not send
     *     it from its from address
     * @throws io.directmail.quota.QuotaExceededException if a managed account's daily cap is reached
     * @throws DirectMailException if this instance is closed
     */
    public Receipt send(Mail mail) {
        Objects.requireNonNull(mail, "mail");
        return engine.send(mail);
    }

    /**
     * Like {@link #send(Mail)}, but returns at once; the future completes with the receipt, or
     * exceptionally with the exception {@code send} would have thrown.
     *
     * @param mail the message
     * @return the future receipt
     */
    public CompletableFuture<Receipt> sendAsync(Mail mail) {
        Objects.requireNonNull(mail, "mail");
        return engine.sendAsync(mail);
    }

    /**
     * Returns where a message stands, recipient by recipient.
     *
     * @param messageId the id from the message's {@link Receipt}
     * @return the status, or empty when this instance does not know the id
     */
    public Optional<MessageStatus> status(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return engine.status(messageId);
    }

    /**
     * Lists the messages of an account accepted in a time range, optionally only those with one tag,
     * a page at a time: each with where every recipient stands (status, attempts, last SMTP reply,
     * time of the last change), as {@link #status(String)} gives it. Messages still being delivered
     * are listed, and final ones for as long as the store keeps them (its retention, 7 days by
     * default, counted from the last recipient's final status).
     *
     * <pre>{@code
     * MessageQuery query = MessageQuery.newBuilder().account("shop").from(start).to(end).tag("receipt").build();
     * for (MessagePage page = mail.messages(query); ; page = mail.messages(query.after(page.nextCursor().get()))) {
     *     page.messages().forEach(message -> show(message));
     *     if (page.nextCursor().isEmpty()) {
     *         break;
     *     }
     * }
     * }</pre>
     *
     * <p>Pages continue after the last message of the previous page (see {@link MessageQuery}), so
     * mail accepted while they are read neither repeats nor hides a message.
     *
     * @param query which messages, in which order, how many a page
     * @return the page, with the cursor of the next one if more messages match
     * @throws NullPointerException if {@code query} is null
     * @throws InvalidMessageQueryException if the range spans more than the store's retention of
     *     final statuses; the store is not read then
     * @throws DirectMailException if the store cannot be read
     * @throws UnsupportedOperationException if the instance was given a store of its own that
     *     does not list messages (the built-in stores all do)
     */
    public MessagePage messages(MessageQuery query) {
        Objects.requireNonNull(query, "query");
        return engine.messages(query);
    }

    /**
     * Returns the delivery statistics of this instance: per account and day, and within a day per
     * tag and per recipient domain, the recipients requested, delivered, failed, invalid,
     * suppressed, deferred and unsubscribed, with the delivery rate (see
     * {@link io.directmail.stats.DailyCounts}). Days start at midnight in the zone of the
     * builder's {@link Builder#statistics(StatisticsOptions) statistics options}, by the builder's
     * clock.
     *
     * <p>The totals live in the store, shared by every instance that uses it. This instance adds
     * its counts to them every five seconds and at {@link #close()}; a query reads the store's
     * totals and adds this instance's counts not stored yet, so it shows this instance's mail at
     * once and the other instances' mail once they have stored it (see
     * {@link DeliveryStatistics}).
     *
     * @return the statistics, the same object on every call
     */
    public DeliveryStatistics statistics() {
        return engine.statistics();
    }

    /**
     * Returns every address on the suppression list, oldest first. An address gets there when a
     * receiving server says it (or its domain) does not exist, or when the application adds it.
     */
    public List<Suppression> suppressions() {
        return engine.suppressions();
    }

    /**
     * Returns why an address is suppressed, if it is.
     *
     * @param address the address
     * @return its suppression entry, or empty
     */
    public Optional<Suppression> suppression(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        return engine.suppression(address);
    }

    /**
     * Puts an address on the suppression list by the application's decision
     * ({@link Suppression.Reason#MANUAL}); later sends to it are refused for that recipient.
     *
     * @param address the address
     * @param note why, for the record (may be empty)
     * @return the entry in force (an existing entry is kept)
     */
    public Suppression suppress(EmailAddress address, String note) {
        return suppress(address, Suppression.Reason.MANUAL, note);
    }

    /**
     * Puts an address on the suppression list for a given reason, for example
     * {@link Suppression.Reason#UNSUBSCRIBE} when the recipient asked to get no more mail. Later
     * sends to it are refused for that recipient.
     *
     * @param address the address
     * @param reason why it is suppressed
     * @param note detail for the record (may be empty)
     * @return the entry in force: an address already on the list keeps its existing entry and reason
     */
    public Suppression suppress(EmailAddress address, Suppression.Reason reason, String note) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        return engine.suppress(address, reason, note);
    }

    /**
     * Records that an address asked to get no more batch mail of an account, for example through a
     * form or a reply; {@link io.directmail.batch.Unsubscribes} records the one-click unsubscribes of
     * batch messages the same way. The address goes on the account's own unsubscribe list, kept in
     * the store (so every node sharing it knows): later {@link MailType#BATCH batch} mail of that
     * account to it is {@link DeliveryStatus#SUPPRESSED suppressed} for that recipient, while the
     * account's trigger mail (receipts, password resets) and other accounts' mail still reach it.
     * The first time, listeners hear of it through {@link DeliveryListener#onUnsubscribe} and the
     * statistics count it.
     *
     * @param account the account ({@link Mail#account()})
     * @param address the address
     * @param tag the statistics tag of the mail it came through, or {@code null}
     * @param detail how it happened, for the record (may be empty)
     * @return the entry in force: an address already unsubscribed keeps its first entry, and nobody
     *     is told again
     * @throws InvalidMailException if the account id or the tag is malformed
     */
    public Suppression unsubscribe(String account, EmailAddress address, String tag, String detail) {
        Mail.checkAccount(account);
        Objects.requireNonNull(address, "address");
        Mail.checkTag(tag);
        return engine.unsubscribe(account, address, tag, detail == null ? "" : detail);
    }

    /**
     * Returns an account's unsubscribe entry of an address, if the address unsubscribed from it.
     *
     * @param account the account
     * @param address the address
     * @return the entry, or empty
     * @throws InvalidMailException if the account id is malformed
     */
    public Optional<Suppression> unsubscribed(String account, EmailAddress address) {
        Mail.checkAccount(account);
        Objects.requireNonNull(address, "address");
        return engine.unsubscribed(account, address);
    }

    /**
     * Returns an account's unsubscribe list, oldest first.
     *
     * @param account the account
     * @return the entries, possibly none
     * @throws InvalidMailException if the account id is malformed
     */
    public List<Suppression> unsubscribes(String account) {
        Mail.checkAccount(account);
        return engine.unsubscribes(account);
    }

    /**
     * Takes an address off an account's unsubscribe list, for example when the person subscribes
     * again; the account's batch mail reaches it from then on.
     *
     * @param account the account
     * @param address the address
     * @return true if it was on the list
     * @throws InvalidMailException if the account id is malformed
     */
    public boolean resubscribe(String account, EmailAddress address) {
        Mail.checkAccount(account);
        Objects.requireNonNull(address, "address");
        return engine.resubscribe(account, address);
    }

    /**
     * Takes an address off the suppression list, for example after the recipient fixed their mailbox.
     *
     * @param address the address
     * @return true if it was on the list
     */
    public boolean unsuppress(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        return engine.unsuppress(address);
    }

    /**
     * Returns where each destination of the direct-to-MX transport stands now: every recipient
     * domain and mail exchanger sent to recently, with its connections in use, its limits, its
     * adaptive rate and its throttling replies (see {@link DestinationLimits}). Recipient domains
     * come first, then exchangers, each sorted by name. A destination idle for ten minutes with
     * its rate back at the maximum is dropped from the list, and its counters start again from
     * zero when it is next used.
     *
     * <p>The list is an immutable snapshot; call again for fresh numbers. It is cheap enough to be
     * polled by a metrics binder: connections and rates are gauges, throttling events a counter
     * per destination. With a relay or an application's own transport the list is empty.
     *
     * @return one entry per destination in use
     */
    public List<DestinationStatus> destinations() {
        return destinations.snapshot();
    }

    /**
     * Returns a batch sender that keeps its batches in this instance's store, so that they go on
     * after a restart: a batch that was running is taken up where its last checkpoint left it (rows
     * already accepted are not sent again), as is one that paused itself at a row that failed; one
     * paused by a call, or failed by an {@code Error}, stays so. Managed accounts' batches are
     * checked against their sender addresses and reserve their quota; the batches of other account
     * ids only need a sender address of their own (or are refused with an
     * {@link io.directmail.account.UnknownAccountException} under {@link Builder#managedAccountsOnly()}).
     * On nodes sharing a store, call it on one node only: each caller takes up every running batch
     * stored, and a pause or cancel reaches only the node it was called on. Close the batch sender before this
     * instance. For other persistence or checks, build {@link Batches} yourself.
     *
     * <p>A managed account's batch sends one of the account's stored recipient lists as stored,
     * or up to its policy's {@link ListLimits#maxInlineRows() inline rows}; a list it has not stored
     * is refused with a {@link NameNotFoundException}. Other accounts' batches have the
     * {@link ListLimits#DEFAULT default limits}: 100 inline rows, lists of 10,000.
     *
     * <p>Call it once: two batch senders on one store would both take up the same stored batches.
     *
     * @param unsubscribe how one-click unsubscribe links are made
     * @return a new batch sender, with the stored batches taken up
     * @throws IllegalStateException if it was called before on this instance
     */
    public Batches batches(UnsubscribeSettings unsubscribe) {
        Objects.requireNonNull(unsubscribe, "unsubscribe");
        if (!batchesTaken.compareAndSet(false, true)) {
            throw new IllegalStateException("batches(...) was called before on this DirectMail: share the Batches it returned");
        }
        try {
            return storedBatches(unsubscribe);
        } catch (RuntimeException | Error e) {
            batchesTaken.set(false); // nothing was taken up: a later call may try again
            throw e;
        }
    }

    private Batches storedBatches(UnsubscribeSettings unsubscribe) {
        StoredBatches stored = new StoredBatches(engine.store());
        Clock clock = engine.clock();
        return Batches.newBuilder(this)
                .senderCheck((account, from, type) -> accounts.find(account)
                        .map(managed -> managed.checkSendable(from, type))
                        .orElseGet(() -> {
                            if (accounts instanceof AccountRegistry registry && registry.managedOnly()) {
                                throw new UnknownAccountException(account);
                            }
                            return new SenderAddress(from, account, type, null, null, clock.instant());
                        }))
                .quota(account -> accounts.find(account).map(Account::quota).orElse(null))
                .listCheck((account, request) -> {
                    Optional<Account> managed = accounts.find(account);
                    ListCheck.upTo(managed.map(found -> found.policy().lists()).orElse(ListLimits.DEFAULT)).check(account, request);
                    if (managed.isEmpty() || request.isInline()) {
                        return;
                    }
                    // A managed account sends its stored lists only: their limits were checked when stored.
                    RecipientList kept = managed.get().list(request.listName())
                            .orElseThrow(() -> new NameNotFoundException("recipient list", request.listName()));
                    if (!kept.recipients().equals(request.rows())) {
                        throw new InvalidMailException("the rows of list " + request.listName()
                                + " differ from the list account " + account + " has stored under that name; store it first");
                    }
                })
                .unsubscribe(unsubscribe)
                .clock(clock)
                .journal(stored::save)
                .forgotten(stored::remove)
                .restore(stored.load())
                .build();
    }

    /**
     * Returns the managed accounts: each with its sending domains, sender addresses, templates,
     * recipient lists and quota. Mail of a managed account is admitted only from one of its sender
     * addresses on a verified domain, signed with that domain's DKIM keys and charged to its quota;
     * mail of any other account id is sent without these checks, or refused with an
     * {@link io.directmail.account.UnknownAccountException} by an instance built with
     * {@link Builder#managedAccountsOnly()}.
     *
     * @return the accounts of this instance
     */
    public Accounts accounts() {
        return accounts;
    }

    /**
     * Stops accepting mail, waits (up to the builder's close timeout) for queued messages to be
     * attempted, then closes connections and threads this instance owns. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Configures a {@link DirectMail}. Each method checks its input at once and names a bad
     * value. Not thread-safe; build once and share the result.
     */
    public static final class Builder {

        private Clock clock = Clock.systemUTC();
        private URI transportUri = URI.create("mx:/");
        private Transport transport;
        private DnsSettings dnsSettings;
        private MxResolver mxResolver;
        private SmtpSettings smtpSettings;
        private final List<DkimKey> dkimKeys = new ArrayList<>();
        private final List<DeliveryListener> listeners = new ArrayList<>();
        private Limits limits = Limits.DEFAULT;
        private ExecutorService executor;
        private int deliveryConcurrency = 64;
        private Duration idempotencyWindow = Duration.ofHours(24);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration schedulerTick = Duration.ofSeconds(1);
        private Duration claimLease = Duration.ofMinutes(5);
        private DomainSettings domainSettings;
        private IdentityPolicy identityPolicy = IdentityPolicy.DEFAULT;
        private boolean managedAccountsOnly;
        private RateLimit accountRateLimit;
        private final Map<String, RateLimit> accountRateLimits = new HashMap<>();
        private MailStore store;
        private Path dataDirectory;
        private DestinationLimits destinationLimits = DestinationLimits.defaults();
        private final Map<String, DestinationLimits> domainLimits = new LinkedHashMap<>();
        private StatisticsOptions statisticsOptions = StatisticsOptions.defaults();

        private Builder() {
        }

        /**
         * Chooses a built-in transport by URI: {@code mx:} (the default), {@code smtp://user:pass@host:587}
         * (relay; STARTTLS required unless {@code ?tls=opportunistic} or {@code ?tls=disabled}),
         * {@code smtps://user:pass@host:465}, {@code file:/directory} or {@code memory:}.
         *
         * @throws IllegalArgumentException if the text is not a URI or names no built-in transport
         */
        public Builder transport(String uri) {
            Objects.requireNonNull(uri, "uri");
            try {
                // "mx:" and "memory:" name a transport by scheme alone; java.net.URI needs a path.
                return transport(new URI(uri.matches("[A-Za-z][A-Za-z0-9+.-]*:") ? uri + "/" : uri));
            } catch (URISyntaxException e) {
                // The message of a URISyntaxException quotes the input, which may hold a password.
                throw new IllegalArgumentException("transport is not a URI: " + e.getReason() + " at index " + e.getIndex()
                        + " (characters such as spaces or '@' in a user name or password must be percent-encoded)");
            }
        }

        /** Chooses a built-in transport by URI; see {@link #transport(String)}. */
        public Builder transport(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (scheme == null || !List.of("mx", "smtp", "smtps", "file", "memory").contains(scheme.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("unknown transport URI " + TransportUris.redacted(uri)
                        + ": use mx:, smtp://host:587, smtps://host:465, file:/directory or memory:");
            }
            this.transportUri = uri;
            this.transport = null;
            return this;
        }

        /**
         * Uses a transport of the application's own. It is not closed by {@link DirectMail#close()}.
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Sets how the built-in resolver asks DNS (name servers, timeouts, caching). */
        public Builder dns(DnsSettings settings) {
            this.dnsSettings = Objects.requireNonNull(settings, "settings");
            this.mxResolver = null;
            return this;
        }

        /** Uses another way to find mail exchangers than the built-in DNS resolver. */
        public Builder mxResolver(MxResolver resolver) {
            this.mxResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Sets the SMTP client's port, TLS policy, timeouts and connection pool limits. With the
         * direct-to-MX transport the {@link #destinationLimits(DestinationLimits) destination limits}
         * take the place of the pool limits ({@code maxConnectionsPerHost},
         * {@code maxMessagesPerConnection}, {@code poolWaitTimeout}); relays use them as set here.
         */
        public Builder smtp(SmtpSettings settings) {
            this.smtpSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets how hard the direct-to-MX transport may push each recipient domain and mail
         * exchanger: connections, messages per connection, and an adaptive rate that throttling
         * replies lower; {@link DestinationLimits#defaults()} unless changed. Domains given their
         * own limits with {@link #destinationLimits(String, DestinationLimits)} keep them. Relays
         * and an application's own transport are not limited by it.
         */
        public Builder destinationLimits(DestinationLimits limits) {
            this.destinationLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Gives one recipient domain limits of its own, as senders do for the large mailbox
         * providers. The domain matches exactly: {@code gmail.com} does not cover
         * {@code googlemail.com} or subdomains. Setting a domain again replaces its limits.
         *
         * @param domain the recipient domain, such as {@code gmail.com}; an internationalised name
         *     may be given in Unicode or in its {@code xn--} form
         * @param limits the domain's limits, in place of the defaults
         * @throws IllegalArgumentException if the domain is not a usable recipient domain
         */
        public Builder destinationLimits(String domain, DestinationLimits limits) {
            Objects.requireNonNull(limits, "limits");
            domainLimits.put(LimitsByDomain.domainKey(domain), limits);
            return this;
        }

        /**
         * Adds a DKIM key. Mail from the key's domain, or a subdomain of it, is signed with every key
         * added for that domain (two keys, one RSA and one Ed25519, give a dual signature).
         */
        public Builder dkimKey(DkimKey key) {
            dkimKeys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /** Adds a listener for delivery events. */
        public Builder listener(DeliveryListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the zone whose midnight starts a day in the {@link DirectMail#statistics() statistics},
         * how many days they keep and how many tags and domains a day counts on their own;
         * {@link StatisticsOptions#defaults()} unless changed.
         */
        public Builder statistics(StatisticsOptions options) {
            this.statisticsOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Sets the admission limits; {@link Limits#DEFAULT} unless changed. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the clock all timestamps and timers use; the system UTC clock unless changed. The
         * default DNS and SMTP settings use it too; settings passed to {@link #dns} or {@link #smtp}
         * keep their own.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs delivery workers and async sends on the application's executor instead of the
         * instance's own virtual threads. The executor is not shut down by {@link DirectMail#close()}
         * and must have room for {@link #deliveryConcurrency(int)} long-running workers plus the
         * {@code sendAsync} calls in flight (an unbounded or virtual-thread executor has).
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Sets how many messages may be in delivery at once (default 64). */
        public Builder deliveryConcurrency(int workers) {
            if (workers < 1 || workers > 10_000) {
                throw new IllegalArgumentException("deliveryConcurrency must be 1..10000, was " + workers);
            }
            this.deliveryConcurrency = workers;
            return this;
        }

        /** Sets how long an idempotency key is remembered (default 24 hours). */
        public Builder idempotencyWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("idempotencyWindow must be positive, was " + window);
            }
            this.idempotencyWindow = window;
            return this;
        }

        /** Sets how long {@link DirectMail#close()} waits for the queue to drain (default 30 seconds). */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Keeps accepted messages in the embedded store in this directory: {@code send} returns only
         * once the message is on stable storage, and messages not yet delivered are taken up again
         * after a restart, even after a crash. Without a directory (or {@link #store}) messages are
         * kept in memory only.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            this.store = null;
            return this;
        }

        /**
         * Keeps accepted messages in a store of the application's choice. It is not closed by
         * {@link DirectMail#close()}. One store serves one {@code DirectMail} at a time.
         */
        public Builder store(MailStore store) {
            this.store = Objects.requireNonNull(store, "store");
            this.dataDirectory = null;
            return this;
        }

        /** Sets when to retry after a temporary failure and when to give up; {@link RetryPolicy#DEFAULT} unless changed. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how often the scheduler looks, by the builder's clock, for retries that have come due
         * (default 1 second). A test that moves a fake clock forward can shorten it to see the
         * retries promptly.
         */
        public Builder schedulerTick(Duration tick) {
            Objects.requireNonNull(tick, "tick");
            if (tick.toMillis() < 1 || tick.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("schedulerTick must be 1 ms to 1 minute, was " + tick);
            }
            this.schedulerTick = tick;
            return this;
        }

        /**
         * Lets managed accounts have sending domains: names the hosts mail is sent from (for the SPF
         * records domain owners publish) and the host that receives bounces. Without it accounts
         * can have no domains, and so no sender addresses.
         *
         * @param settings the settings every new domain's DNS records are made from
         * @return this builder
         */
        public Builder sendingDomains(DomainSettings settings) {
            this.domainSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sends for managed accounts only: mail of an account id that is not a managed account —
         * including mail that names no account, which belongs to {@code default} — is refused
         * with an {@link io.directmail.account.UnknownAccountException}, after one look for an
         * account another node sharing the store has just created. For a host whose every sender
         * is a customer's account: without it (the default), mail of any other account id is sent
         * without the checks, the quota and the DKIM keys of managed accounts.
         *
         * @return this builder
         */
        public Builder managedAccountsOnly() {
            this.managedAccountsOnly = true;
            return this;
        }

        /**
         * Sets the limits on sending domains and sender addresses of every managed account (5 and
         * 10 by default), and whether mail may go out from unverified domains (never, by default).
         *
         * @param policy the limits
         * @return this builder
         */
        public Builder identityPolicy(IdentityPolicy policy) {
            this.identityPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Limits how fast each account's mail is handed to delivery (default: no limit). Mail of an
         * account at its limit waits, without a delivery attempt, until the account has a token
         * again; batch mail leaves the last token of a burst to trigger mail. Each instance counts
         * its own deliveries: several instances sharing a store each allow this rate.
         *
         * @param limit the rate of every account without its own, or {@code null} for none
         * @return this builder
         */
        public Builder accountRateLimit(RateLimit limit) {
            this.accountRateLimit = limit;
            return this;
        }

        /**
         * Limits how fast one account's mail is handed to delivery, in place of
         * {@link #accountRateLimit(RateLimit)}.
         *
         * @param account the account, as in {@link Mail.Builder#account(String)}
         * @param limit its rate
         * @return this builder
         * @throws InvalidMailException if the account id is not valid
         */
        public Builder accountRateLimit(String account, RateLimit limit) {
            Objects.requireNonNull(limit, "limit");
            accountRateLimits.put(Mail.checkAccount(account), limit);
            return this;
        }

        /**
         * Sets how long this instance's claim on a queued message lasts unless renewed (default 5
         * minutes). The instance renews its claims while it works on them and releases them at
         * close; if it dies instead, another instance sharing the same store takes its messages
         * over once their claims have lapsed, so this is also the longest such messages wait.
         *
         * @param lease from 1 second to 1 day; at least three scheduler ticks
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is out of range
         */
        public Builder claimLease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("claimLease must be 1 second to 1 day, was " + lease);
            }
            this.claimLease = lease;
            return this;
        }

        /**
         * Builds the instance and starts its delivery workers.
         *
         * @throws IllegalArgumentException if the claim lease is shorter than three scheduler ticks
         */
        public DirectMail build() {
            if (claimLease.compareTo(schedulerTick.multipliedBy(3)) < 0) {
                throw new IllegalArgumentException("claimLease " + claimLease + " must be at least three schedulerTicks ("
                        + schedulerTick + ")");
            }
            boolean ownsTransport = transport == null;
            Transport chosen = transport;
            DestinationThrottle throttle = new DestinationThrottle(new LimitsByDomain(destinationLimits, domainLimits), clock);
            if (chosen == null) {
                // Defaults run on the builder's clock, so one injected clock moves every timer.
                SmtpSettings smtp = smtpSettings != null ? smtpSettings : SmtpSettings.newBuilder().clock(clock).build();
                MxResolver resolver = mxResolver != null ? mxResolver
                        : MxResolver.dns(dnsSettings != null ? dnsSettings : DnsSettings.newBuilder().clock(clock).build());
                chosen = TransportUris.create(transportUri, smtp, resolver, throttle);
            }
            boolean ownsStore = store == null;
            MailStore chosenStore = store;
            try {
                if (chosenStore == null) {
                    StoreOptions options = StoreOptions.defaults().withClock(clock);
                    if (idempotencyWindow.compareTo(options.retention()) > 0) {
                        throw new IllegalArgumentException("idempotencyWindow " + idempotencyWindow
                                + " is longer than the store keeps finished messages (" + options.retention() + ")");
                    }
                    chosenStore = dataDirectory != null ? MailStore.embedded(dataDirectory, options) : MailStore.inMemory(options);
                }
                StoredModel model = new StoredModel(chosenStore);
                SendingIdentities identities = domainSettings == null ? null : SendingIdentities.newBuilder(domainSettings)
                        .policy(identityPolicy).clock(clock)
                        .dns(dnsSettings != null ? dnsSettings : DnsSettings.newBuilder().clock(clock).build())
                        .build();
                AccountRegistry accounts = new AccountRegistry(identities, clock, model, ModelSync.REFRESH_INTERVAL,
                        ModelSync.WRITE_LEASE, managedAccountsOnly);
                Engine engine = new Engine(new EngineConfig(clock, chosen, ownsTransport, dkimKeys, listeners, limits,
                        executor, deliveryConcurrency, idempotencyWindow, closeTimeout, retryPolicy, schedulerTick,
                        chosenStore, ownsStore, claimLease, new AccountRates(accountRateLimit, accountRateLimits), accounts),
                        new StatisticsRecorder(statisticsOptions, clock));
                // Batches find the engine's path for their rows through the accounts, the one internal
                // part they reach from a DirectMail: a row then carries its batch's id to admission.
                accounts.connectBatchSender(engine::send);
                return new DirectMail(engine, throttle, accounts);
            } catch (RuntimeException | Error e) {
                if (ownsStore && chosenStore != null) {
                    chosenStore.close();
                }
                if (ownsTransport) {
                    chosen.close();
                }
                throw e;
            }
        }
    }
}
