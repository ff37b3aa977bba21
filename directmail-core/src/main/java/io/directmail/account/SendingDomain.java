package io.directmail.account;

import io.directmail.dkim.DkimKey;
import java.net.IDN;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A domain an account sends mail from: its name, its DKIM keys, the token that proves its owner
 * controls its DNS, and whether it is verified. {@link SendingIdentities#addDomain} creates one;
 * {@link #records(DomainSettings)} lists the DNS records its owner publishes.
 *
 * <p>The name is held in lower-case ASCII: an internationalised name is converted with IDNA
 * ({@code bücher.example} becomes {@code xn--bcher-kva.example}) and a trailing dot is dropped.
 *
 * <p>Every part is needed to rebuild the domain after a restart. Keep the DKIM keys' private keys
 * ({@link DkimKey#privateKeyPem()}) secret and load them again with
 * {@link DkimKey#fromPem(String, String, String)}. {@link #toString()} shows no key material.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the domain name, lower-case ASCII, without a trailing dot
 * @param account the id of the account the domain belongs to
 * @param dkimKeys the domain's DKIM keys, at least one, each with this domain as its signing
 *     domain and a selector of its own
 * @param ownershipToken the random token of the ownership record: 32 lower-case hex digits
 * @param status whether the domain is verified
 * @param createdAt when the domain was added
 */
public record SendingDomain(String name, String account, List<DkimKey> dkimKeys, String ownershipToken,
        VerificationStatus status, Instant createdAt) {

    /** The label of the ownership record, in front of the domain. */
    public static final String OWNERSHIP_LABEL = "_directmail";
    /** What the ownership record's text starts with; the token follows. */
    public static final String OWNERSHIP_PREFIX = "directmail-verification=";

    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");

    /**
     * Validates and normalises the parts.
     *
     * @throws InvalidDomainNameException if the name is not a usable host name
     * @throws NullPointerException if another part is null
     * @throws IllegalArgumentException if the account id, the keys or the token break their rules
     */
    public SendingDomain {
        name = DomainNames.sendingDomain(name);
        AccountIds.check(account);
        dkimKeys = List.copyOf(dkimKeys);
        if (dkimKeys.isEmpty()) {
            throw new IllegalArgumentException("a sending domain needs at least one DKIM key: " + name);
        }
        HashSet<String> selectors = new HashSet<>();
        for (DkimKey key : dkimKeys) {
            if (!key.domain().equals(name)) {
                throw new IllegalArgumentException("DKIM key " + key + " signs for " + key.domain() + ", not for " + name);
            }
            if (!selectors.add(key.selector())) {
                throw new IllegalArgumentException("two DKIM keys of " + name + " share the selector " + key.selector());
            }
        }
        Objects.requireNonNull(ownershipToken, "ownershipToken");
        if (!TOKEN.matcher(ownershipToken).matches()) {
            throw new IllegalArgumentException("ownershipToken must be 32 lower-case hex digits, was "
                    + DomainNames.visible(ownershipToken));
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Returns true when the domain's last definite check found every required record. */
    public boolean verified() {
        return status instanceof VerificationStatus.Verified;
    }

    /** Returns the name in its Unicode form, for display: {@code bücher.example}. */
    public String unicodeName() {
        return IDN.toUnicode(name, IDN.ALLOW_UNASSIGNED);
    }

    /** Returns a copy with another verification status. */
    public SendingDomain withStatus(VerificationStatus value) {
        return new SendingDomain(name, account, dkimKeys, ownershipToken, value, createdAt);
    }

    /**
     * Returns the DNS records the domain's owner publishes, in this order:
     * <ol>
     *   <li>ownership: {@code TXT _directmail.<domain>} = {@code directmail-verification=<token>};</li>
     *   <li>SPF: {@code TXT <domain>} = {@code v=spf1 <mechanisms> ~all} (a domain that already
     *       has an SPF record adds the mechanisms to it instead: a domain must have only one);</li>
     *   <li>DKIM, one per key: {@code TXT <selector>._domainkey.<domain>} = the key's record;</li>
     *   <li>DMARC: {@code TXT _dmarc.<domain>} = {@code v=DMARC1; p=<policy>[; rua=mailto:<address>]};</li>
     *   <li>return path: {@code CNAME <label>.<domain>} = the bounce host.</li>
     * </ol>
     *
     * @param settings what the records say
     * @return the records
     */
    public List<DnsRecord> records(DomainSettings settings) {
        Objects.requireNonNull(settings, "settings");
        List<DnsRecord> records = new ArrayList<>();
        records.add(new DnsRecord(DnsRecord.Type.TXT, OWNERSHIP_LABEL + "." + name, OWNERSHIP_PREFIX + ownershipToken,
                DnsRecord.Purpose.OWNERSHIP));
        records.add(new DnsRecord(DnsRecord.Type.TXT, name, settings.spfValue(), DnsRecord.Purpose.SPF));
        for (DkimKey key : dkimKeys) {
            records.add(new DnsRecord(DnsRecord.Type.TXT, key.dnsName(), key.dnsTxtValue(), DnsRecord.Purpose.DKIM));
        }
        records.add(new DnsRecord(DnsRecord.Type.TXT, "_dmarc." + name, settings.dmarcValue(), DnsRecord.Purpose.DMARC));
        records.add(new DnsRecord(DnsRecord.Type.CNAME, settings.returnPathHost(this), settings.bounceHost(),
                DnsRecord.Purpose.RETURN_PATH));
        return List.copyOf(records);
    }
}
