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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdentitySnapshotTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final IdentityFixture fixture = new IdentityFixture();

    IdentitySnapshotTest() throws IOException {
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void registry_rebuiltFromItsSnapshot_holdsTheSameRecords_andEnforcesTheSameRules() {
        SendingIdentities original = fixture.identities();
        fixture.verifiedDomain(original, "a", "example.com");
        original.addDomain("a", "unverified.example");
        fixture.verifiedDomain(original, "b", "other.example");
        original.addSenderAddress("a", EmailAddress.of("alerts@example.com"), MailType.TRIGGER,
                EmailAddress.of("support@example.com"));
        original.setSmtpPasswordHash("a", EmailAddress.of("alerts@example.com"), "encoded-hash");
        original.addSenderAddress("b", EmailAddress.of("news@other.example"), MailType.BATCH, null);
        for (int i = 3; i <= 5; i++) {
            original.addDomain("a", "d" + i + ".example");
        }
        IdentitySnapshot snapshot = original.snapshot();

        SendingIdentities restored = fixture.builder().restore(snapshot).build();

        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.domains("a")).isEqualTo(original.domains("a"));
        assertThat(restored.senderAddresses("a")).isEqualTo(original.senderAddresses("a"));
        assertThat(restored.checkSendable("a", EmailAddress.of("alerts@example.com"), MailType.TRIGGER).smtpPasswordHash())
                .isEqualTo("encoded-hash");
        assertThatThrownBy(() -> restored.addDomain("a", "d6.example")).isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> restored.addDomain("c", "mail.other.example")).isInstanceOf(DomainTakenException.class);
        assertThatThrownBy(() -> restored.removeDomain("b", "other.example")).isInstanceOf(DomainInUseException.class);
        assertThatThrownBy(() -> restored.addSenderAddress("a", EmailAddress.of("x@unverified.example"), MailType.BATCH, null))
                .isInstanceOf(DomainNotVerifiedException.class);
    }

    @Test
    void snapshot_isAValue_thatLaterChangesDoNotTouch() {
        SendingIdentities identities = fixture.identities();
        identities.addDomain("a", "example.com");
        IdentitySnapshot snapshot = identities.snapshot();

        identities.addDomain("a", "example.org");

        assertThat(snapshot.domains()).extracting(SendingDomain::name).containsExactly("example.com");
    }

    @Test
    void domain_rebuiltWithItsKeysFromPem_isEqual() {
        SendingDomain domain = SendingIdentities.newBuilder(IdentityFixture.SETTINGS.withDkimAlgorithms(
                        List.of(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256)))
                .clock(fixture.clock).build()
                .addDomain("a", "example.com");

        List<DkimKey> reloaded = domain.dkimKeys().stream()
                .map(key -> DkimKey.fromPem(key.domain(), key.selector(), key.privateKeyPem()))
                .toList();
        SendingDomain rebuilt = new SendingDomain(domain.name(), domain.account(), reloaded, domain.ownershipToken(),
                domain.status(), domain.createdAt());

        assertThat(rebuilt).isEqualTo(domain);
        assertThat(rebuilt.records(IdentityFixture.SETTINGS)).isEqualTo(domain.records(IdentityFixture.SETTINGS));
    }

    @Test
    void domainListedTwice_isRefused() {
        assertThatThrownBy(() -> new IdentitySnapshot(List.of(domain("example.com", "a"), domain("example.com", "a")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the domain example.com is listed twice");
    }

    @Test
    void domainAndItsSubdomainInDifferentAccounts_areRefused_inEitherOrder() {
        assertThatThrownBy(() -> new IdentitySnapshot(
                List.of(domain("example.com", "a"), domain("mail.example.com", "b")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the domain mail.example.com of account b collides with example.com of account a");
        assertThatThrownBy(() -> new IdentitySnapshot(
                List.of(domain("mail.example.com", "b"), domain("example.com", "a")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("collides with mail.example.com of account b");
        assertThat(new IdentitySnapshot(List.of(domain("example.com", "a"), domain("mail.example.com", "a")), List.of())
                .domains()).hasSize(2);
    }

    @Test
    void senderAddress_onAMissingDomain_orAnotherAccountsDomain_orTwice_isRefused() {
        SendingDomain example = domain("example.com", "a");
        SenderAddress alerts = sender("alerts@example.com", "a");

        assertThatThrownBy(() -> new IdentitySnapshot(List.of(), List.of(alerts)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sender address alerts@example.com of account a is on a domain the account does not have");
        assertThatThrownBy(() -> new IdentitySnapshot(List.of(example), List.of(sender("alerts@example.com", "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of account b is on a domain the account does not have");
        assertThatThrownBy(() -> new IdentitySnapshot(List.of(example), List.of(alerts, sender("ALERTS@example.com", "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sender address ALERTS@example.com is listed twice");
    }

    @Test
    void nulls_areRefused() {
        assertThatThrownBy(() -> new IdentitySnapshot(null, List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new IdentitySnapshot(List.of(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new IdentitySnapshot(new ArrayList<>(Arrays.asList((SendingDomain) null)), List.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void restoredRecords_overALoweredLimit_stay_butNoneIsAdded() {
        SendingIdentities original = fixture.identities();
        original.addDomain("a", "one.example");
        original.addDomain("a", "two.example");

        SendingIdentities restored = fixture.builder()
                .policy(IdentityPolicy.DEFAULT.withMaxDomainsPerAccount(1))
                .restore(original.snapshot())
                .build();

        assertThat(restored.domains("a")).hasSize(2);
        assertThatThrownBy(() -> restored.addDomain("a", "three.example"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxDomainsPerAccount is 1, but the request needs 3");
    }

    private static SendingDomain domain(String name, String account) {
        return new SendingDomain(name, account, List.of(DkimKey.generate(DkimAlgorithm.ED25519_SHA256, name, "s1")),
                TOKEN, new VerificationStatus.Verified(START), START);
    }

    private static SenderAddress sender(String address, String account) {
        return new SenderAddress(EmailAddress.of(address), account, MailType.TRIGGER, null, null, START);
    }
}
