package io.directmail.examples;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.Receipt;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.dns.DnsSettings;
import io.directmail.quota.QuotaPolicy;
import io.directmail.transport.Transport;
import java.util.List;

/**
 * The snippets of the guide's page on managed accounts, each a method that compiles against the
 * real API; {@code AccountExamplesTest} runs them against a loopback name server.
 */
public final class AccountExamples {

    private AccountExamples() {
    }

    /** Builds an instance whose accounts may have sending domains. */
    static DirectMail directMail(Transport transport, DnsSettings dns) {
        // tag::accounts-builder[]
        DirectMail directMail = DirectMail.newBuilder()
                .sendingDomains(DomainSettings.of(
                        List.of("ip4:192.0.2.10"),          // the hosts this deployment sends from
                        "bounces.mail.example.net"))        // the host that receives bounces
                .dns(dns)
                .transport(transport)
                .build();
        // end::accounts-builder[]
        return directMail;
    }

    /** Creates an account and adds its domain; returns the records its owner publishes. */
    static List<DnsRecord> createAccount(DirectMail directMail) {
        // tag::accounts-create[]
        Account shop = directMail.accounts().create("customer-42",
                AccountPolicy.defaults().withQuota(QuotaPolicy.defaults().withDailyCap(10_000)));
        shop.addDomain("shop42.example");
        List<DnsRecord> records = shop.dnsRecords("shop42.example");
        records.forEach(record -> System.out.println(record.zoneFileLine()));   // for the domain's owner
        // end::accounts-create[]
        return records;
    }

    /** Once the records are published: verifies the domain, adds a sender address and sends. */
    static Receipt verifyAndSend(DirectMail directMail) {
        // tag::accounts-send[]
        Account shop = directMail.accounts().find("customer-42").orElseThrow();
        if (!shop.verifyDomain("shop42.example").verified()) {
            throw new IllegalStateException("the records of shop42.example are not published yet");
        }
        shop.addSenderAddress(EmailAddress.of("orders@shop42.example"), MailType.TRIGGER, null);
        Receipt receipt = directMail.send(Mail.newBuilder()
                .account("customer-42")              // checked, signed with the domain's key, charged
                .from("orders@shop42.example")
                .addTo("alice@example.org")
                .subject("Your order has shipped")
                .text("It is on its way.")
                .build());
        // end::accounts-send[]
        return receipt;
    }

    /** The customer bought a larger plan: a higher daily cap, from now on, on every node. */
    static Account upgrade(DirectMail directMail) {
        // tag::accounts-change-policy[]
        Account shop = directMail.accounts().find("customer-42").orElseThrow();
        directMail.accounts().changePolicy("customer-42",
                shop.policy().withQuota(shop.policy().quota().withDailyCap(50_000)));
        // end::accounts-change-policy[]
        return shop;
    }
}
