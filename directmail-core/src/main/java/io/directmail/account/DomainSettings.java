package io.directmail.account;

import io.directmail.EmailAddress;
import io.directmail.dkim.DkimAlgorithm;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the DNS records of every sending domain say, as the embedding application decides once
 * for its deployment: which hosts SPF lets send, where bounces go, which DMARC policy to propose,
 * and which DKIM keys a new domain gets. {@link SendingDomain#records(DomainSettings)} turns them
 * into the records a domain owner publishes.
 *
 * <p>Start from {@link #of(List, String)}, which sets the two values only the application knows
 * and the defaults for the rest, and change a copy with the {@code with...} methods.
 *
 * <p>Immutable and thread-safe.
 *
 * @param spfMechanisms the SPF mechanisms naming the hosts DirectMail sends from, in the order
 *     they are published: {@code ip4:<address>[/<prefix>]}, {@code ip6:<address>[/<prefix>]},
 *     {@code include:<domain>}, {@code a[:<domain>]} or {@code mx[:<domain>]}, without a
 *     qualifier; kept in lower case; at least one, no duplicates
 * @param bounceHost the host that receives bounces; every domain's return-path host is an alias
 *     (CNAME) of it, so it must publish its own MX (or A) record and an SPF record naming the
 *     sending hosts
 * @param returnPathLabel the label in front of the domain that forms its return-path host, e.g.
 *     {@code bounces} for {@code bounces.example.com}; default {@code bounces}
 * @param dmarcPolicy the DMARC policy proposed to domain owners; default {@link DmarcPolicy#NONE}
 * @param dmarcReportAddress where receivers send DMARC aggregate reports ({@code rua=}), or
 *     {@code null} to ask for none; default {@code null}. An ASCII address without quotes,
 *     {@code ,}, {@code !} or {@code ;}, which the record's URI list cannot carry as they are
 * @param dkimAlgorithms the DKIM keys a new domain gets, one per algorithm; default RSA-SHA256
 *     alone, the one every receiver verifies. Add {@link DkimAlgorithm#ED25519_SHA256} to sign
 *     each message twice, at the price of one more record to publish
 */
public record DomainSettings(List<String> spfMechanisms, String bounceHost, String returnPathLabel,
        DmarcPolicy dmarcPolicy, EmailAddress dmarcReportAddress, List<DkimAlgorithm> dkimAlgorithms) {

    /** The return-path label unless set otherwise. */
    public static final String DEFAULT_RETURN_PATH_LABEL = "bounces";

    private static final int MAX_LABEL_CHARS = 63;

    /**
     * Validates and normalises the parts; see the components for the rules.
     *
     * @throws NullPointerException if a part other than {@code dmarcReportAddress} is null
     * @throws IllegalArgumentException if a part breaks its rule; the message names it and the value
     */
    public DomainSettings {
        Objects.requireNonNull(spfMechanisms, "spfMechanisms");
        spfMechanisms = spfMechanisms.stream().map(SpfMechanisms::normalise).toList();
        if (spfMechanisms.isEmpty()) {
            throw new IllegalArgumentException("spfMechanisms must name at least one mechanism, such as ip4:192.0.2.1");
        }
        if (new HashSet<>(spfMechanisms).size() != spfMechanisms.size()) {
            throw new IllegalArgumentException("spfMechanisms must not repeat a mechanism, was " + spfMechanisms);
        }
        try {
            bounceHost = DomainNames.hostName("bounceHost", bounceHost);
        } catch (InvalidDomainNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        returnPathLabel = label(returnPathLabel);
        Objects.requireNonNull(dmarcPolicy, "dmarcPolicy");
        if (dmarcReportAddress != null && !plainUriAddress(dmarcReportAddress)) {
            throw new IllegalArgumentException("dmarcReportAddress must be an ASCII address without quotes, ',', '!' or"
                    + " ';', which a DMARC record cannot carry as they are, was " + dmarcReportAddress);
        }
        dkimAlgorithms = List.copyOf(dkimAlgorithms);
        if (dkimAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("dkimAlgorithms must name at least one algorithm");
        }
        if (new HashSet<>(dkimAlgorithms).size() != dkimAlgorithms.size()) {
            throw new IllegalArgumentException("dkimAlgorithms must not repeat an algorithm, was " + dkimAlgorithms);
        }
    }

    /**
     * Returns settings with the given SPF mechanisms and bounce host, and the defaults for the
     * rest: return-path label {@code bounces}, DMARC {@code p=none} without reports, one RSA DKIM
     * key per domain.
     *
     * @param spfMechanisms the mechanisms naming the sending hosts, e.g. {@code ip4:192.0.2.1} or
     *     {@code include:spf.mail.example.net}
     * @param bounceHost the host that receives bounces
     * @return the settings
     * @throws IllegalArgumentException if a mechanism or the host is not accepted
     */
    public static DomainSettings of(List<String> spfMechanisms, String bounceHost) {
        return new DomainSettings(spfMechanisms, bounceHost, DEFAULT_RETURN_PATH_LABEL, DmarcPolicy.NONE, null,
                List.of(DkimAlgorithm.RSA_SHA256));
    }

    /** Returns a copy with other SPF mechanisms. */
    public DomainSettings withSpfMechanisms(List<String> value) {
        return new DomainSettings(value, bounceHost, returnPathLabel, dmarcPolicy, dmarcReportAddress, dkimAlgorithms);
    }

    /** Returns a copy with another bounce host. */
    public DomainSettings withBounceHost(String value) {
        return new DomainSettings(spfMechanisms, value, returnPathLabel, dmarcPolicy, dmarcReportAddress, dkimAlgorithms);
    }

    /** Returns a copy with another return-path label. */
    public DomainSettings withReturnPathLabel(String value) {
        return new DomainSettings(spfMechanisms, bounceHost, value, dmarcPolicy, dmarcReportAddress, dkimAlgorithms);
    }

    /** Returns a copy with another DMARC policy. */
    public DomainSettings withDmarcPolicy(DmarcPolicy value) {
        return new DomainSettings(spfMechanisms, bounceHost, returnPathLabel, value, dmarcReportAddress, dkimAlgorithms);
    }

    /** Returns a copy with another DMARC report address, or none for {@code null}. */
    public DomainSettings withDmarcReportAddress(EmailAddress value) {
        return new DomainSettings(spfMechanisms, bounceHost, returnPathLabel, dmarcPolicy, value, dkimAlgorithms);
    }

    /** Returns a copy that gives new domains keys of these algorithms. */
    public DomainSettings withDkimAlgorithms(List<DkimAlgorithm> value) {
        return new DomainSettings(spfMechanisms, bounceHost, returnPathLabel, dmarcPolicy, dmarcReportAddress, value);
    }

    /**
     * Returns the return-path host of a domain, {@code <returnPathLabel>.<domain>}: the domain of
     * the envelope sender (MAIL FROM) of its mail, where bounces go.
     *
     * @param domain the sending domain
     * @return the host name
     */
    public String returnPathHost(SendingDomain domain) {
        return returnPathLabel + "." + domain.name();
    }

    /** Returns the SPF record's text: {@code v=spf1 <mechanisms> ~all}. */
    String spfValue() {
        return "v=spf1 " + String.join(" ", spfMechanisms) + " ~all";
    }

    /** Returns the DMARC record's text: {@code v=DMARC1; p=<policy>[; rua=mailto:<address>]}. */
    String dmarcValue() {
        return "v=DMARC1; p=" + dmarcPolicy.tag()
                + (dmarcReportAddress == null ? "" : "; rua=mailto:" + dmarcReportAddress.address());
    }

    private static boolean plainUriAddress(EmailAddress address) {
        String local = address.localPart();
        return !address.requiresSmtpUtf8() && local.chars().noneMatch(c -> c == '"' || c == ',' || c == '!' || c == ';');
    }

    private static String label(String label) {
        Objects.requireNonNull(label, "returnPathLabel");
        String lower = label.toLowerCase(Locale.ROOT);
        boolean valid = !lower.isEmpty() && lower.length() <= MAX_LABEL_CHARS
                && lower.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
                && !lower.startsWith("-") && !lower.endsWith("-");
        if (!valid) {
            throw new IllegalArgumentException("returnPathLabel must be one DNS label of 1 to " + MAX_LABEL_CHARS
                    + " letters, digits and inner '-', was " + DomainNames.visible(label));
        }
        return lower;
    }
}
