package io.directmail.internal.engine;

import io.directmail.dkim.DkimKey;
import io.directmail.internal.dkim.DkimSigner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the DKIM signer for a sending domain: the keys of that domain, or else those of its
 * nearest parent domain (a signature by {@code example.com} aligns with mail from
 * {@code news.example.com} under relaxed DMARC alignment); or, for a managed account, the keys of
 * its sending domain. Thread-safe.
 */
final class Signers {

    private final Map<String, DkimSigner> byDomain = new LinkedHashMap<>();
    /** Signers of managed accounts' domains, by their keys: made once per set of keys. */
    private final Map<List<DkimKey>, DkimSigner> byKeys = new ConcurrentHashMap<>();

    Signers(List<DkimKey> keys) {
        Map<String, List<DkimKey>> grouped = new LinkedHashMap<>();
        for (DkimKey key : keys) {
            grouped.computeIfAbsent(key.domain(), d -> new ArrayList<>()).add(key);
        }
        grouped.forEach((domain, domainKeys) -> byDomain.put(domain, new DkimSigner(domainKeys)));
    }

    /** Returns the signer for a managed account's sending domain, which has keys of its own. */
    DkimSigner forKeys(List<DkimKey> keys) {
        return byKeys.computeIfAbsent(List.copyOf(keys), DkimSigner::new);
    }

    /** Returns the signer for mail from this domain, or null when no key covers it. */
    DkimSigner forDomain(String domain) {
        String candidate = domain;
        while (true) {
            DkimSigner signer = byDomain.get(candidate);
            if (signer != null) {
                return signer;
            }
            int dot = candidate.indexOf('.');
            if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) {
                return null;
            }
            candidate = candidate.substring(dot + 1);
        }
    }
}
