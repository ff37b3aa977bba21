package io.directmail.account;

import static io.directmail.account.IdentityFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.LimitExceededException;
import io.directmail.MailType;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendingIdentitiesDomainTest {

    private final IdentityFixture fixture = new IdentityFixture();
    private final SendingIdentities identities = fixture.identities();

    SendingIdentitiesDomainTest() throws IOException {
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void addDomain_givesItKeysAndAToken_unverified() {
        fixture.clock.advance(Duration.ofDays(40));

        SendingDomain domain = identities.addDomain("acme", "Example.COM.");

        assertThat(domain.name()).isEqualTo("example.com");
        assertThat(domain.account()).isEqualTo("acme");
        assertThat(domain.createdAt()).isEqualTo(START.plus(Duration.ofDays(40)));
        assertThat(domain.status()).isEqualTo(new VerificationStatus.Unverified());
        assertThat(domain.ownershipToken()).matches("[0-9a-f]{32}");
        assertThat(domain.dkimKeys()).singleElement().satisfies(key -> {
            assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
            assertThat(key.domain()).isEqualTo("example.com");
            assertThat(key.selector()).isEqualTo("dm-ed25519-20260210");
        });
        assertThat(identities.domain("acme", "example.com")).isEqualTo(domain);
        assertThat(identities.domains("acme")).containsExactly(domain);
        assertThat(identities.records("acme", "EXAMPLE.com")).isEqualTo(domain.records(IdentityFixture.SETTINGS));
    }

    @Test
    void addDomain_withDefaultSettings_makesOneRsa2048Key() {
        SendingIdentities defaults = SendingIdentities.newBuilder(
                DomainSettings.of(List.of("ip4:192.0.2.1"), "bounce.mail.example.net")).clock(fixture.clock).build();

        SendingDomain domain = defaults.addDomain("acme", "example.com");

        assertThat(domain.dkimKeys()).singleElement().satisfies(key -> {
            assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
            assertThat(key.selector()).isEqualTo("dm-rsa-20260101");
            assertThat(((java.security.interfaces.RSAPublicKey) key.publicKey()).getModulus().bitLength()).isEqualTo(2048);
        });
    }

    @Test
    void addDomain_withBothAlgorithms_makesTwoKeys_forDualSignatures() {
        SendingIdentities both = SendingIdentities.newBuilder(IdentityFixture.SETTINGS.withDkimAlgorithms(
                List.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256))).clock(fixture.clock).build();

        assertThat(both.addDomain("acme", "example.com").dkimKeys()).extracting(DkimKey::selector)
                .containsExactly("dm-rsa-20260101", "dm-ed25519-20260101");
    }

    @Test
    void addDomain_idn_isKeptInAsciiForm() {
        SendingDomain domain = identities.addDomain("acme", "bücher.example");

        assertThat(domain.name()).isEqualTo("xn--bcher-kva.example");
        assertThat(domain.unicodeName()).isEqualTo("bücher.example");
        assertThat(identities.domain("acme", "BÜCHER.example")).isEqualTo(domain);
    }

    @Test
    void everyDomain_getsItsOwnToken() {
        String first = identities.addDomain("acme", "one.example").ownershipToken();
        String second = identities.addDomain("acme", "two.example").ownershipToken();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void fifthDomain_isAccepted_sixthRefused_namingTheLimit() {
        for (int i = 1; i <= 5; i++) {
            identities.addDomain("acme", "d" + i + ".example");
        }

        assertThatThrownBy(() -> identities.addDomain("acme", "d6.example"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("maxDomainsPerAccount");
                    assertThat(e.allowed()).isEqualTo(5);
                    assertThat(e.requested()).isEqualTo(6);
                })
                .hasMessage("Limit maxDomainsPerAccount is 5, but the request needs 6");
        assertThat(identities.domains("acme")).hasSize(5);
        assertThat(identities.addDomain("other", "d6.example").account()).as("other accounts are not limited by it")
                .isEqualTo("other");
    }

    @Test
    void removingADomain_makesRoomUnderTheLimit() {
        SendingIdentities two = fixture.builder().policy(IdentityPolicy.DEFAULT.withMaxDomainsPerAccount(2)).build();
        two.addDomain("acme", "one.example");
        two.addDomain("acme", "two.example");
        assertThatThrownBy(() -> two.addDomain("acme", "three.example")).isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxDomainsPerAccount is 2, but the request needs 3");

        two.removeDomain("acme", "one.example");

        assertThat(two.addDomain("acme", "three.example").name()).isEqualTo("three.example");
        assertThat(two.domains("acme")).extracting(SendingDomain::name).containsExactly("two.example", "three.example");
    }

    @Test
    void subdomainOfAnotherAccountsDomain_isRefused() {
        identities.addDomain("a", "example.com");

        assertThatThrownBy(() -> identities.addDomain("b", "mail.example.com"))
                .isInstanceOfSatisfying(DomainTakenException.class, e -> {
                    assertThat(e.domain()).isEqualTo("mail.example.com");
                    assertThat(e.takenDomain()).isEqualTo("example.com");
                })
                .hasMessageContaining("example.com belongs to another account");
        assertThatThrownBy(() -> identities.addDomain("b", "deep.mail.example.com")).isInstanceOf(DomainTakenException.class);
        assertThat(identities.domains("b")).isEmpty();
    }

    @Test
    void parentOfAnotherAccountsDomain_isRefused() {
        identities.addDomain("a", "mail.example.com");

        assertThatThrownBy(() -> identities.addDomain("b", "example.com"))
                .isInstanceOfSatisfying(DomainTakenException.class,
                        e -> assertThat(e.takenDomain()).isEqualTo("mail.example.com"));
        assertThat(identities.domains("b")).isEmpty();
    }

    @Test
    void sameDomainInAnotherAccount_isRefused_inAnySpelling() {
        identities.addDomain("a", "example.com");

        assertThatThrownBy(() -> identities.addDomain("b", "EXAMPLE.com."))
                .isInstanceOf(DomainTakenException.class)
                .hasMessage("Domain example.com belongs to another account");
    }

    @Test
    void sameAccount_mayHaveADomainAndItsSubdomain_eachWithItsOwnRecords() {
        SendingDomain parent = identities.addDomain("a", "example.com");
        SendingDomain child = identities.addDomain("a", "mail.example.com");

        assertThat(child.ownershipToken()).isNotEqualTo(parent.ownershipToken());
        assertThat(identities.domains("a")).containsExactly(parent, child);
        assertThatThrownBy(() -> identities.addDomain("b", "news.example.com")).isInstanceOf(DomainTakenException.class);
    }

    @Test
    void unrelatedDomains_withACommonSuffix_orSiblings_areNotTaken() {
        identities.addDomain("a", "example.com");
        identities.addDomain("a", "mail.other.org");

        assertThat(identities.addDomain("b", "badexample.com").name()).isEqualTo("badexample.com");
        assertThat(identities.addDomain("b", "news.other.org").name()).as("a sibling, not a parent")
                .isEqualTo("news.other.org");
        assertThat(identities.addDomain("b", "example.co").name()).isEqualTo("example.co");
    }

    @Test
    void sameDomainTwiceInOneAccount_isRefused() {
        identities.addDomain("a", "example.com");

        assertThatThrownBy(() -> identities.addDomain("a", "Example.Com."))
                .isInstanceOfSatisfying(DuplicateDomainException.class, e -> assertThat(e.domain()).isEqualTo("example.com"))
                .hasMessage("Account a already has the sending domain example.com");
        assertThat(identities.domains("a")).hasSize(1);
    }

    @Test
    void racingAdds_neverGoPastTheLimit_andOneDomainHasOneOwner() throws Exception {
        List<Callable<Boolean>> adds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "d" + i + ".example";
            adds.add(() -> succeeds(() -> identities.addDomain("acme", name)));
        }
        for (int i = 0; i < 8; i++) {
            String account = "rival" + i;
            adds.add(() -> succeeds(() -> identities.addDomain(account, "contested.example")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int acme = 0;
        int rivals = 0;
        try {
            List<Future<Boolean>> results = pool.invokeAll(adds);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).get()) {
                    if (i < 12) {
                        acme++;
                    } else {
                        rivals++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(acme).isEqualTo(5);
        assertThat(identities.domains("acme")).hasSize(5);
        assertThat(rivals).isEqualTo(1);
        assertThat(identities.snapshot().domains()).filteredOn(d -> d.name().equals("contested.example")).hasSize(1);
    }

    @Test
    void removeDomain_forgetsIt_andFreesTheNameForOthers() {
        identities.addDomain("a", "example.com");

        identities.removeDomain("a", "EXAMPLE.com");

        assertThat(identities.domains("a")).isEmpty();
        assertThatThrownBy(() -> identities.domain("a", "example.com")).isInstanceOf(UnknownDomainException.class);
        assertThat(identities.addDomain("b", "mail.example.com").account()).isEqualTo("b");
    }

    @Test
    void removeDomain_ofAnotherAccount_orUnknown_isRefused_andChangesNothing() {
        identities.addDomain("a", "example.com");

        assertThatThrownBy(() -> identities.removeDomain("b", "example.com"))
                .isInstanceOfSatisfying(UnknownDomainException.class, e -> assertThat(e.domain()).isEqualTo("example.com"))
                .hasMessage("Account b has no sending domain example.com; add it first");
        assertThatThrownBy(() -> identities.removeDomain("a", "other.example")).isInstanceOf(UnknownDomainException.class);
        assertThat(identities.domains("a")).hasSize(1);
    }

    @Test
    void removeDomain_withSenderAddresses_isRefused_untilTheyAreRemoved() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", EmailAddress.of("news@example.com"), MailType.BATCH, null);
        identities.addSenderAddress("a", EmailAddress.of("alerts@example.com"), MailType.TRIGGER, null);

        assertThatThrownBy(() -> identities.removeDomain("a", "example.com"))
                .isInstanceOfSatisfying(DomainInUseException.class, e -> {
                    assertThat(e.domain()).isEqualTo("example.com");
                    assertThat(e.senderAddresses()).isEqualTo(2);
                })
                .hasMessage("Domain example.com still has 2 sender addresses; remove them before the domain");
        identities.removeSenderAddress("a", EmailAddress.of("news@example.com"));
        assertThatThrownBy(() -> identities.removeDomain("a", "example.com"))
                .isInstanceOf(DomainInUseException.class)
                .hasMessageContaining("still has 1 sender address;");
        assertThat(identities.domains("a")).hasSize(1);

        identities.removeSenderAddress("a", EmailAddress.of("alerts@example.com"));
        identities.removeDomain("a", "example.com");

        assertThat(identities.domains("a")).isEmpty();
    }

    @Test
    void senderAddressesOnASubdomain_doNotHoldTheParentDomain() {
        fixture.verifiedDomain(identities, "a", "example.com");
        fixture.verifiedDomain(identities, "a", "mail.example.com");
        identities.addSenderAddress("a", EmailAddress.of("news@mail.example.com"), MailType.BATCH, null);

        identities.removeDomain("a", "example.com");

        assertThat(identities.domains("a")).extracting(SendingDomain::name).containsExactly("mail.example.com");
    }

    @Test
    void verify_recordsVerified_whenEveryRequiredRecordIsFound() {
        SendingDomain added = identities.addDomain("a", "example.com");
        fixture.publish(identities, added);
        fixture.clock.advance(Duration.ofMinutes(5));

        DomainVerification verification = identities.verify("a", "example.com");

        assertThat(verification.verified()).isTrue();
        assertThat(identities.domain("a", "example.com").status())
                .isEqualTo(new VerificationStatus.Verified(START.plus(Duration.ofMinutes(5))));
    }

    @Test
    void verify_beforePublishing_recordsFailed_withWhatIsMissing() {
        identities.addDomain("a", "example.com");

        DomainVerification verification = identities.verify("a", "example.com");

        assertThat(verification.verified()).isFalse();
        assertThat(identities.domain("a", "example.com").status())
                .isInstanceOfSatisfying(VerificationStatus.Failed.class, failed -> {
                    assertThat(failed.at()).isEqualTo(START);
                    assertThat(failed.reason()).isEqualTo(verification.summary()).contains("OWNERSHIP", "SPF", "DKIM");
                });
    }

    @Test
    void verifiedDomain_whoseRecordIsTakenAway_isNoLongerVerified() {
        SendingDomain domain = fixture.verifiedDomain(identities, "a", "example.com");
        fixture.dns.remove(domain.dkimKeys().get(0).dnsName());
        fixture.clock.advance(Duration.ofDays(1));

        identities.verify("a", "example.com");

        assertThat(identities.domain("a", "example.com").status())
                .isInstanceOfSatisfying(VerificationStatus.Failed.class, failed -> {
                    assertThat(failed.at()).isEqualTo(START.plus(Duration.ofDays(1)));
                    assertThat(failed.reason()).contains("DKIM", "MISSING");
                });
    }

    @Test
    void inconclusiveVerification_leavesTheStatusAsItWas() {
        SendingDomain domain = fixture.verifiedDomain(identities, "a", "example.com");
        fixture.dns.servfail("example.com", "TXT");
        fixture.clock.advance(Duration.ofDays(1));

        DomainVerification verification = identities.verify("a", "example.com");

        assertThat(verification.inconclusive()).isTrue();
        assertThat(identities.domain("a", "example.com").status()).isEqualTo(domain.status());
    }

    @Test
    void verify_ofAnotherAccountsDomain_isRefused_withoutLookingItUp() {
        identities.addDomain("a", "example.com");

        assertThatThrownBy(() -> identities.verify("b", "example.com")).isInstanceOf(UnknownDomainException.class);
        assertThat(fixture.dns.queryCount("_directmail.example.com", "TXT")).isZero();
        assertThat(identities.domain("a", "example.com").status()).isEqualTo(new VerificationStatus.Unverified());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-bad-.com", "exa mple.com", "192.0.2.1", "[192.0.2.1]", "localhost", "", "a..b.example"})
    void malformedDomainNames_areRefused_everywhere_changingNothing(String name) {
        identities.addDomain("a", "example.com");
        IdentitySnapshot before = identities.snapshot();

        assertThatThrownBy(() -> identities.addDomain("a", name)).isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> identities.removeDomain("a", name)).isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> identities.verify("a", name)).isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> identities.domain("a", name)).isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> identities.records("a", name)).isInstanceOf(InvalidDomainNameException.class);
        assertThat(identities.snapshot()).isEqualTo(before);
    }

    @Test
    void nullAndMalformedArguments_areRefused_changingNothing() {
        identities.addDomain("a", "example.com");
        IdentitySnapshot before = identities.snapshot();

        assertThatThrownBy(() -> identities.addDomain("a", null)).isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> identities.addDomain(null, "other.example")).isInstanceOf(NullPointerException.class);
        for (String account : List.of("", "has space", "-lead", "x".repeat(65), "ünï")) {
            assertThatThrownBy(() -> identities.addDomain(account, "other.example")).as(account)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("account must be 1 to 64");
            assertThatThrownBy(() -> identities.domains(account)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> identities.removeDomain(account, "example.com")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> identities.verify(account, "example.com")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> identities.removeDomain(null, "example.com")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.verify(null, "example.com")).isInstanceOf(NullPointerException.class);
        assertThat(identities.snapshot()).isEqualTo(before);
    }

    @Test
    void builder_refusesNulls() {
        assertThatThrownBy(() -> SendingIdentities.newBuilder(null)).isInstanceOf(NullPointerException.class);
        SendingIdentities.Builder builder = fixture.builder();
        assertThatThrownBy(() -> builder.policy(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.dns(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.restore(null)).isInstanceOf(NullPointerException.class);
    }

    private static boolean succeeds(Runnable action) {
        try {
            action.run();
            return true;
        } catch (LimitExceededException | DomainTakenException e) {
            return false;
        }
    }
}
