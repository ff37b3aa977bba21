package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.quota.LedgerEntry;
import io.directmail.quota.QuotaLedger;
import io.directmail.quota.QuotaUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs the quota and password snippets of the user guide, so that what they claim holds. */
class QuotaExamplesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-11-05T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void theGuidesLedgerChargesBatchesAndReports() {
        List<LedgerEntry> journal = QuotaExamples.newJournal();
        QuotaLedger ledger = QuotaExamples.ledger(clock, journal);

        assertThat(QuotaExamples.admit(ledger, "trigger-1", 250)).isTrue();
        assertThat(QuotaExamples.admit(ledger, "trigger-1", 250)).isTrue();                  // a retry: charged once
        assertThat(QuotaExamples.admit(ledger, "too-big", 60_000)).isFalse();               // over the daily cap
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "news-" + i).toList();
        assertThat(QuotaExamples.batch(ledger, ids, 40)).isEqualTo(40);

        QuotaUsage november = QuotaExamples.monthlyReport(ledger, YearMonth.of(2025, 11));
        assertThat(november.freeMessages()).isEqualTo(200);
        assertThat(november.packageMessages()).isEqualTo(90);
        assertThat(november.payAsYouGoCost()).isEqualTo(new BigDecimal("0.00"));
        assertThat(ledger.dailyCapRemaining()).hasValue(50_000 - 290);

        QuotaLedger restarted = QuotaExamples.restart(ledger.policy(), clock, journal);
        assertThat(restarted.usage(YearMonth.of(2025, 11))).isEqualTo(november);
        assertThat(journal).isEqualTo(ledger.entries());
    }

    @Test
    void theGuidesSmtpPasswordExampleVerifiesALogin() {
        assertThat(QuotaExamples.smtpPassword("correct horse".toCharArray(), "correct horse".toCharArray())).isTrue();
        assertThat(QuotaExamples.smtpPassword("correct horse".toCharArray(), "wrong horse".toCharArray())).isFalse();
    }
}
