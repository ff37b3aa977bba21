package io.directmail.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What one account's mail of one day came to: one row of {@link DeliveryStatistics}.
 *
 * <p><b>Per recipient.</b> Every figure counts recipients, not messages: a message to three
 * recipients is three requests, and each recipient ends up delivered, failed or suppressed on its
 * own.
 *
 * <p><b>The day of the request.</b> A recipient is counted on the day its message was accepted,
 * in the statistics zone ({@link StatisticsOptions#zone()}), and so are its outcomes, even when a
 * retry delivers it days later: a day's row describes the mail requested that day, and its
 * {@code delivered} and {@code failed} grow while that mail is being delivered. Unsubscribes are
 * the exception: they are counted on the day they happen.
 *
 * <p><b>What adds up.</b> {@code requests = delivered + failed + suppressed + pending()}.
 * {@code invalidAddresses} and {@code deferred} count recipients that are also in those figures.
 *
 * <p><b>What the row covers.</b> {@code tag} and {@code recipientDomain} say which part of the
 * account's mail the row counts; {@code null} means it is not divided that way. A row of
 * {@link DeliveryStatistics#daily(String, LocalDate, LocalDate)} has neither and counts all the
 * account's mail of the day; a row of {@link DeliveryStatistics#byTag} has a tag, where
 * {@link #UNTAGGED} stands for mail sent without one; a row of {@link DeliveryStatistics#byDomain}
 * has a recipient domain. Tags or domains beyond the day's cap are counted together under
 * {@link #OTHER} (see {@link StatisticsOptions}).
 *
 * @param day the day, in the statistics zone
 * @param account the account ({@link io.directmail.Mail#account()})
 * @param tag the tag counted, {@link #UNTAGGED}, {@link #OTHER}, or {@code null} for every tag
 * @param recipientDomain the recipient domain counted (lower-case ASCII, as in
 *     {@link io.directmail.EmailAddress#domain()}), {@link #OTHER}, or {@code null} for every domain
 * @param requests recipients the application asked to send to: each recipient of an accepted
 *     message, and each recipient of a send refused because all its recipients were suppressed
 * @param delivered recipients whose receiving server accepted the message
 * @param failed recipients whose message bounced (a permanent refusal) or expired (temporary
 *     failures until the retry lifetime ran out)
 * @param invalidAddresses recipients whose address does not exist: bounces that say so (no such
 *     user, no such domain, a null MX, see {@link io.directmail.transport.RecipientOutcome#isInvalidAddress()}),
 *     and recipients refused because an earlier such bounce put them on the suppression list. Each
 *     is also in {@code failed} or {@code suppressed}
 * @param suppressed recipients not sent to because their address was on the suppression list
 * @param deferred recipients that had at least one temporary failure, whatever became of them
 *     afterwards
 * @param unsubscribed addresses that unsubscribed on this day (counted on the day of the
 *     unsubscribe, by the address's domain and the tag of the message whose link was used)
 */
public record DailyCounts(LocalDate day, String account, String tag, String recipientDomain, long requests, long delivered,
        long failed, long invalidAddresses, long suppressed, long deferred, long unsubscribed) {

    /**
     * The tag of rows that count mail sent without a tag: the empty string, which no mail's tag
     * can be.
     */
    public static final String UNTAGGED = "";

    /**
     * The tag or domain of rows that count the tags or domains beyond the day's cap together. (A
     * mail tagged {@code (other)} itself is counted in that row too.)
     */
    public static final String OTHER = "(other)";

    private static final int RATE_SCALE = 4;

    /**
     * Checks the values.
     *
     * @throws NullPointerException if the day or the account is null
     * @throws IllegalArgumentException naming the figure if a count is negative
     */
    public DailyCounts {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(account, "account");
        requireCount("requests", requests);
        requireCount("delivered", delivered);
        requireCount("failed", failed);
        requireCount("invalidAddresses", invalidAddresses);
        requireCount("suppressed", suppressed);
        requireCount("deferred", deferred);
        requireCount("unsubscribed", unsubscribed);
    }

    /**
     * Returns a row with every count zero.
     *
     * @param day the day
     * @param account the account
     * @param tag the tag counted, or {@code null}
     * @param recipientDomain the domain counted, or {@code null}
     * @return the empty row
     */
    public static DailyCounts empty(LocalDate day, String account, String tag, String recipientDomain) {
        return new DailyCounts(day, account, tag, recipientDomain, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Returns the recipients whose fate is not decided yet: queued, or deferred and waiting for a
     * retry. It is {@code requests} less those delivered, failed and suppressed (never below 0).
     *
     * @return the recipients still pending
     */
    public long pending() {
        return Math.max(0, requests - delivered - failed - suppressed);
    }

    /**
     * Returns the share of decided recipients that were delivered:
     * {@code delivered / (delivered + failed + suppressed)}, rounded half-even to four decimal
     * places ({@code 0.9875} is 98.75 %). Recipients still pending are left out, so the rate does
     * not dip while the day's mail is on its way; once nothing is pending it is
     * {@code delivered / requests}, the delivery rate hosted services report. Suppressed
     * recipients count as not delivered.
     *
     * @return the rate from 0 to 1, or empty when no recipient's fate is decided (no requests, or
     *     all of them pending)
     */
    public Optional<BigDecimal> deliveryRate() {
        long decided = delivered + failed + suppressed;
        if (decided == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(delivered).divide(BigDecimal.valueOf(decided), RATE_SCALE, RoundingMode.HALF_EVEN));
    }

    private static void requireCount(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
