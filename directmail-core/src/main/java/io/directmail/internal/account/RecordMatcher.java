package io.directmail.internal.account;

import io.directmail.account.DnsRecord;
import io.directmail.account.RecordCheck;
import io.directmail.internal.dns.RecordLookup;
import java.util.List;
import java.util.Locale;

/**
 * Turns what DNS holds for one expected record into a {@link RecordCheck}. A lookup that DNS could
 * not answer is a {@linkplain RecordCheck.Result#TEMPORARY_FAILURE temporary failure}, a name
 * without such records is {@linkplain RecordCheck.Result#MISSING missing}; what is found is judged
 * by the rule of the record's purpose:
 * <ul>
 *   <li>ownership: one of the TXT values is the expected text, surrounding spaces ignored;</li>
 *   <li>SPF: see {@link SpfMatch};</li>
 *   <li>DKIM: see {@link DkimMatch};</li>
 *   <li>DMARC: exactly one TXT value starts with {@code v=DMARC1}; its policy and reporting
 *       address are the domain owner's choice (two DMARC records make receivers ignore both,
 *       RFC 7489 §6.6.3);</li>
 *   <li>return path: the CNAME's target is the bounce host, without regard to case.</li>
 * </ul>
 */
final class RecordMatcher {

    private RecordMatcher() {
    }

    static RecordCheck check(DnsRecord expected, RecordLookup lookup) {
        return switch (lookup) {
            case RecordLookup.Unavailable unavailable -> new RecordCheck(expected, RecordCheck.Result.TEMPORARY_FAILURE,
                    List.of(), "DNS could not answer now, check again later: " + unavailable.reason());
            case RecordLookup.Absent absent -> new RecordCheck(expected, RecordCheck.Result.MISSING, List.of(),
                    "not published: " + absent.reason());
            case RecordLookup.Found found -> switch (expected.purpose()) {
                case OWNERSHIP -> ownership(expected, found.values());
                case SPF -> SpfMatch.check(expected, found.values());
                case DKIM -> DkimMatch.check(expected, found.values());
                case DMARC -> dmarc(expected, found.values());
                case RETURN_PATH -> returnPath(expected, found.values());
            };
        };
    }

    private static RecordCheck ownership(DnsRecord expected, List<String> values) {
        if (values.stream().anyMatch(value -> value.strip().equals(expected.value()))) {
            return new RecordCheck(expected, RecordCheck.Result.FOUND, values, "the ownership token is published");
        }
        return new RecordCheck(expected, RecordCheck.Result.WRONG, values,
                "the TXT records at this name do not hold this domain's ownership token");
    }

    private static RecordCheck dmarc(DnsRecord expected, List<String> values) {
        List<String> dmarc = values.stream()
                .filter(value -> value.strip().toLowerCase(Locale.ROOT).matches("v\\s*=\\s*dmarc1(\\s*;.*)?"))
                .toList();
        return switch (dmarc.size()) {
            case 0 -> new RecordCheck(expected, RecordCheck.Result.MISSING, List.of(),
                    "the TXT records at this name hold no DMARC record (v=DMARC1)");
            case 1 -> new RecordCheck(expected, RecordCheck.Result.FOUND, dmarc, "a DMARC policy is published");
            default -> new RecordCheck(expected, RecordCheck.Result.WRONG, dmarc, "there are " + dmarc.size()
                    + " DMARC records, which makes receivers ignore them all (RFC 7489 §6.6.3); keep one");
        };
    }

    private static RecordCheck returnPath(DnsRecord expected, List<String> targets) {
        if (targets.stream().anyMatch(target -> target.equalsIgnoreCase(expected.value()))) {
            return new RecordCheck(expected, RecordCheck.Result.FOUND, targets,
                    "the return-path host is an alias of the bounce host");
        }
        return new RecordCheck(expected, RecordCheck.Result.WRONG, targets,
                "the return-path host is an alias of another host; point it at " + expected.value());
    }
}
