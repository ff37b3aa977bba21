package io.directmail.internal.account;

import io.directmail.account.DnsRecord;
import io.directmail.account.RecordCheck;
import java.util.List;
import java.util.Optional;

/**
 * Checks a DKIM key record (RFC 6376 §3.6.1) against the expected one: a record at the selector's
 * name whose public key ({@code p=}) is the expected key, compared with all whitespace removed
 * (folding whitespace is allowed inside the base64). Other tags are not compared: the key decides.
 * An empty {@code p=} is a revoked key.
 */
final class DkimMatch {

    private DkimMatch() {
    }

    /**
     * Checks the TXT values at the selector's name.
     *
     * @param expected the expected record, {@code v=DKIM1; k=...; p=...}
     * @param txtValues every TXT value at the name
     */
    static RecordCheck check(DnsRecord expected, List<String> txtValues) {
        String key = publicKey(expected.value()).orElseThrow(
                () -> new IllegalArgumentException("the expected DKIM record has no p= tag"));
        boolean anyKey = false;
        boolean revoked = false;
        for (String value : txtValues) {
            Optional<String> published = publicKey(value);
            if (published.isPresent()) {
                anyKey = true;
                revoked |= published.get().isEmpty();
                if (published.get().equals(key)) {
                    return new RecordCheck(expected, RecordCheck.Result.FOUND, txtValues, "the DKIM key is published");
                }
            }
        }
        String detail = revoked ? "the published DKIM key is revoked (empty p=); publish the expected key"
                : anyKey ? "the published DKIM key (p=) is not this domain's key; publish the expected value"
                : "the TXT record at this name holds no DKIM key (p=)";
        return new RecordCheck(expected, RecordCheck.Result.WRONG, txtValues, detail);
    }

    /** Returns the value of the {@code p=} tag without whitespace, or empty when there is none. */
    private static Optional<String> publicKey(String record) {
        for (String tag : record.split(";")) {
            int equals = tag.indexOf('=');
            if (equals > 0 && tag.substring(0, equals).strip().equals("p")) {
                return Optional.of(tag.substring(equals + 1).replaceAll("\\s+", ""));
            }
        }
        return Optional.empty();
    }
}
