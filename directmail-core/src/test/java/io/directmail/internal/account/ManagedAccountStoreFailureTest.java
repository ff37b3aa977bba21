package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMail;
import io.directmail.DirectMailException;
import io.directmail.account.Account;
import io.directmail.account.DomainSettings;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.store.MailStore;
import io.directmail.template.Template;
import io.directmail.testsupport.ForwardingMailStore;
import io.directmail.transport.InMemoryTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change the store refuses leaves the account as it was. */
class ManagedAccountStoreFailureTest {

    private static final class RefusingChanges extends ForwardingMailStore {
        volatile boolean refuse;

        RefusingChanges() {
            super(MailStore.inMemory());
        }

        @Override
        public void putRecord(String kind, String key, byte[] value) {
            if (refuse) {
                throw new DirectMailException("disk full");
            }
            super.putRecord(kind, key, value);
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
        RefusingChanges store = new RefusingChanges();
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

    @Test
    void savesTheStoreRefuses_changeNothing() {
        RefusingChanges store = new RefusingChanges();
        try (DirectMail directMail = DirectMail.newBuilder().transport(new InMemoryTransport()).store(store).build()) {
            Account acme = directMail.accounts().create("acme");
            Template welcome = new Template("welcome", "Welcome", null, "Hello");
            RecipientList members = new RecipientList("members", List.of(Recipient.of("ann@example.org")));
            acme.addTemplate(welcome);
            acme.addList(members);
            store.refuse = true;

            assertThatThrownBy(() -> acme.addTemplate(new Template("bye", "Bye", null, "Bye")))
                    .isInstanceOf(DirectMailException.class);
            assertThatThrownBy(() -> acme.replaceTemplate(new Template("welcome", "Hi", null, "Hi")))
                    .isInstanceOf(DirectMailException.class);
            assertThatThrownBy(() -> acme.addList(new RecipientList("guests", List.of(Recipient.of("bob@example.org")))))
                    .isInstanceOf(DirectMailException.class);
            assertThatThrownBy(() -> acme.replaceList(new RecipientList("members", List.of())))
                    .isInstanceOf(DirectMailException.class);

            assertThat(acme.templates()).containsExactly(welcome);
            assertThat(acme.lists()).containsExactly(members);
        } finally {
            store.close();
        }
    }
}
