package io.directmail.account;

import static io.directmail.account.IdentityFixture.START;
import static io.directmail.account.IdentityFixture.logOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.LimitExceededException;
import io.directmail.MailType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendingIdentitiesSenderTest {

    private static final EmailAddress NEWS = EmailAddress.of("news@example.com");
    private static final EmailAddress ALERTS = EmailAddress.of("alerts@example.com");
    private static final EmailAddress SUPPORT = EmailAddress.of("support@example.com");

    private final IdentityFixture fixture = new IdentityFixture();
    private final SendingIdentities identities = fixture.identities();

    SendingIdentitiesSenderTest() throws IOException {
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void addSenderAddress_onAVerifiedDomain_isKept() {
        fixture.verifiedDomain(identities, "a", "example.com");
        fixture.clock.advance(Duration.ofHours(1));

        SenderAddress added = identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, SUPPORT);

        assertThat(added).isEqualTo(new SenderAddress(ALERTS, "a", MailType.TRIGGER, SUPPORT, null,
                START.plus(Duration.ofHours(1))));
        assertThat(added.hasSmtpPassword()).isFalse();
        assertThat(identities.senderAddresses("a")).containsExactly(added);
        assertThat(identities.senderAddresses("b")).isEmpty();
    }

    @Test
    void addSenderAddress_onAnUnverifiedOrFailedDomain_isRefused() {
        identities.addDomain("a", "example.com");

        assertThatThrownBy(() -> identities.addSenderAddress("a", NEWS, MailType.BATCH, null))
                .isInstanceOfSatisfying(DomainNotVerifiedException.class, e -> {
                    assertThat(e.domain()).isEqualTo("example.com");
                    assertThat(e.status()).isEqualTo(new VerificationStatus.Unverified());
                })
                .hasMessage("Domain example.com is not verified (not checked yet); publish its DNS records and verify it");

        identities.verify("a", "example.com");
        assertThatThrownBy(() -> identities.addSenderAddress("a", NEWS, MailType.BATCH, null))
                .isInstanceOf(DomainNotVerifiedException.class)
                .hasMessageContaining("(last check at 2026-01-01T00:00:00Z: OWNERSHIP _directmail.example.com: MISSING;");
        assertThat(identities.senderAddresses("a")).isEmpty();
    }

    @Test
    void addSenderAddress_onADomainTheAccountDoesNotHave_isRefused() {
        fixture.verifiedDomain(identities, "a", "example.com");
        fixture.verifiedDomain(identities, "b", "other.example");

        assertThatThrownBy(() -> identities.addSenderAddress("b", NEWS, MailType.BATCH, null))
                .isInstanceOf(UnknownDomainException.class)
                .hasMessage("Account b has no sending domain example.com; add it first");
        assertThatThrownBy(() -> identities.addSenderAddress("a", EmailAddress.of("x@mail.example.com"), MailType.BATCH, null))
                .as("a subdomain is a domain of its own").isInstanceOf(UnknownDomainException.class);
        assertThatThrownBy(() -> identities.addSenderAddress("a", EmailAddress.of("x@nowhere.example"), MailType.BATCH, null))
                .isInstanceOf(UnknownDomainException.class);
        assertThat(identities.senderAddresses("a")).isEmpty();
        assertThat(identities.senderAddresses("b")).isEmpty();
    }

    @Test
    void sameAddressTwice_isRefused_alsoInOtherCase() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", NEWS, MailType.BATCH, null);

        assertThatThrownBy(() -> identities.addSenderAddress("a", NEWS, MailType.TRIGGER, null))
                .isInstanceOfSatisfying(DuplicateSenderAddressException.class,
                        e -> assertThat(e.address()).isEqualTo("news@example.com"))
                .hasMessage("Sender address news@example.com exists already");
        assertThatThrownBy(() -> identities.addSenderAddress("a", EmailAddress.of("News@EXAMPLE.com"), MailType.BATCH, null))
                .isInstanceOf(DuplicateSenderAddressException.class)
                .hasMessage("Sender address News@example.com exists already as news@example.com");
        assertThat(identities.senderAddresses("a")).hasSize(1);
    }

    @Test
    void tenthSenderAddress_isAccepted_eleventhRefused_overAllDomainsOfTheAccount() {
        fixture.verifiedDomain(identities, "a", "example.com");
        fixture.verifiedDomain(identities, "a", "example.org");
        fixture.verifiedDomain(identities, "b", "example.net");
        for (int i = 1; i <= 10; i++) {
            String domain = i % 2 == 0 ? "example.com" : "example.org";
            identities.addSenderAddress("a", EmailAddress.of("s" + i + "@" + domain), MailType.TRIGGER, null);
        }

        assertThatThrownBy(() -> identities.addSenderAddress("a", EmailAddress.of("s11@example.com"), MailType.TRIGGER, null))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("maxSenderAddressesPerAccount");
                    assertThat(e.allowed()).isEqualTo(10);
                    assertThat(e.requested()).isEqualTo(11);
                });
        assertThat(identities.senderAddresses("a")).hasSize(10);
        assertThat(identities.addSenderAddress("b", EmailAddress.of("s11@example.net"), MailType.TRIGGER, null))
                .as("another account has its own limit").isNotNull();

        identities.removeSenderAddress("a", EmailAddress.of("s1@example.org"));
        assertThat(identities.addSenderAddress("a", EmailAddress.of("s11@example.com"), MailType.TRIGGER, null)).isNotNull();
    }

    @Test
    void senderLimit_followsThePolicy() {
        SendingIdentities one = fixture.builder().policy(IdentityPolicy.DEFAULT.withMaxSenderAddressesPerAccount(1)).build();
        fixture.verifiedDomain(one, "a", "example.com");
        one.addSenderAddress("a", NEWS, MailType.BATCH, null);

        assertThatThrownBy(() -> one.addSenderAddress("a", ALERTS, MailType.TRIGGER, null))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxSenderAddressesPerAccount is 1, but the request needs 2");
    }

    @Test
    void removeSenderAddress_matchesTheLocalPartInAnyCase_andOnlyInItsAccount() {
        fixture.verifiedDomain(identities, "a", "example.com");
        fixture.verifiedDomain(identities, "b", "other.example");
        identities.addSenderAddress("a", NEWS, MailType.BATCH, null);

        assertThatThrownBy(() -> identities.removeSenderAddress("b", NEWS))
                .isInstanceOfSatisfying(UnknownSenderAddressException.class,
                        e -> assertThat(e.address()).isEqualTo("news@example.com"))
                .hasMessage("Account b has no sender address news@example.com");
        assertThat(identities.senderAddresses("a")).hasSize(1);

        identities.removeSenderAddress("a", EmailAddress.of("NEWS@example.com"));

        assertThat(identities.senderAddresses("a")).isEmpty();
        assertThatThrownBy(() -> identities.removeSenderAddress("a", NEWS)).isInstanceOf(UnknownSenderAddressException.class);
    }

    @Test
    void smtpPasswordHash_canBeSet_replaced_andRemoved_andIsNeverShown() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);

        SenderAddress set = identities.setSmtpPasswordHash("a", ALERTS, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA");

        assertThat(set.smtpPasswordHash()).isEqualTo("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA");
        assertThat(set.hasSmtpPassword()).isTrue();
        assertThat(set.toString()).contains("smtpPassword=set").doesNotContain("argon2id");
        assertThat(identities.senderAddresses("a")).containsExactly(set);

        SenderAddress replaced = identities.setSmtpPasswordHash("a", EmailAddress.of("Alerts@example.com"), "hash-2");
        assertThat(identities.senderAddresses("a")).extracting(SenderAddress::smtpPasswordHash).containsExactly("hash-2");
        assertThat(replaced.address()).as("the registered spelling stays").isEqualTo(ALERTS);

        SenderAddress removed = identities.setSmtpPasswordHash("a", ALERTS, null);
        assertThat(removed.hasSmtpPassword()).isFalse();
        assertThat(removed.toString()).contains("smtpPassword=none");
    }

    @Test
    void smtpPasswordHash_badOrForUnknownAddress_isRefused_changingNothing() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);
        identities.setSmtpPasswordHash("a", ALERTS, "hash-1");

        for (String bad : List.of("", "has space", "line\nbreak", "x".repeat(513), "n\u00f6n-ascii")) {
            assertThatThrownBy(() -> identities.setSmtpPasswordHash("a", ALERTS, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("smtpPasswordHash")
                    .hasMessageNotContaining(bad.isEmpty() ? "\u0000" : bad);
        }
        assertThat(identities.setSmtpPasswordHash("a", ALERTS, "x".repeat(512)).smtpPasswordHash()).hasSize(512);
        assertThatThrownBy(() -> identities.setSmtpPasswordHash("a", NEWS, "hash")).isInstanceOf(UnknownSenderAddressException.class);
        assertThatThrownBy(() -> identities.setSmtpPasswordHash("b", ALERTS, "hash")).isInstanceOf(UnknownSenderAddressException.class);
        assertThat(identities.senderAddresses("a")).extracting(SenderAddress::smtpPasswordHash).containsExactly("x".repeat(512));
    }

    @Test
    void checkSendable_returnsTheSenderAddress_matchingTheLocalPartInAnyCase() {
        fixture.verifiedDomain(identities, "a", "example.com");
        SenderAddress alerts = identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, SUPPORT);
        SenderAddress news = identities.addSenderAddress("a", NEWS, MailType.BATCH, null);

        assertThat(identities.checkSendable("a", ALERTS, MailType.TRIGGER)).isEqualTo(alerts);
        assertThat(identities.checkSendable("a", EmailAddress.of("ALERTS@Example.COM"), MailType.TRIGGER)).isEqualTo(alerts);
        assertThat(identities.checkSendable("a", NEWS, MailType.BATCH)).isEqualTo(news);
    }

    @Test
    void checkSendable_fromAnAddressTheAccountDoesNotHave_isRefused() {
        fixture.verifiedDomain(identities, "a", "example.com");
        fixture.verifiedDomain(identities, "b", "other.example");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);

        assertThatThrownBy(() -> identities.checkSendable("b", ALERTS, MailType.TRIGGER))
                .isInstanceOf(UnknownSenderAddressException.class)
                .isInstanceOf(InvalidMailException.class)
                .hasMessage("Account b has no sender address alerts@example.com");
        assertThatThrownBy(() -> identities.checkSendable("a", SUPPORT, MailType.TRIGGER))
                .as("a verified domain alone is not enough").isInstanceOf(UnknownSenderAddressException.class);
        assertThatThrownBy(() -> identities.checkSendable("a", EmailAddress.of("x@unknown.example"), MailType.TRIGGER))
                .isInstanceOf(UnknownSenderAddressException.class);
    }

    @Test
    void checkSendable_mailOfTheOtherType_isRefused_bothWays() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);
        identities.addSenderAddress("a", NEWS, MailType.BATCH, null);

        assertThatThrownBy(() -> identities.checkSendable("a", ALERTS, MailType.BATCH))
                .isInstanceOfSatisfying(SenderTypeMismatchException.class, e -> {
                    assertThat(e.address()).isEqualTo("alerts@example.com");
                    assertThat(e.addressType()).isEqualTo(MailType.TRIGGER);
                    assertThat(e.mailType()).isEqualTo(MailType.BATCH);
                })
                .isInstanceOf(InvalidMailException.class)
                .hasMessage("Sender address alerts@example.com sends TRIGGER mail only, but the mail is BATCH;"
                        + " send it from a BATCH sender address");
        assertThatThrownBy(() -> identities.checkSendable("a", NEWS, MailType.TRIGGER))
                .isInstanceOf(SenderTypeMismatchException.class);
    }

    @Test
    void checkSendable_onADomainThatLostItsVerification_isRefused() {
        SendingDomain domain = fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);
        fixture.dns.remove("_directmail.example.com");
        identities.verify("a", "example.com");

        assertThatThrownBy(() -> identities.checkSendable("a", ALERTS, MailType.TRIGGER))
                .isInstanceOf(DomainNotVerifiedException.class)
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("Domain example.com is not verified (last check at")
                .hasMessageContaining("OWNERSHIP _directmail.example.com: MISSING");

        fixture.publish(identities, domain);
        identities.verify("a", "example.com");
        assertThat(identities.checkSendable("a", ALERTS, MailType.TRIGGER).address()).isEqualTo(ALERTS);
    }

    @Test
    void developmentSwitch_letsUnverifiedDomainsThrough_loudlyEveryTime() {
        SendingIdentities.Builder builder = fixture.builder().policy(IdentityPolicy.DEFAULT.withRequireVerifiedDomain(false));
        SendingIdentities[] built = new SendingIdentities[1];

        String buildLog = logOf(() -> built[0] = builder.build());
        SendingIdentities development = built[0];
        development.addDomain("a", "example.com");
        String addLog = logOf(() -> development.addSenderAddress("a", ALERTS, MailType.TRIGGER, null));
        String firstSend = logOf(() -> development.checkSendable("a", ALERTS, MailType.TRIGGER));
        String secondSend = logOf(() -> development.checkSendable("a", ALERTS, MailType.TRIGGER));

        assertThat(buildLog).contains("WARN", "requireVerifiedDomain is off", "development only");
        assertThat(addLog).contains("WARN", "Domain example.com of account a is not verified",
                "sender address alerts@example.com added");
        assertThat(firstSend).contains("WARN", "Domain example.com of account a is not verified",
                "TRIGGER mail from alerts@example.com let through");
        assertThat(secondSend).isEqualTo(firstSend);
        assertThatThrownBy(() -> development.checkSendable("a", ALERTS, MailType.BATCH))
                .as("the switch relaxes verification only").isInstanceOf(SenderTypeMismatchException.class);
        assertThatThrownBy(() -> development.checkSendable("b", ALERTS, MailType.TRIGGER))
                .isInstanceOf(UnknownSenderAddressException.class);
    }

    @Test
    void verifiedDomains_logNoWarning() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);

        assertThat(logOf(() -> identities.checkSendable("a", ALERTS, MailType.TRIGGER))).doesNotContain("WARN");
    }

    @Test
    void nullAndMalformedArguments_areRefused_changingNothing() {
        fixture.verifiedDomain(identities, "a", "example.com");
        identities.addSenderAddress("a", ALERTS, MailType.TRIGGER, null);
        IdentitySnapshot before = identities.snapshot();

        assertThatThrownBy(() -> identities.addSenderAddress("a", null, MailType.BATCH, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.addSenderAddress("a", NEWS, null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.addSenderAddress(null, NEWS, MailType.BATCH, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.addSenderAddress("no way", NEWS, MailType.BATCH, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> identities.removeSenderAddress("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.setSmtpPasswordHash("a", null, "h")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.checkSendable("a", null, MailType.TRIGGER)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.checkSendable("a", ALERTS, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.checkSendable(null, ALERTS, MailType.TRIGGER)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> identities.checkSendable("", ALERTS, MailType.TRIGGER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> identities.senderAddresses(null)).isInstanceOf(NullPointerException.class);
        assertThat(identities.snapshot()).isEqualTo(before);
    }
}
