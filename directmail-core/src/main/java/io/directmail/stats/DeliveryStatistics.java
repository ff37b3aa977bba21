package io.directmail.stats;

import java.time.LocalDate;
import java.util.List;

/**
 * Delivery statistics of one {@link io.directmail.DirectMail}: per account and day, and within a
 * day per tag and per recipient domain, how many recipients were requested, delivered, failed,
 * invalid, suppressed, deferred and unsubscribed, with the delivery rate. See {@link DailyCounts}
 * for what each figure means, and {@link StatisticsOptions} for the zone whose midnight starts a
 * day and how many days are kept.
 *
 * <pre>{@code
 * DeliveryStatistics statistics = directMail.statistics();
 * LocalDate today = statistics.today();
 * for (DailyCounts day : statistics.daily("default", today.minusDays(6), today)) {
 *     System.out.println(day.day() + ": " + day.delivered() + " of " + day.requests() + " delivered");
 * }
 * }</pre>
 *
 * <p><b>What a query sees.</b> The totals live in the instance's store, and every instance that
 * shares the store (several nodes on one PostgreSQL) adds its counts to the same totals. A query
 * reads the store's totals for the one account it asks about and adds what this instance counted
 * that it has not stored yet: its own mail counts at once, the moment it is accepted or
 * delivered, and each count is in the answer exactly once, whether or not it has reached the
 * store. The counts of the other instances show once they have stored them: every five seconds
 * while they run, and when they close. Each query reads the store (with PostgreSQL, a round trip
 * for each calendar month or whole year the days asked for cover), and returns an immutable
 * snapshot; call again for fresh figures.
 *
 * <p>Thread-safe. Every query checks its arguments and refuses a bad one with an
 * {@link InvalidStatisticsQueryException} naming it (or a {@link NullPointerException} for a
 * missing one), before it reads anything. A store that cannot be read fails the query with a
 * {@link io.directmail.DirectMailException} saying so, never with figures short of what it holds;
 * that is also what queries do once {@link io.directmail.DirectMail#close()} has closed the store
 * the instance made for itself.
 */
public interface DeliveryStatistics {

    /**
     * Returns today's date in the statistics zone, by the instance's clock.
     *
     * @return today
     */
    LocalDate today();

    /**
     * Returns one row per day from {@code from} to {@code to}, both included, each counting all
     * of the account's mail of that day (every tag, every domain). A day without mail, or one no
     * longer kept, has a row of zeros.
     *
     * @param account the account ({@link io.directmail.Mail#account()})
     * @param from the first day
     * @param to the last day, not before {@code from}; the range may span at most
     *     {@link StatisticsOptions#retainedDays()} days
     * @return the rows, oldest day first
     * @throws InvalidStatisticsQueryException if the account id is malformed or the range is
     *     backwards or too long
     * @throws io.directmail.DirectMailException if the store cannot be read
     */
    List<DailyCounts> daily(String account, LocalDate from, LocalDate to);

    /**
     * Returns one row per day from {@code from} to {@code to}, both included, each counting the
     * account's mail with one tag. On a day when the tag came after the day's cap on tags was
     * reached, its mail is counted under {@link DailyCounts#OTHER} and its row here is zeros.
     *
     * @param account the account ({@link io.directmail.Mail#account()})
     * @param from the first day
     * @param to the last day, not before {@code from}; the range may span at most
     *     {@link StatisticsOptions#retainedDays()} days
     * @param tag the tag ({@link io.directmail.Mail#tag()}), {@link DailyCounts#UNTAGGED} for mail
     *     sent without a tag, or {@link DailyCounts#OTHER}
     * @return the rows, oldest day first
     * @throws InvalidStatisticsQueryException if the account id or the tag is malformed or the range
     *     is backwards or too long
     * @throws io.directmail.DirectMailException if the store cannot be read
     */
    List<DailyCounts> daily(String account, LocalDate from, LocalDate to, String tag);

    /**
     * Returns one row per tag the account's mail of one day had, with one for mail without a tag
     * ({@link DailyCounts#UNTAGGED}) and one for tags beyond the cap ({@link DailyCounts#OTHER})
     * when there was such mail. Together the rows count all of the day's mail.
     *
     * @param account the account ({@link io.directmail.Mail#account()})
     * @param day the day
     * @return the rows, most requests first, then by tag; empty when the day had no mail or is no
     *     longer kept
     * @throws InvalidStatisticsQueryException if the account id is malformed
     * @throws io.directmail.DirectMailException if the store cannot be read
     */
    List<DailyCounts> byTag(String account, LocalDate day);

    /**
     * Returns one row per recipient domain the account's mail of one day went to, with one for
     * domains beyond the cap ({@link DailyCounts#OTHER}) when there were any. Together the rows
     * count all of the day's mail.
     *
     * @param account the account ({@link io.directmail.Mail#account()})
     * @param day the day
     * @return the rows, most requests first, then by domain; empty when the day had no mail or is
     *     no longer kept
     * @throws InvalidStatisticsQueryException if the account id is malformed
     * @throws io.directmail.DirectMailException if the store cannot be read
     */
    List<DailyCounts> byDomain(String account, LocalDate day);
}
