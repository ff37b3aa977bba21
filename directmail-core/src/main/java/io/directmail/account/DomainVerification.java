package io.directmail.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The result of checking a domain's DNS records: one {@link RecordCheck} for each record of
 * {@link SendingDomain#records(DomainSettings)}, in that order.
 *
 * <p>The domain is {@linkplain #verified() verified} when every record whose
 * {@linkplain DnsRecord.Purpose#required() purpose is required} (ownership, SPF and every DKIM
 * key) was found. The DMARC and return-path records are checked and reported but advisory: mail
 * is authenticated without them, and a domain owner may already run a DMARC policy of their own.
 * When a required record could not be checked for a temporary DNS failure and none was missing or
 * wrong, the verification is {@linkplain #inconclusive() inconclusive}: it says nothing either way.
 *
 * <p>Immutable and thread-safe.
 *
 * @param domain the domain's name
 * @param checkedAt when the records were looked up
 * @param checks one check per expected record
 */
public record DomainVerification(String domain, Instant checkedAt, List<RecordCheck> checks) {

    private static final Set<DnsRecord.Purpose> REQUIRED = Arrays.stream(DnsRecord.Purpose.values())
            .filter(DnsRecord.Purpose::required)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(DnsRecord.Purpose.class)));

    /** Checks that every part is present and copies the checks. */
    public DomainVerification {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(checkedAt, "checkedAt");
        checks = List.copyOf(checks);
    }

    /**
     * Returns true when every required record was found: at least one check for each required
     * purpose, and all of them {@link RecordCheck.Result#FOUND}.
     */
    public boolean verified() {
        Set<DnsRecord.Purpose> seen = EnumSet.noneOf(DnsRecord.Purpose.class);
        for (RecordCheck check : required()) {
            if (!check.ok()) {
                return false;
            }
            seen.add(check.expected().purpose());
        }
        return seen.containsAll(REQUIRED);
    }

    /**
     * Returns true when the domain is not verified only because DNS could not answer for a
     * required record now: no required record is missing or wrong. Its status stays as it was.
     */
    public boolean inconclusive() {
        return !verified() && required().stream().allMatch(check -> check.ok()
                || check.result() == RecordCheck.Result.TEMPORARY_FAILURE);
    }

    /** Returns the checks whose record was not found as expected, required or not. */
    public List<RecordCheck> problems() {
        return checks.stream().filter(check -> !check.ok()).toList();
    }

    /**
     * Returns a one-line account of the required records not found, e.g.
     * {@code "DKIM dm-rsa-20260101._domainkey.example.com: MISSING"}; empty when verified.
     */
    public String summary() {
        return required().stream()
                .filter(check -> !check.ok())
                .map(check -> check.expected().purpose() + " " + check.expected().host() + ": " + check.result())
                .collect(Collectors.joining("; "));
    }

    private List<RecordCheck> required() {
        return checks.stream().filter(check -> check.expected().purpose().required()).toList();
    }
}
