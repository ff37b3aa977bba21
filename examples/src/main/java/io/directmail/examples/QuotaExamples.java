package io.directmail.examples;

import io.directmail.SmtpPasswordHash;
import io.directmail.SmtpPasswordPolicy;
import io.directmail.quota.LedgerEntry;
import io.directmail.quota.PackageUsage;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.QuotaUsage;
import io.directmail.quota.Reservation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The quota, billing and SMTP password snippets the user guide quotes, each a method that compiles
 * against the real API. {@code QuotaExamplesTest} runs them.
 */
public final class QuotaExamples {

    private QuotaExamples() {
    }

    /** An account in Shanghai with a daily cap, and a package bought for it. */
    static QuotaLedger ledger(Clock clock, List<LedgerEntry> journal) {
        // tag::quota-ledger[]
        QuotaPolicy policy = QuotaPolicy.defaults()            // 200 free a day, 0.29 USD per 1,000 beyond
                .withZone(ZoneId.of("Asia/Shanghai"))          // days start at midnight in Shanghai
                .withDailyCap(50_000);                         // never more than 50,000 a day
        QuotaLedger ledger = QuotaLedger.newBuilder()
                .policy(policy)
                .clock(clock)
                .journal(journal::add)                          // persist each entry before it counts
                .build();
        ledger.purchase("pkg-2025-001", 100_000, new BigDecimal("60.00"));   // valid 6 months
        // end::quota-ledger[]
        return ledger;
    }

    /** Charges one accepted message, or refuses it when the day's cap is reached. */
    static boolean admit(QuotaLedger ledger, String messageId, int recipients) {
        // tag::quota-charge[]
        try {
            LedgerEntry.Charged charge = ledger.charge(messageId, recipients);   // a retry returns the same charge
            System.out.println(charge.free() + " free, " + charge.packageMessages() + " from packages, "
                    + charge.payAsYouGo() + " pay-as-you-go");
            return true;
        } catch (QuotaExceededException e) {
            System.err.println(e.limit() + " reached: " + e.taken() + " of " + e.allowed() + " taken");
            return false;
        }
        // end::quota-charge[]
    }

    /** Reserves a whole batch before its first message, and gives back what a cancel leaves. */
    static long batch(QuotaLedger ledger, List<String> messageIds, int cancelAfter) {
        // tag::quota-batch[]
        Reservation reservation = ledger.reserve("batch-2025-11-news", messageIds.size());  // all or nothing
        try {
            for (String messageId : messageIds.subList(0, cancelAfter)) {
                reservation.charge(messageId);        // counted against the reservation, not the cap
            }
        } finally {
            reservation.release();                    // cancelled or done: the unused part goes back
        }
        // end::quota-batch[]
        return reservation.charged();
    }

    /** Prints a month's bill. */
    static QuotaUsage monthlyReport(QuotaLedger ledger, YearMonth month) {
        // tag::quota-report[]
        QuotaUsage usage = ledger.usage(month);
        System.out.println(usage.freeMessages() + " free messages");
        for (PackageUsage bundle : usage.packages()) {
            System.out.println(bundle.resourcePackage().id() + ": used " + bundle.used() + ", " + bundle.remaining()
                    + " left, expires " + bundle.resourcePackage().expiresAt() + (bundle.expired() ? " (expired)" : ""));
        }
        System.out.println(usage.payAsYouGoMessages() + " pay-as-you-go messages: "
                + usage.payAsYouGoCost() + " " + usage.currency());
        // end::quota-report[]
        return usage;
    }

    /** Rebuilds the ledger after a restart from what the store kept. */
    static QuotaLedger restart(QuotaPolicy policy, Clock clock, List<LedgerEntry> stored) {
        // tag::quota-rebuild[]
        QuotaLedger ledger = QuotaLedger.newBuilder()
                .policy(policy)
                .clock(clock)
                .entries(stored)                    // the journal's entries, or an earlier ledger.entries()
                .build();
        List<LedgerEntry> compact = ledger.entries();   // store this in place of the journal now and then
        // end::quota-rebuild[]
        stored.clear();
        stored.addAll(compact);
        return ledger;
    }

    /** Sets an SMTP password and checks a login against it. */
    static boolean smtpPassword(char[] newPassword, char[] login) {
        // tag::smtp-password[]
        SmtpPasswordHash hash = SmtpPasswordHash.hash(newPassword);   // refuses fewer than 8 characters
        String stored = hash.encoded();                               // pbkdf2-sha256$600000$salt$hash

        SmtpPasswordHash fromStore = SmtpPasswordHash.parse(stored);
        boolean ok = fromStore.verify(login);
        if (ok && fromStore.needsRehash(SmtpPasswordPolicy.defaults())) {
            stored = SmtpPasswordHash.hash(login).encoded();          // stronger settings since it was stored
        }
        // end::smtp-password[]
        return ok && !stored.isEmpty();
    }

    /** The journal of the example ledger. */
    static List<LedgerEntry> newJournal() {
        return new ArrayList<>();
    }
}
