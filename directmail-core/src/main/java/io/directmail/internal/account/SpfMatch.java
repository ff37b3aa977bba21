package io.directmail.internal.account;

import io.directmail.account.DnsRecord;
import io.directmail.account.RecordCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks a domain's SPF record (RFC 7208) against the expected one. The domain must have exactly
 * one SPF record (two or more are a permanent error, §3.2), and it must contain each expected
 * mechanism, unqualified or with {@code +}, before any {@code all} term (terms after {@code all}
 * are never evaluated, §5.1). Mechanisms are compared as text, without regard to case:
 * {@code ip4:192.0.2.1} does not match {@code ip4:192.0.2.1/32}, and a mechanism reached only
 * through another {@code include:} does not count.
 */
final class SpfMatch {

    private SpfMatch() {
    }

    /**
     * Checks the TXT values at the domain.
     *
     * @param expected the expected SPF record, {@code v=spf1 <mechanisms> ~all}
     * @param txtValues every TXT value at the domain, SPF or not
     */
    static RecordCheck check(DnsRecord expected, List<String> txtValues) {
        List<String> spf = txtValues.stream().filter(SpfMatch::isSpf).toList();
        if (spf.isEmpty()) {
            return new RecordCheck(expected, RecordCheck.Result.MISSING, List.of(),
                    "the domain has TXT records, but none is an SPF record (v=spf1)");
        }
        if (spf.size() > 1) {
            return new RecordCheck(expected, RecordCheck.Result.WRONG, spf, "the domain has " + spf.size()
                    + " SPF records, which receivers treat as an error (RFC 7208 §3.2); merge them into one");
        }
        List<String> terms = terms(spf.get(0));
        List<String> missing = new ArrayList<>();
        int all = firstAll(terms);
        for (String mechanism : expectedMechanisms(expected.value())) {
            int at = terms.indexOf(mechanism);
            if (at < 0 || (all >= 0 && all < at)) {
                missing.add(mechanism);
            }
        }
        if (!missing.isEmpty()) {
            return new RecordCheck(expected, RecordCheck.Result.WRONG, spf, "the SPF record lacks "
                    + String.join(" ", missing) + " (or has it after its 'all' term); add it before 'all'");
        }
        return new RecordCheck(expected, RecordCheck.Result.FOUND, spf, "the SPF record lets DirectMail's hosts send");
    }

    /** RFC 7208 §4.5: an SPF record starts with "v=spf1" followed by a space or nothing. */
    private static boolean isSpf(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("v=spf1") || lower.startsWith("v=spf1 ");
    }

    /** Returns the terms after the version, lower-case, with a '+' qualifier removed. */
    private static List<String> terms(String record) {
        return Arrays.stream(record.toLowerCase(Locale.ROOT).trim().split("\\s+"))
                .skip(1)
                .map(term -> term.startsWith("+") ? term.substring(1) : term)
                .toList();
    }

    private static int firstAll(List<String> terms) {
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (term.equals("all") || (term.length() == 4 && "-~?".indexOf(term.charAt(0)) >= 0 && term.endsWith("all"))) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the mechanisms of the product's own record: the terms between "v=spf1" and "~all". */
    private static List<String> expectedMechanisms(String value) {
        List<String> terms = terms(value);
        return terms.subList(0, terms.size() - 1);
    }
}
