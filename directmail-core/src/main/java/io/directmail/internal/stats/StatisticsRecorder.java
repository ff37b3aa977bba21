package io.directmail.internal.stats;

import io.directmail.EmailAddress;
import io.directmail.RecipientStatus;
import io.directmail.Suppression;
import io.directmail.UnsubscribeEvent;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.StoredMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts requests and outcomes per account, day, tag and recipient domain, and answers
 * {@link DeliveryStatistics} queries from the counts. The engine feeds it: {@link #requested} when
 * it accepts a message (or refuses one whose every recipient is suppressed), {@link #outcome} for
 * each recipient's new status after an attempt, {@link #unsubscribed} for each unsubscribe.
 *
 * <p><b>What is kept.</b> For each account and day, one tally per tag and one per recipient domain
 * (each a {@link DailyCounts} row); a day's totals are the sum of its tag tallies. Keeping the two
 * breakdowns apart rather than every tag-and-domain pair bounds one account's day by the sum of the
 * caps instead of their product. Days older than {@link StatisticsOptions#retainedDays()} are
 * dropped, and counts for them are ignored.
 *
 * <p><b>Persistence.</b> The counts live in memory. {@link #flush(Consumer)} hands the store what
 * was counted since the last flush, as rows of increments to add to what it holds, so several
 * nodes sharing one store can each add their own; {@link #restore(Collection)} loads what the store
 * holds (at start, or later to see the other nodes' counts); {@link #snapshot()} returns every row
 * kept. A crash loses what was counted since the last flush.
 *
 * <p>Thread-safe: every method runs under one lock. The recording methods never throw: a failure
 * to count is logged, and never stops a send or a delivery.
 */
public final class StatisticsRecorder implements DeliveryStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsRecorder.class);
    /** Most requests first, then by name; for the rows of one breakdown of one day. */
    private static final Comparator<DailyCounts> BUSIEST_FIRST = Comparator.comparingLong(DailyCounts::requests).reversed()
            .thenComparing(StatisticsRecorder::nameOf);
    /** By day, account, tag rows before domain rows, then name; the order of {@link #snapshot()}. */
    private static final Comparator<DailyCounts> STORAGE_ORDER = Comparator.comparing(DailyCounts::day)
            .thenComparing(DailyCounts::account).thenComparing(row -> row.tag() == null).thenComparing(StatisticsRecorder::nameOf);

    private final ReentrantLock lock = new ReentrantLock();
    private final StatisticsOptions options;
    private final Clock clock;
    private final TreeMap<LocalDate, Map<String, AccountDay>> days = new TreeMap<>();
    /** The tallies with counts the store does not have yet, in the order they were first counted. */
    private final Set<Tally> unflushed = new LinkedHashSet<>();
    /** Changes at every restore, so a failed flush knows whether a restore replaced the totals meanwhile. */
    private long restores;

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
     * Hands the store everything counted since the last flush, as rows of increments: each row
     * names a day, an account and either a tag or a recipient domain, and its figures are to be
     * added to what the store holds for that key. Nothing is handed when nothing was counted.
     *
     * <p>If the consumer throws, the rows count as not handed: they are handed again, with what is
     * counted meanwhile, at the next flush; so the consumer should write them all or none (one
     * transaction). Counting goes on while the consumer runs.
     *
     * @param store receives the rows, in the order they were first counted
     * @return how many rows were handed
     */
    public int flush(Consumer<? super List<DailyCounts>> store) {
        Objects.requireNonNull(store, "store");
        List<TallyKey> keys = new ArrayList<>();
        List<Counts> taken = new ArrayList<>();
        List<DailyCounts> rows = new ArrayList<>();
        long restoresBefore;
        lock.lock();
        try {
            dropExpiredDays();
            restoresBefore = restores;
            for (Tally tally : unflushed) {
                Counts counts = tally.takeUnflushed();
                if (counts != null && !counts.isZero()) {
                    TallyKey key = tally.key();
                    keys.add(key);
                    taken.add(counts);
                    rows.add(counts.toRow(key.day(), key.account(), key.tag(), key.recipientDomain()));
                }
            }
            unflushed.clear();
        } finally {
            lock.unlock();
        }
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            store.accept(List.copyOf(rows));
        } catch (RuntimeException | Error e) {
            giveBack(keys, taken, restoresBefore);
            throw e;
        }
        return rows.size();
    }

    /**
     * Replaces the counts with what the store holds plus what was counted here since the last
     * flush. Call it at start with every row the store has, or later with what the store holds
     * after the last flush was written, to see what other nodes counted. Rows of days no longer
     * kept are skipped; rows with the same key add up; tags and domains beyond the caps are
     * counted under {@link DailyCounts#OTHER}.
     *
     * @param rows the store's rows, each naming a tag or a recipient domain but not both
     * @throws IllegalArgumentException if a row names both a tag and a domain, or neither; nothing
     *     changes then
     */
    public void restore(Collection<DailyCounts> rows) {
        List<TallyKey> keys = new ArrayList<>(rows.size());
        for (DailyCounts row : rows) {
            keys.add(TallyKey.of(Objects.requireNonNull(row, "row")));
        }
        lock.lock();
        try {
            dropExpiredDays();
            List<Tally> pending = new ArrayList<>(unflushed);
            days.clear();
            unflushed.clear();
            restores++;
            Iterator<TallyKey> key = keys.iterator();
            for (DailyCounts row : rows) {
                Tally tally = tallyFor(key.next());
                if (tally != null) {
                    tally.addStored(Counts.of(row));
                }
            }
            for (Tally before : pending) {
                Counts counts = before.unflushed();
                Tally tally = counts == null ? null : tallyFor(before.key());
                if (tally != null) {
                    tally.addNew(counts);
                    unflushed.add(tally);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns every row kept: per day and account, one per tag and one per recipient domain, in
     * the order of day, account, tags before domains, then name.
     *
     * @return the rows with their totals
     */
    public List<DailyCounts> snapshot() {
        List<DailyCounts> rows = new ArrayList<>();
        lock.lock();
        try {
            dropExpiredDays();
            for (Map<String, AccountDay> accounts : days.values()) {
                for (AccountDay accountDay : accounts.values()) {
                    accountDay.tagTallies().forEach(tally -> rows.add(tally.row()));
                    accountDay.domainTallies().forEach(tally -> rows.add(tally.row()));
                }
            }
        } finally {
            lock.unlock();
        }
        rows.sort(STORAGE_ORDER);
        return List.copyOf(rows);
    }

    @Override
    public LocalDate today() {
        return dayOf(clock.instant());
    }

    @Override
    public List<DailyCounts> daily(String account, LocalDate from, LocalDate to) {
        QueryArguments.account(account);
        int count = QueryArguments.days(from, to, options.retainedDays());
        List<DailyCounts> rows = new ArrayList<>(count);
        lock.lock();
        try {
            dropExpiredDays();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                Counts sum = new Counts();
                AccountDay accountDay = existing(day, account);
                if (accountDay != null) {
                    accountDay.tagTallies().forEach(tally -> sum.add(tally.total()));
                }
                rows.add(sum.toRow(day, account, null, null));
            }
        } finally {
            lock.unlock();
        }
        return List.copyOf(rows);
    }

    @Override
    public List<DailyCounts> daily(String account, LocalDate from, LocalDate to, String tag) {
        QueryArguments.account(account);
        QueryArguments.tag(tag);
        int count = QueryArguments.days(from, to, options.retainedDays());
        List<DailyCounts> rows = new ArrayList<>(count);
        lock.lock();
        try {
            dropExpiredDays();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                AccountDay accountDay = existing(day, account);
                Tally tally = accountDay == null ? null : accountDay.existingTag(tag);
                rows.add(tally == null ? DailyCounts.empty(day, account, tag, null) : tally.row());
            }
        } finally {
            lock.unlock();
        }
        return List.copyOf(rows);
    }

    @Override
    public List<DailyCounts> byTag(String account, LocalDate day) {
        QueryArguments.account(account);
        Objects.requireNonNull(day, "day");
        return breakdown(account, day, true);
    }

    @Override
    public List<DailyCounts> byDomain(String account, LocalDate day) {
        QueryArguments.account(account);
        Objects.requireNonNull(day, "day");
        return breakdown(account, day, false);
    }

    private List<DailyCounts> breakdown(String account, LocalDate day, boolean byTag) {
        List<DailyCounts> rows = new ArrayList<>();
        lock.lock();
        try {
            dropExpiredDays();
            AccountDay accountDay = existing(day, account);
            if (accountDay != null) {
                (byTag ? accountDay.tagTallies() : accountDay.domainTallies()).forEach(tally -> rows.add(tally.row()));
            }
        } finally {
            lock.unlock();
        }
        rows.sort(BUSIEST_FIRST);
        return List.copyOf(rows);
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
        byTag.addNew(counts);
        unflushed.add(byTag);
        Tally byDomain = accountDay.domain(domain, options.maxDomainsPerDay());
        byDomain.addNew(counts);
        unflushed.add(byDomain);
    }

    /** Puts the rows a failed flush took back among the unflushed counts. */
    private void giveBack(List<TallyKey> keys, List<Counts> taken, long restoresBefore) {
        lock.lock();
        try {
            // A restore since the flush rebuilt the totals from the store, which lacks these counts.
            boolean totalsLackThem = restores != restoresBefore;
            for (int i = 0; i < keys.size(); i++) {
                Tally tally = tallyFor(keys.get(i));
                if (tally != null) {
                    if (totalsLackThem) {
                        tally.addNew(taken.get(i));
                    } else {
                        tally.addUnflushed(taken.get(i));
                    }
                    unflushed.add(tally);
                }
            }
        } finally {
            lock.unlock();
        }
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

    /** Forgets the days before the first one kept, with their unflushed counts. Runs under the lock. */
    private void dropExpiredDays() {
        SortedMap<LocalDate, Map<String, AccountDay>> expired = days.headMap(firstKeptDay());
        for (Map<String, AccountDay> accounts : expired.values()) {
            for (AccountDay accountDay : accounts.values()) {
                accountDay.tagTallies().forEach(unflushed::remove);
                accountDay.domainTallies().forEach(unflushed::remove);
            }
        }
        expired.clear();
    }

    private LocalDate firstKeptDay() {
        return today().minusDays(options.retainedDays() - 1L);
    }

    private LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, options.zone());
    }

    private static String nameOf(DailyCounts row) {
        return row.tag() != null ? row.tag() : Objects.requireNonNullElse(row.recipientDomain(), "");
    }
}
