package io.directmail.testsupport;

import io.directmail.account.Account;
import io.directmail.account.DnsRecord;
import io.directmail.account.SendingDomain;
import io.directmail.testing.LoopbackDnsServer;
import java.util.List;

/** Gives an account a sending domain whose records a loopback DNS server publishes, and verifies it. */
public final class VerifiedDomains {

    private VerifiedDomains() {
    }

    /**
     * Adds the domain to the account, publishes every record it asks for and verifies it.
     *
     * @return the records published
     * @throws AssertionError if the domain does not verify
     */
    public static List<DnsRecord> add(Account account, String domain, LoopbackDnsServer dns) {
        SendingDomain added = account.addDomain(domain);
        List<DnsRecord> records = account.dnsRecords(added.name());
        for (DnsRecord record : records) {
            switch (record.type()) {
                case TXT -> dns.txt(record.host(), record.value());
                case CNAME -> dns.cname(record.host(), record.value());
            }
        }
        if (!account.verifyDomain(domain).verified()) {
            throw new AssertionError("domain " + domain + " did not verify: " + account.verifyDomain(domain));
        }
        return records;
    }
}
