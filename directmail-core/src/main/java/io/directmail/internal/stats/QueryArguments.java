package io.directmail.internal.stats;

import io.directmail.internal.text.AccountIdRule;
import io.directmail.internal.text.TagRule;
import io.directmail.internal.text.VisibleText;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.InvalidStatisticsQueryException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** The checks on the arguments of a statistics query; each refusal names the argument and shows the value. */
final class QueryArguments {

    private QueryArguments() {
    }

    /** Refuses an account id that no mail can have (the rule of {@code Mail.Builder#account}). */
    static String account(String account) {
        Objects.requireNonNull(account, "account");
        if (!AccountIdRule.isValid(account)) {
            throw new InvalidStatisticsQueryException("account must be " + AccountIdRule.DESCRIPTION + ": "
                    + VisibleText.quote(account));
        }
        return account;
    }

    /** Refuses a tag that no mail can have; {@link DailyCounts#UNTAGGED} is accepted. */
    static String tag(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (tag.equals(DailyCounts.UNTAGGED)) {
            return tag;
        }
        String problem = TagRule.problem(tag, "(use DailyCounts.UNTAGGED for mail without a tag)");
        if (problem != null) {
            throw new InvalidStatisticsQueryException("tag " + problem + ": " + VisibleText.quote(tag));
        }
        return tag;
    }

    /**
     * Refuses a range that ends before it starts or spans more than {@code maxDays} days.
     *
     * @return the number of days in the range, both ends included
     */
    static int days(LocalDate from, LocalDate to, int maxDays) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new InvalidStatisticsQueryException("to " + to + " is before from " + from);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > maxDays) {
            throw new InvalidStatisticsQueryException("the range " + from + " to " + to + " spans " + days
                    + " days; at most " + maxDays + " (the days kept, retainedDays) can be asked for at once");
        }
        return (int) days;
    }
}
