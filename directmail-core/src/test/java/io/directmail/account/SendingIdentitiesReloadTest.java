package io.directmail.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registry takes in, at once and whole, the records another registry sharing its storage changed. */
class SendingIdentitiesReloadTest {

    private static final EmailAddress NEWS = EmailAddress.of("news@acme.example");

    private final IdentityFixture fixture;

    SendingIdentitiesReloadTest() throws Exception {
        fixture = new IdentityFixture();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void recordsChangedByAnotherRegistry_areTakenIn_andItsRulesApplyToThem() {
        SendingIdentities elsewhere = fixture.identities();
        SendingIdentities here = fixture.identities();
        fixture.verifiedDomain(elsewhere, "acme", "acme.example");
        elsewhere.addSenderAddress("acme", NEWS, MailType.TRIGGER, null);

        here.reload(current -> elsewhere.snapshot());

        assertThat(here.checkSendable("acme", NEWS, MailType.TRIGGER).account()).isEqualTo("acme");
        assertThatThrownBy(() -> here.addDomain("other", "mail.acme.example")).isInstanceOf(DomainTakenException.class);
        assertThat(here.snapshot()).isEqualTo(elsewhere.snapshot());
    }

    @Test
    void limitsAreNotChecked_onRecordsTakenIn_onlyOnNewOnes() {
        SendingIdentities elsewhere = fixture.identities();
        for (int i = 1; i <= 3; i++) {
            elsewhere.addDomain("acme", "d" + i + ".example");
        }
        SendingIdentities here = fixture.builder().policy(IdentityPolicy.DEFAULT.withMaxDomainsPerAccount(2)).build();

        here.reload(current -> elsewhere.snapshot());

        assertThat(here.domains("acme")).hasSize(3);
        assertThatThrownBy(() -> here.addDomain("acme", "d4.example")).isInstanceOf(io.directmail.LimitExceededException.class);
    }

    @Test
    void aStateThatBreaksARule_isRefused_andNothingChanges() {
        SendingIdentities here = fixture.identities();
        SendingDomain domain = fixture.verifiedDomain(here, "acme", "acme.example");
        here.addSenderAddress("acme", NEWS, MailType.TRIGGER, null);
        IdentitySnapshot before = here.snapshot();

        assertThatThrownBy(() -> here.reload(current -> new IdentitySnapshot(List.of(), current.senderAddresses())))
                .as("a sender address without its domain").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("news@acme.example");
        assertThatThrownBy(() -> here.reload(current -> {
            List<SendingDomain> twice = new ArrayList<>(current.domains());
            twice.add(domain.withStatus(new VerificationStatus.Unverified()));
            return new IdentitySnapshot(twice, List.of());
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> here.reload(current -> null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> here.reload(null)).isInstanceOf(NullPointerException.class);

        assertThat(here.snapshot()).isEqualTo(before);
        assertThat(here.checkSendable("acme", NEWS, MailType.TRIGGER)).isNotNull();
    }
}
