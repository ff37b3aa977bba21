package io.directmail.examples;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.account.DomainVerification;
import io.directmail.account.IdentityPolicy;
import io.directmail.account.IdentitySnapshot;
import io.directmail.account.RecordCheck;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.dns.DnsSettings;
import java.util.List;

/**
 * The snippets of the guide's page on sending domains and sender addresses, each a method that
 * compiles against the real API; {@code DomainExamplesTest} runs them against a loopback name
 * server.
 */
public final class DomainExamples {

    private DomainExamples() {
    }

    /** Creates the registry with what every domain's records say in this deployment. */
    static SendingIdentities registry(DnsSettings dns) {
        // tag::domain-registry[]
        DomainSettings settings = DomainSettings.of(
                        List.of("ip4:192.0.2.10", "include:spf.mail.example.net"),   // the hosts that send
                        "bounces.mail.example.net")                                  // receives the bounces
                .withDmarcReportAddress(EmailAddress.of("dmarc-reports@mail.example.net"));
        SendingIdentities identities = SendingIdentities.newBuilder(settings)
                .policy(IdentityPolicy.DEFAULT.withMaxDomainsPerAccount(20))
                .dns(dns)                    // the name servers verification asks
                .build();
        // end::domain-registry[]
        return identities;
    }

    /** Adds a domain and prints the records its owner publishes. */
    static SendingDomain addDomain(SendingIdentities identities) {
        // tag::domain-add[]
        SendingDomain domain = identities.addDomain("customer-42", "shop42.example");
        for (DnsRecord record : identities.records("customer-42", "shop42.example")) {
            System.out.println(record.purpose() + (record.purpose().required() ? "" : " (advisory)")
                    + ": " + record.zoneFileLine());
        }
        // end::domain-add[]
        return domain;
    }

    /** Checks the domain's records and says what is wrong. */
    static boolean verify(SendingIdentities identities) {
        // tag::domain-verify[]
        DomainVerification verification = identities.verify("customer-42", "shop42.example");
        for (RecordCheck check : verification.problems()) {
            System.out.println(check.expected().host() + " " + check.result() + ": " + check.detail()
                    + (check.found().isEmpty() ? "" : " (DNS has " + check.found() + ")"));
        }
        if (verification.inconclusive()) {
            System.out.println("DNS did not answer for every record; check again in a few minutes");
        }
        // end::domain-verify[]
        return verification.verified();
    }

    /** Adds a trigger and a batch address, and checks the sender of a message. */
    static SenderAddress senderAddresses(SendingIdentities identities) {
        // tag::sender-addresses[]
        identities.addSenderAddress("customer-42", EmailAddress.of("orders@shop42.example"),
                MailType.TRIGGER, EmailAddress.of("help@shop42.example"));   // replies go to help@
        identities.addSenderAddress("customer-42", EmailAddress.of("news@shop42.example"),
                MailType.BATCH, null);

        SenderAddress sender = identities.checkSendable("customer-42",
                EmailAddress.of("orders@shop42.example"), MailType.TRIGGER);   // throws if not allowed
        // end::sender-addresses[]
        return sender;
    }

    /** Saves the registry's records and builds it again from them, as after a restart. */
    static SendingIdentities restart(SendingIdentities identities, DnsSettings dns) {
        // tag::domain-persist[]
        IdentitySnapshot saved = identities.snapshot();   // every domain and sender address, as records
        SendingIdentities restarted = SendingIdentities.newBuilder(identities.domainSettings())
                .dns(dns)
                .restore(saved)
                .build();
        // end::domain-persist[]
        return restarted;
    }

    /** Lets mail from unverified domains through, for development only. */
    static SendingIdentities development(DomainSettings settings) {
        // tag::domain-development[]
        SendingIdentities identities = SendingIdentities.newBuilder(settings)
                .policy(IdentityPolicy.DEFAULT.withRequireVerifiedDomain(false))   // warns at every use
                .build();
        // end::domain-development[]
        return identities;
    }
}
