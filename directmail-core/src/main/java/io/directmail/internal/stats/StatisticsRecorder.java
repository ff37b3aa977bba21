package io.directmail.internal.stats;

import io.directmail.EmailAddress;
import io.directmail.RecipientStatus;
import io.directmail.Suppression;
import io.directmail.UnsubscribeEvent;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.StoredMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts requests and outcomes per account, day, tag and recipient domain, and keeps what it
 * counted until the store holds it. The engine feeds it: {@link #requested} when it accepts a
 * message (or refuses one whose every recipient is suppressed), {@link #outcome} for each
 * recipient's new status after an attempt, {@link #unsubscribed} for each unsubscribe.
 *
 * <p><b>What is kept.</b> The totals live in the store, shared by every node that uses it. Here,
 * for each account and day kept, one tally per tag and one per recipient domain: the names the
 * day counts on their own (learnt from the store at start with {@link #noteStored}, and from what
 * is counted here), each with the counts the store does not have yet. Keeping the two breakdowns
 * apart rather than every tag-and-domain pair bounds one account's day by the sum of the caps
 * instead of their product. Days older than {@link StatisticsOptions#retainedDays()} are dropped,
 * and counts for them are ignored.
 *
 * <p><b>Reaching the store.</b> {@link #unstored()} lists the counts the store lacks, as rows of
 * increments to add to what it holds, so several nodes sharing one store each add their own;
 * {@link #stored} takes a row off once it is written. Counts that could not be written simply stay
 * for the next write. A crash loses what the store did not get.
 *
 * <p>Thread-safe: every method runs under one lock. The recording methods never throw: a failure
 * to count is logged, and never stops a send or a delivery.
 */
public final class StatisticsRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsRecorder.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final StatisticsOptions options;
    private final Clock clock;
    private final TreeMap<LocalDate, Map<String, AccountDay>> days = new TreeMap<>();
    /** The tallies with counts the store does not have yet, in the order they were first counted. */
    private final Set<Tally> unstored = new LinkedHashSet<>();

    /**
     * Creates an empty recorder.
     *
     * @param options the zone of days, how many days are kept, the caps
     * @param clock the clock that says which day is today
     */
    public StatisticsRecorder(StatisticsOptions options, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns the options this recorder was made with. */
    public StatisticsOptions options() {
        return options;
    }

    /**
     * Counts the recipients of a send as requests of the day it was made: those that were
     * suppressed also as suppressed, and as invalid addresses when a hard bounce put them on the
     * suppression list.
     *
     * @param account the mail's account
     * @param tag the mail's tag, or null
     * @param at when the send was accepted (or refused)
     * @param recipients every recipient of the mail
     * @param suppressed the suppression entry of each recipient that has one
     */
    public void requested(String account, String tag, Instant at, List<EmailAddress> recipients,
            Map<EmailAddress, Suppression> suppressed) {
        countSafely("the requests of a send", null, () -> {
            AccountDay accountDay = accountDay(dayOf(at), account);
            if (accountDay == null) {
                return;
            }
            for (EmailAddress recipient : recipients) {
                Counts counts = new Counts();
                counts.requests = 1;
                Suppression suppression = suppressed.get(recipient);
                if (suppression != null) {
                    counts.suppressed = 1;
                    counts.invalidAddresses = suppression.reason() == Suppression.Reason.HARD_BOUNCE ? 1 : 0;
                }
                add(accountDay, tag, recipient.domain(), counts);
            }
        });
    }

    /**
     * Counts a recipient's new status on the day its message was accepted: delivered, or failed
     * (bounced or expired), or its first temporary failure as deferred. A later deferral of the
     * same recipient, and the admission statuses {@code QUEUED} and {@code SUPPRESSED} (counted by
     * {@link #requested}), count nothing.
     *
     * @param message the message, for its account, tag and acceptance time
     * @param status the recipient's new status
     * @param invalidAddress true when the bounce says the address does not exist
     */
    public void outcome(StoredMessage message, RecipientStatus status, boolean invalidAddress) {
        Counts counts = new Counts();
        switch (status.status()) {
            case DELIVERED -> counts.delivered = 1;
            case BOUNCED -> {
                counts.failed = 1;
                counts.invalidAddresses = invalidAddress ? 1 : 0;
            }
            case EXPIRED -> counts.failed = 1;
            // Each recorded attempt adds one, so the first temporary failure is the one at attempt 1.
            case DEFERRED -> counts.deferred = status.attempts() == 1 ? 1 : 0;
            case QUEUED, SUPPRESSED -> {
                return;
            }
        }
        if (counts.isZero()) {
            return;
        }
        countSafely("the outcome of a message", message.messageId(), () -> {
            AccountDay accountDay = accountDay(dayOf(message.acceptedAt()), message.account());
            if (accountDay != null) {
                add(accountDay, message.tag(), status.recipient().domain(), counts);
            }
        });
    }

    /**
     * Counts an unsubscribe on the day it happened, under the tag of the message it came through.
     *
     * @param event the unsubscribe
     */
    public void unsubscribed(UnsubscribeEvent event) {
        countSafely("an unsubscribe", null, () -> {
            AccountDay accountDay = accountDay(dayOf(event.at()), event.account());
            if (accountDay != null) {
                Counts counts = new Counts();
                counts.unsubscribed = 1;
                add(accountDay, event.tag(), event.address().domain(), counts);
            }
        });
    }

    /**
     * Returns everything counted here that the store does not hold yet, as rows of increments:
     * each row names a day, an account and either a tag or a recipient domain, and its figures
     * are to be added to what the store holds for that key. The counts stay here until
     * {@link #stored} says the store has them.
     *
     * @return the rows, in the order their keys were first counted; empty when there are none
     */
    public List<DailyCounts> unstored() {
        List<DailyCounts> rows = new ArrayList<>();
        lock.lock();
        try {
            dropExpiredDays();
            addUnstored(unstored, rows);
        } finally {
            lock.unlock();
        }
        return rows;
    }

    /**
     * Returns the counts of an account's days that the store does not hold yet, as rows of
     * increments (see {@link #unstored()}).
     *
     * @param account the account
     * @param from the first day
     * @param to the last day, not before {@code from}
     * @return the rows of those days, in no particular order
     */
    public List<DailyCounts> unstored(String account, LocalDate from, LocalDate to) {
        List<DailyCounts> rows = new ArrayList<>();
        lock.lock();
        try {
            dropExpiredDays();
            for (Map<String, AccountDay> accounts : days.subMap(from, true, to, true).values()) {
                AccountDay accountDay = accounts.get(account);
                if (accountDay != null) {
                    addUnstored(accountDay.tagTallies(), rows);
                    addUnstored(accountDay.domainTallies(), rows);
                }
            }
        } finally {
            lock.unlock();
        }
        return rows;
    }

    private static void addUnstored(Collection<Tally> tallies, List<DailyCounts> rows) {
        for (Tally tally : tallies) {
            DailyCounts row = tally.unstoredRow();
            if (row != null) {
                rows.add(row);
            }
        }
    }

    /**
     * Takes a row of increments that the store now holds off the counts it does not have yet.
     * Whoever writes the row calls this once it is written, and only then; what was counted under
     * the same key meanwhile stays for the next write. A row of a day no longer kept changes
     * nothing.
     *
     * @param row a row of {@link #unstored()}, as it was written
     */
    public void stored(DailyCounts row) {
        TallyKey key = TallyKey.of(row);
        Counts counts = Counts.of(row);
        lock.lock();
        try {
            AccountDay accountDay = existing(key.day(), key.account());
            Tally tally = accountDay == null ? null : accountDay.existing(key);
            if (tally != null && tally.stored(counts)) {
                unstored.remove(tally);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes note of the tags and recipient domains the store already counts, so that each day's
     * caps count them: a node that starts on a store with totals goes on counting under the same
     * names. Only the names matter; the figures stay in the store. Rows of days no longer kept
     * are skipped; names beyond a day's cap are noted as {@link DailyCounts#OTHER}, in the order
     * given (the store's key order).
     *
     * @param rows rows the store holds, each naming a tag or a recipient domain but not both
     * @throws IllegalArgumentException if a row names both a tag and a domain, or neither; nothing
     *     changes then
     */
    public void noteStored(Collection<DailyCounts> rows) {
        List<TallyKey> keys = new ArrayList<>(rows.size());
        for (DailyCounts row : rows) {
            keys.add(TallyKey.of(Objects.requireNonNull(row, "row")));
        }
        lock.lock();
        try {
            for (TallyKey key : keys) {
                tallyFor(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@return the first day kept: today less {@link StatisticsOptions#retainedDays()}, plus one} */
    public LocalDate firstKeptDay() {
        return today().minusDays(options.retainedDays() - 1L);
    }

    /** {@return today's date in the statistics zone, by the clock} */
    public LocalDate today() {
        return dayOf(clock.instant());
    }

    /** Counts under the lock; a failure is logged (naming {@code what} and the message, if any), never thrown. */
    private void countSafely(String what, String messageId, Runnable counting) {
        try {
            lock.lock();
            try {
                counting.run();
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            LOG.error("Could not count {}{} in the delivery statistics", what, messageId == null ? "" : " (" + messageId + ")", e);
        }
    }

    /** Adds counts to the tally of the tag and to that of the domain. Runs under the lock. */
    private void add(AccountDay accountDay, String tag, String domain, Counts counts) {
        Tally byTag = accountDay.tag(tag, options.maxTagsPerDay());
        byTag.add(counts);
        unstored.add(byTag);
        Tally byDomain = accountDay.domain(domain, options.maxDomainsPerDay());
        byDomain.add(counts);
        unstored.add(byDomain);
    }

    /** Returns the tally of a key, made if need be (under the caps), or null when its day is not kept. Runs under the lock. */
    private Tally tallyFor(TallyKey key) {
        AccountDay accountDay = accountDay(key.day(), key.account());
        if (accountDay == null) {
            return null;
        }
        return key.isTag() ? accountDay.tag(key.tag(), options.maxTagsPerDay())
                : accountDay.domain(key.recipientDomain(), options.maxDomainsPerDay());
    }

    /** Returns the counts of an account's day, made if need be, or null when the day is not kept. Runs under the lock. */
    private AccountDay accountDay(LocalDate day, String account) {
        dropExpiredDays();
        if (day.isBefore(firstKeptDay())) {
            return null;
        }
        return days.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(account, a -> new AccountDay(day, a));
    }

    private AccountDay existing(LocalDate day, String account) {
        Map<String, AccountDay> accounts = days.get(day);
        return accounts == null ? null : accounts.get(account);
    }

    /** Forgets the days before the first one kept, with the counts the store did not get for them. Runs under the lock. */
    private void dropExpiredDays() {
        SortedMap<LocalDate, Map<String, AccountDay>> expired = days.headMap(firstKeptDay());
        for (Map<String, AccountDay> accounts : expired.values()) {
            for (AccountDay accountDay : accounts.values()) {
                accountDay.tagTallies().forEach(unstored::remove);
                accountDay.domainTallies().forEach(unstored::remove);
            }
        }
        expired.clear();
    }

    private LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, options.zone());
    }
}
