package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMailException;
import io.directmail.DuplicateNameException;
import io.directmail.EmailAddress;
import io.directmail.LimitExceededException;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.account.Account;
import io.directmail.account.UnknownAccountException;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.QuotaExceededException;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainNotVerifiedException;
import io.directmail.account.DomainSettings;
import io.directmail.account.DomainTakenException;
import io.directmail.account.DuplicateSenderAddressException;
import io.directmail.account.IdentityPolicy;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.account.UnknownSenderAddressException;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dns.DnsSettings;
import io.directmail.internal.account.AccountRegistry.Admission;
import io.directmail.internal.codec.ModelVersionCodec;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaLedger;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import io.directmail.template.Template;
import io.directmail.template.TemplateLimits;
import io.directmail.testing.LoopbackDnsServer;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' registries over one store: what one changes the other sees (within the refresh
 * interval, at once when a lookup misses), and the rules hold for both together, also when their
 * changes race. The races are staged: one node's whole change runs at the moment the other is
 * about to take the model for its own.
 */
class SharedAccountsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final DomainSettings SETTINGS = DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example")
            .withDkimAlgorithms(List.of(DkimAlgorithm.ED25519_SHA256));
    private static final EmailAddress NEWS = EmailAddress.of("news@acme.example");
    private static final Template WELCOME = new Template("welcome", "Welcome", null, "Hello");
    private static final RecipientList CUSTOMERS = new RecipientList("customers", List.of(Recipient.of("ann@example.org")));

    private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final MailStore store = MailStore.inMemory();
    private LoopbackDnsServer dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = new LoopbackDnsServer();
        dns.start();
    }

    @AfterEach
    void stop() {
        dns.close();
        store.close();
    }

    private AccountRegistry node(MailStore storeOfNode) {
        SendingIdentities identities = SendingIdentities.newBuilder(SETTINGS).clock(clock)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .build();
        return new AccountRegistry(identities, clock, new StoredModel(storeOfNode), INTERVAL, LEASE);
    }

    /** Adds a domain, publishes its records and verifies it. */
    private void addVerifiedDomain(Account account, String name) {
        account.addDomain(name);
        for (DnsRecord record : account.dnsRecords(name)) {
            switch (record.type()) {
                case TXT -> dns.txt(record.host(), record.value());
                case CNAME -> dns.cname(record.host(), record.value());
            }
        }
        assertThat(account.verifyDomain(name).verified()).isTrue();
    }

    /** Admits a mail on a node, as the engine does for mail that is not a batch's row. */
    private static Admission admit(AccountRegistry node, Mail mail, String messageId) {
        return node.admit(mail, messageId, null);
    }

    private static Mail mail(EmailAddress from) {
        return Mail.newBuilder().account("acme").from(from).addTo("alice@example.org").subject("Receipt").text("Thanks").build();
    }

    private List<String> storedKeys(String kind) {
        return store.records(kind).stream().map(StoredRecord::key).toList();
    }

    private ModelVersion storedVersion() {
        return store.findRecord(StoredModel.MODEL, StoredModel.VERSION_KEY).map(ModelVersionCodec::decode)
                .orElse(ModelVersion.INITIAL);
    }

    @Test
    void anAccountCreatedOnOneNode_isFoundOnTheOther_atOnce() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);

        Account onA = a.create("acme");

        assertThat(b.find("acme")).as("a lookup that misses checks the model at once").isPresent();
        assertThat(b.list()).extracting(Account::id).containsExactly("acme");
        assertThatThrownBy(() -> b.create("acme")).isInstanceOf(DuplicateNameException.class);
        assertThat(a.find("acme")).containsSame(onA);
    }

    @Test
    void templatesAndLists_addedOnOneNode_areSeenOnTheOther_afterTheRefreshInterval_orAtOnceByName() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        Account onB = b.find("acme").orElseThrow();

        onA.addTemplate(WELCOME);
        onA.addList(CUSTOMERS);

        assertThat(onB.templates()).as("within the refresh interval memory is used as it is").isEmpty();
        clock.advance(INTERVAL);
        assertThat(onB.templates()).containsExactly(WELCOME);
        assertThat(onB.lists()).containsExactly(CUSTOMERS);

        Template goodbye = new Template("goodbye", "Goodbye", null, "Bye");
        onA.addTemplate(goodbye);
        RecipientList guests = new RecipientList("guests", List.of(Recipient.of("bob@example.org")));
        onA.addList(guests);
        assertThat(onB.template("goodbye")).as("a template looked up by name is checked for at once").contains(goodbye);
        assertThat(onB.list("guests")).contains(guests);

        Template changed = new Template("welcome", "Welcome aboard", null, "Hello again");
        onB.replaceTemplate(changed);
        clock.advance(INTERVAL);
        assertThat(onA.template("welcome")).contains(changed);
    }

    @Test
    void aSenderAddressAddedAndVerifiedOnOneNode_sendsFromTheOther_signedWithItsDomainsKeys() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        Account onB = b.find("acme").orElseThrow();

        addVerifiedDomain(onA, "acme.example");
        onA.addSenderAddress(NEWS, MailType.TRIGGER, null);

        Admission admission = admit(b, mail(NEWS), "m1");
        assertThat(admission.account()).as("an unknown sender address is checked for at once").isSameAs(onB);
        assertThat(admission.dkimKeys()).isEqualTo(onA.domains().getFirst().dkimKeys());
        admission.accepted("m1");
        assertThat(onB.domains()).singleElement().satisfies(domain -> assertThat(domain.verified()).isTrue());
        assertThat(onB.checkSendable(NEWS, MailType.TRIGGER).account()).isEqualTo("acme");
    }

    @Test
    void aDomainVerifiedOnOneNode_isVerifiedOnTheOther() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        onA.addDomain("acme.example");
        Account onB = b.find("acme").orElseThrow();
        assertThat(onB.domains()).singleElement().satisfies(domain -> assertThat(domain.verified()).isFalse());
        assertThatThrownBy(() -> onB.addSenderAddress(NEWS, MailType.TRIGGER, null)).isInstanceOf(DomainNotVerifiedException.class);

        for (DnsRecord record : onA.dnsRecords("acme.example")) {
            switch (record.type()) {
                case TXT -> dns.txt(record.host(), record.value());
                case CNAME -> dns.cname(record.host(), record.value());
            }
        }
        assertThat(onA.verifyDomain("acme.example").verified()).isTrue();

        onB.addSenderAddress(NEWS, MailType.TRIGGER, null);
        assertThat(onB.domains()).singleElement().satisfies(domain -> assertThat(domain.verified()).isTrue());
        clock.advance(INTERVAL);
        assertThat(onA.senderAddresses()).extracting(sender -> sender.address()).containsExactly(NEWS);
    }

    @Test
    void theSendPath_readsTheModelVersionOncePerRefreshInterval_notPerMessage() {
        CountingStore counting = new CountingStore(store);
        AccountRegistry a = node(store);
        AccountRegistry b = node(counting);
        Account onA = a.create("acme");
        addVerifiedDomain(onA, "acme.example");
        onA.addSenderAddress(NEWS, MailType.TRIGGER, null);
        Account onB = b.find("acme").orElseThrow();
        Admission first = admit(b, mail(NEWS), "first");
        assertThat(first.account()).isSameAs(onB);
        first.accepted("first");

        counting.versionReads.set(0);
        for (int i = 0; i < 1_000; i++) {
            admit(b, mail(NEWS), "m" + i).accepted("m" + i);
            admit(b, mail(NEWS).toBuilder().account("unmanaged").build(), "u" + i);
        }
        assertThat(counting.versionReads).as("no read of the store's model per message").hasValue(0);

        clock.advance(INTERVAL);
        admit(b, mail(NEWS), "later").accepted("later");
        admit(b, mail(NEWS), "later2").accepted("later2");
        assertThat(counting.versionReads).as("one read once the interval has passed").hasValue(1);
    }

    @Test
    void removalsOnOneNode_reachTheOther_withinTheRefreshInterval() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        addVerifiedDomain(onA, "acme.example");
        onA.addSenderAddress(NEWS, MailType.TRIGGER, null);
        onA.addTemplate(WELCOME);
        onA.addList(CUSTOMERS);
        Account onB = b.find("acme").orElseThrow();
        admit(b, mail(NEWS), "m1").accepted("m1");

        onA.deleteTemplate("welcome");
        onA.deleteList("customers");
        onA.removeSenderAddress(NEWS);
        onA.removeDomain("acme.example");

        assertThat(onB.templates()).as("until the interval has passed, memory as it was").containsExactly(WELCOME);
        clock.advance(INTERVAL);
        assertThat(onB.templates()).isEmpty();
        assertThat(onB.lists()).isEmpty();
        assertThat(onB.senderAddresses()).isEmpty();
        assertThat(onB.domains()).isEmpty();
        assertThatThrownBy(() -> admit(b, mail(NEWS), "m2")).isInstanceOf(UnknownSenderAddressException.class);
        assertThat(onB.deleteTemplate("welcome")).isFalse();
        assertThat(b.find("acme")).containsSame(onB);
    }

    @Test
    void aNodeThatSendsForManagedAccountsOnly_takesUpAnAccountJustCreatedElsewhere_andRefusesUnknownOnes() {
        AccountRegistry a = node(store);
        a.list(); // both nodes have looked at the model before the account exists
        SendingIdentities identities = SendingIdentities.newBuilder(SETTINGS).clock(clock)
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).clock(clock).build())
                .build();
        AccountRegistry strict = new AccountRegistry(identities, clock, new StoredModel(store), INTERVAL, LEASE, true);
        assertThatThrownBy(() -> admit(strict, mail(NEWS), "m0")).isInstanceOf(UnknownAccountException.class)
                .hasMessageContaining("acme");

        Account onA = a.create("acme");
        addVerifiedDomain(onA, "acme.example");
        onA.addSenderAddress(NEWS, MailType.TRIGGER, null);

        Admission admitted = admit(strict, mail(NEWS), "m1");
        assertThat(admitted.account()).as("managed at once, not sent unchecked until the interval passes").isNotNull();
        admitted.accepted("m1");
        assertThat(onA.quota().usage(clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()).totalMessages())
                .isEqualTo(1);
        assertThatThrownBy(() -> admit(strict, mail(NEWS).toBuilder().account("nobody").build(), "m2"))
                .isInstanceOf(UnknownAccountException.class);
    }

    @Test
    void aMessageAdmittedWithoutACap_isChargedEvenIfACapIsSetBeforeItIsStored() {
        AccountRegistry a = node(store);
        Account onA = a.create("acme");
        addVerifiedDomain(onA, "acme.example");
        onA.addSenderAddress(NEWS, MailType.TRIGGER, null);
        Admission admitted = admit(a, mail(NEWS), "m1");

        a.changePolicy("acme", AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(0)));
        admitted.accepted("m1");

        assertThat(onA.quota().usage(clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()).totalMessages())
                .as("accepted, so charged").isEqualTo(1);
        assertThatThrownBy(() -> admit(a, mail(NEWS), "m2")).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aPolicyChangedOnOneNode_appliesOnTheOther_withinTheRefreshInterval() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        a.create("acme", AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(1)));
        Account onB = b.find("acme").orElseThrow();
        onB.quota().charge("m1");
        assertThatThrownBy(() -> onB.quota().charge("m2")).isInstanceOf(QuotaExceededException.class);

        a.changePolicy("acme", AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(3)));
        clock.advance(INTERVAL);

        assertThat(b.find("acme")).containsSame(onB);
        assertThat(onB.policy().quota().dailyCap()).hasValue(3);
        onB.quota().charge("m2");
        assertThat(onB.quota().dailyCapRemaining()).hasValue(1);
    }

    @Test
    void aDeleteOnANodeThatHasNotSeenTheRecordYet_findsIt() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        Account onB = b.find("acme").orElseThrow();

        onA.addTemplate(WELCOME);

        assertThat(onB.deleteTemplate("welcome")).as("a change first brings memory up to date").isTrue();
        assertThat(storedKeys(StoredModel.TEMPLATES)).isEmpty();
        clock.advance(INTERVAL);
        assertThat(onA.templates()).isEmpty();
    }

    @Test
    void limits_holdForBothNodesTogether_evenWhenOneHasNotSeenTheOthersChanges() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme", AccountPolicy.defaults().withTemplates(TemplateLimits.DEFAULT.withMaxTemplatesPerAccount(2)));
        Account onB = b.find("acme").orElseThrow();

        onA.addTemplate(new Template("t1", "One", null, "1"));
        onB.addTemplate(new Template("t2", "Two", null, "2"));

        assertThatThrownBy(() -> onA.addTemplate(new Template("t3", "Three", null, "3")))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxTemplatesPerAccount"));
        assertThatThrownBy(() -> onB.addTemplate(new Template("t3", "Three", null, "3"))).isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> onB.addTemplate(new Template("t1", "Again", null, "1"))).isInstanceOf(DuplicateNameException.class);
        assertThat(storedKeys(StoredModel.TEMPLATES)).containsExactly("acme/t1", "acme/t2");
    }

    @Test
    void domainAndSenderRules_holdForBothNodesTogether() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account oneOnA = a.create("one");
        Account twoOnB = b.create("two");
        Account oneOnB = b.find("one").orElseThrow();

        addVerifiedDomain(oneOnA, "example.com");
        assertThatThrownBy(() -> twoOnB.addDomain("mail.example.com")).as("a subdomain of another account's domain")
                .isInstanceOf(DomainTakenException.class);
        oneOnA.addSenderAddress(EmailAddress.of("news@example.com"), MailType.TRIGGER, null);
        assertThatThrownBy(() -> oneOnB.addSenderAddress(EmailAddress.of("News@example.com"), MailType.BATCH, null))
                .isInstanceOf(DuplicateSenderAddressException.class);
        assertThatThrownBy(() -> oneOnB.removeDomain("example.com")).as("it has a sender address, added on the other node")
                .isInstanceOf(io.directmail.account.DomainInUseException.class);
        for (int i = 2; i <= 5; i++) {
            (i % 2 == 0 ? oneOnB : oneOnA).addDomain("d" + i + ".example");
        }
        assertThatThrownBy(() -> oneOnB.addDomain("d6.example"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxDomainsPerAccount"));
        assertThat(storedKeys(StoredModel.DOMAINS)).hasSize(5);
    }

    @Test
    void racingForTheLastDomain_theNodeThatLosesTheRace_isCheckedAgainAgainstTheWinnersChange() {
        CountingStore staged = new CountingStore(store);
        AccountRegistry a = node(staged);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        for (int i = 1; i <= 4; i++) {
            onA.addDomain("d" + i + ".example");
        }
        Account onB = b.find("acme").orElseThrow();

        staged.takes.set(0);
        staged.beforeTake = () -> onB.addDomain("fifth-on-b.example");
        assertThatThrownBy(() -> onA.addDomain("fifth-on-a.example"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxDomainsPerAccount"));

        assertThat(staged.takes).as("the take that lost, and no second one").hasValue(1);
        assertThat(storedKeys(StoredModel.DOMAINS)).hasSize(5).contains("fifth-on-b.example")
                .doesNotContain("fifth-on-a.example");
        assertThat(onA.domains()).extracting(SendingDomain::name).contains("fifth-on-b.example")
                .doesNotContain("fifth-on-a.example");
    }

    @Test
    void racingForADomainAndItsSubdomain_fromTwoAccounts_oneWins() {
        CountingStore staged = new CountingStore(store);
        AccountRegistry a = node(staged);
        AccountRegistry b = node(store);
        Account one = a.create("one");
        Account two = b.create("two");

        staged.beforeTake = () -> two.addDomain("mail.example.org");
        assertThatThrownBy(() -> one.addDomain("example.org")).isInstanceOf(DomainTakenException.class)
                .hasMessageContaining("mail.example.org");

        assertThat(storedKeys(StoredModel.DOMAINS)).containsExactly("mail.example.org");
        assertThat(one.domains()).isEmpty();
    }

    @Test
    void aNodeFarBehind_reloadsTheWholeModel_keepingEachAccountAndItsQuotaLedger() {
        AccountRegistry a = node(store);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        Account onB = b.find("acme").orElseThrow();
        QuotaLedger ledger = onB.quota();

        int templates = ModelVersion.RECENT_CHANGES + 6;
        for (int i = 0; i < templates; i++) {
            onA.addTemplate(new Template("t" + i, "Subject " + i, null, "Text " + i));
        }
        a.create("other");
        clock.advance(INTERVAL);

        assertThat(onB.templates()).hasSize(templates);
        assertThat(b.find("acme")).containsSame(onB);
        assertThat(onB.quota()).isSameAs(ledger);
        assertThat(b.list()).extracting(Account::id).containsExactly("acme", "other");

        onA.deleteTemplate("t0");
        clock.advance(INTERVAL);
        assertThat(onB.templates()).hasSize(templates - 1);
        assertThat(onB.quota()).as("a reload of a few records keeps the ledger too").isSameAs(ledger);
    }

    @Test
    void aNodeThatDiedHoldingTheModel_beforeWriting_isTakenOverOnceItsLeaseEnds_withNothingWritten() {
        DyingStore dying = new DyingStore(store);
        AccountRegistry a = node(dying);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        Account onB = b.find("acme").orElseThrow();

        dying.dieAfterTake = true;
        assertThatThrownBy(() -> onA.addTemplate(WELCOME)).isInstanceOf(DirectMailException.class);
        assertThat(storedVersion().writer()).as("the dead node's change still holds the model").isNotNull();

        Template other = new Template("other", "Other", null, "Other");
        assertThatThrownBy(() -> onB.addTemplate(other)).isInstanceOf(DirectMailException.class)
                .hasMessageContaining("for longer than expected");
        clock.advance(LEASE);
        onB.addTemplate(other);

        assertThat(onB.templates()).containsExactly(other);
        assertThat(storedKeys(StoredModel.TEMPLATES)).containsExactly("acme/other");
        assertThat(storedVersion().writer()).isNull();
    }

    @Test
    void aNodeThatDiedAfterWriting_isTakenOver_andItsChangeReachesEveryNode() {
        DyingStore dying = new DyingStore(store);
        AccountRegistry a = node(dying);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        Account onB = b.find("acme").orElseThrow();

        dying.dieAfterWrite = true;
        onA.addTemplate(WELCOME);
        assertThat(storedVersion().writer()).isNotNull();

        clock.advance(LEASE);
        assertThat(onB.templates()).as("a refresh waits for no writer").isEmpty();
        onB.addTemplate(new Template("other", "Other", null, "Other"));

        assertThat(onB.templates()).extracting(Template::name).containsExactly("other", "welcome");
    }

    @Test
    void aWriteTheStoreRefuses_isUndone_andEveryNodeReadsTheRecordAgain() {
        RefusingTemplates refusing = new RefusingTemplates(store);
        AccountRegistry a = node(refusing);
        AccountRegistry b = node(store);
        Account onA = a.create("acme");
        long before = storedVersion().number();

        assertThatThrownBy(() -> onA.addTemplate(WELCOME)).isInstanceOf(DirectMailException.class).hasMessageContaining("disk full");

        assertThat(onA.templates()).isEmpty();
        assertThat(storedVersion().writer()).isNull();
        assertThat(storedVersion().number()).as("announced: the write might have reached the store").isEqualTo(before + 1);
        assertThat(storedVersion().recent().getLast().record()).isEqualTo(new ModelVersion.RecordKey(StoredModel.TEMPLATES,
                "acme/welcome"));
        assertThat(b.find("acme").orElseThrow().template("welcome")).isEmpty();
        refusing.refuse = false;
        onA.addTemplate(WELCOME);
        assertThat(onA.templates()).containsExactly(WELCOME);
    }

    @Test
    void lookupsOfThingsThatExistNowhere_andBadInput_changeNothing() {
        AccountRegistry a = node(store);
        Account onA = a.create("acme");
        long version = storedVersion().number();

        assertThat(a.find("nobody")).isEmpty();
        assertThat(onA.template("nothing")).isEmpty();
        assertThat(onA.list("nothing")).isEmpty();
        assertThat(onA.deleteTemplate("nothing")).isFalse();
        assertThat(onA.deleteList("nothing")).isFalse();
        assertThatThrownBy(() -> a.create("not valid")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> onA.addTemplate(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> onA.deleteTemplate(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> onA.addDomain("-bad-.example")).isInstanceOf(io.directmail.account.InvalidDomainNameException.class);

        assertThat(storedVersion().number()).as("nothing changed, nothing announced").isEqualTo(version);
        assertThat(storedVersion().writer()).isNull();
    }

    /** Counts reads of the model version, and runs a staged change just before this node takes the model. */
    private static final class CountingStore extends ForwardingMailStore {
        final AtomicInteger versionReads = new AtomicInteger();
        final AtomicInteger takes = new AtomicInteger();
        volatile Runnable beforeTake;

        CountingStore(MailStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<byte[]> findRecord(String kind, String key) {
            if (kind.equals(StoredModel.MODEL)) {
                versionReads.incrementAndGet();
            }
            return super.findRecord(kind, key);
        }

        @Override
        public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
            beforeTake(kind, value);
            return super.replaceRecord(kind, key, expected, value);
        }

        @Override
        public boolean putRecordIfAbsent(String kind, String key, byte[] value) {
            beforeTake(kind, value);
            return super.putRecordIfAbsent(kind, key, value);
        }

        private void beforeTake(String kind, byte[] value) {
            if (kind.equals(StoredModel.MODEL) && ModelVersionCodec.decode(value).writer() != null) {
                takes.incrementAndGet();
                Runnable staged = beforeTake;
                beforeTake = null;
                if (staged != null) {
                    staged.run();
                }
            }
        }

        @Override
        public void close() {
        }
    }

    /** A node's connection to the store that fails for good right after the node took the model, or wrote its record. */
    private static final class DyingStore extends ForwardingMailStore {
        volatile boolean dieAfterTake;
        volatile boolean dieAfterWrite;
        private volatile boolean dead;

        DyingStore(MailStore delegate) {
            super(delegate);
        }

        private void check() {
            if (dead) {
                throw new DirectMailException("connection lost");
            }
        }

        @Override
        public boolean replaceRecord(String kind, String key, byte[] expected, byte[] value) {
            check();
            boolean replaced = super.replaceRecord(kind, key, expected, value);
            dead = replaced && dieAfterTake && ModelVersionCodec.decode(value).writer() != null;
            return replaced;
        }

        @Override
        public void putRecord(String kind, String key, byte[] value) {
            check();
            super.putRecord(kind, key, value);
            dead = dieAfterWrite;
        }

        @Override
        public Optional<byte[]> findRecord(String kind, String key) {
            check();
            return super.findRecord(kind, key);
        }

        @Override
        public List<StoredRecord> records(String kind, String keyPrefix) {
            check();
            return super.records(kind, keyPrefix);
        }

        @Override
        public void close() {
        }
    }

    /** Refuses to write templates. */
    private static final class RefusingTemplates extends ForwardingMailStore {
        volatile boolean refuse = true;

        RefusingTemplates(MailStore delegate) {
            super(delegate);
        }

        @Override
        public void putRecord(String kind, String key, byte[] value) {
            if (refuse && kind.equals(StoredModel.TEMPLATES)) {
                throw new DirectMailException("disk full");
            }
            super.putRecord(kind, key, value);
        }

        @Override
        public void close() {
        }
    }
}
