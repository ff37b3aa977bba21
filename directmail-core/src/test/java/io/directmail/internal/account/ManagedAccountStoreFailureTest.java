package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.DirectMailException;
import io.directmail.account.Account;
import io.directmail.account.DomainSettings;
import io.directmail.store.MailStore;
import io.directmail.template.Template;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.transport.InMemoryTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change the store refuses leaves the account as it was. */
class ManagedAccountStoreFailureTest {

    private static final class RefusingRemovals extends ForwardingMailStore {
        volatile boolean refuse;

        RefusingRemovals() {
            super(MailStore.inMemory());
        }

        @Override
        public boolean removeRecord(String kind, String key) {
            if (refuse) {
                throw new DirectMailException("disk full");
            }
            return super.removeRecord(kind, key);
        }
    }

    @Test
    void removalsTheStoreRefuses_changeNothing() {
        RefusingRemovals store = new RefusingRemovals();
        try (DirectMail directMail = DirectMail.newBuilder().transport(new InMemoryTransport()).store(store)
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.mailer.example")).build()) {
            Account acme = directMail.accounts().create("acme");
            Template welcome = new Template("welcome", "Welcome", null, "Hello");
            acme.addTemplate(welcome);
            acme.addDomain("acme.example");
            store.refuse = true;

            assertThatThrownBy(() -> acme.deleteTemplate("welcome")).isInstanceOf(DirectMailException.class);
            assertThatThrownBy(() -> acme.removeDomain("acme.example")).isInstanceOf(DirectMailException.class);

            assertThat(acme.template("welcome")).contains(welcome);
            assertThat(acme.domains()).hasSize(1);
            store.refuse = false;
            assertThat(acme.deleteTemplate("welcome")).isTrue();
            acme.removeDomain("acme.example.");
            assertThat(acme.domains()).isEmpty();
            assertThat(store.records(StoredModel.DOMAINS)).isEmpty();
        } finally {
            store.close();
        }
    }
}
