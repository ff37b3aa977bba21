package io.directmail.internal.account;

import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Makes the DKIM keys of a new sending domain, one per algorithm, with selectors that say what
 * they are and when they were made: {@code dm-rsa-20260101} and {@code dm-ed25519-20260101}. A
 * key made later for the same domain, to replace one, gets a selector of its own date, so that old
 * and new key can be published side by side while mail signed with the old one is in flight.
 */
public final class DomainKeys {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private DomainKeys() {
    }

    /**
     * Generates one key per algorithm for a domain.
     *
     * @param domain the normalised domain name
     * @param algorithms the algorithms, none twice
     * @param now the time that dates the selectors
     * @return the keys, in the order of the algorithms
     */
    public static List<DkimKey> generate(String domain, List<DkimAlgorithm> algorithms, Instant now) {
        return algorithms.stream()
                .map(algorithm -> DkimKey.generate(algorithm, domain, selector(algorithm, now)))
                .toList();
    }

    /** Returns the selector of a key made at the given time: {@code dm-<key type>-<yyyyMMdd>}. */
    static String selector(DkimAlgorithm algorithm, Instant now) {
        return "dm-" + algorithm.keyType() + "-" + DAY.format(now);
    }
}
