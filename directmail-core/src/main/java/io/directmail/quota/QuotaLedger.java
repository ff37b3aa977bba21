package io.directmail.quota;

import io.directmail.internal.quota.LedgerLog;
import io.directmail.internal.quota.LedgerState;
import io.directmail.internal.quota.OpenReservation;
import io.directmail.internal.quota.UsageReport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The quota and billing ledger of one account. It charges each accepted message once — from the
 * day's free allowance, then from the resource packages that expire first, then pay-as-you-go —
 * enforces the optional daily cap, reserves a batch's messages before the batch starts, and reports
 * what a day or a month used and cost. Build one with {@link #newBuilder()}.
 *
 * <p><b>Charging exactly once.</b> {@link #charge(String, int)} remembers each message id for the
 * policy's {@link QuotaPolicy#idempotencyWindow() idempotency window} (7 days by default): charging
 * an id again within it changes nothing and returns the first charge, so a retried call or a
 * delivery retry is never charged twice. After the window the id is forgotten (its messages stay
 * in the day's totals), which keeps the ledger's memory bounded; keep the window longer than any
 * message can be retried.
 *
 * <p><b>Reservations.</b> {@link #reserve(String, int)} sets aside room under the daily cap of
 * the day it is made, for a whole batch, or refuses the batch as a whole. The batch's messages are
 * then charged against the reservation as each is accepted, and priced at that moment like any
 * other message (free allowance, packages, pay-as-you-go of the day they are charged on); they
 * count against the reservation's day, not against the cap of a later day a long batch runs into.
 * A reservation holds no free allowance or package messages: the cap is the only thing that can
 * refuse a message, so it is the only thing a batch must be sure of, and trigger mail sent while a
 * batch runs still gets the free allowance and packages first come, first served. Without a cap a
 * reservation always fits. {@link Reservation#release()} returns the unused part.
 *
 * <p><b>Persistence.</b> The ledger's state is the result of its {@link LedgerEntry entries}. Every
 * change is handed to the {@link Builder#journal journal} before it takes effect, and
 * {@link #entries()} returns a compact list that rebuilds the same state; a store keeps either and
 * passes it to {@link Builder#entries} after a restart.
 *
 * <p><b>Several instances.</b> When the instances of an application share one store, each keeps
 * the same account's ledger: give each a {@link Builder#sharedJournal shared journal} instead of a
 * journal and entries. Every change is then written at the next number of the journal, which takes
 * it only if no other instance wrote that number first; otherwise the ledger reads what the others
 * wrote and works the change out again, so the daily cap holds for all instances together and each
 * message is charged once. Reports, {@link #dailyCapRemaining()}, {@link #reservation} and
 * {@link #entries()} read what the others wrote before they answer. A change whose number other
 * instances took 64 times in a row fails with a {@link io.directmail.DirectMailException}.
 *
 * <p>Thread-safe: every method runs under one lock per ledger. Time comes only from the clock
 * given to the builder.
 */
public final class QuotaLedger {

    private volatile QuotaPolicy policy;
    private final Clock clock;
    private final SharedJournal shared;
    private final LedgerLog log;

    private QuotaLedger(Builder builder) {
        this.policy = builder.policy;
        this.clock = builder.clock;
        this.shared = builder.shared;
        this.log = new LedgerLog(() -> policy, builder.journal, builder.shared, builder.entries);
    }

    /** {@return a builder with the default policy, the system clock, no journal and no entries} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@return the rules this ledger applies} */
    public QuotaPolicy policy() {
        return policy;
    }

    /**
     * Applies other rules from now on, such as a higher daily cap, another free allowance or
     * package validity. This changes this ledger only: for a managed account use
     * {@code Accounts.changePolicy}, which stores the change and reaches every node. Entries already written keep their outcomes; a message already charged
     * stays charged as it was. The price, its currency and the zone stay: reports price and count
     * days of the past by them, so changing them would rewrite bills already made.
     *
     * @param rules the new rules
     * @throws NullPointerException if they are null
     * @throws IllegalArgumentException naming the part if the price, the currency or the zone differ
     */
    public void changePolicy(QuotaPolicy rules) {
        Objects.requireNonNull(rules, "policy");
        QuotaPolicy current = policy;
        if (rules.pricePerThousand().compareTo(current.pricePerThousand()) != 0 || !rules.currency().equals(current.currency())) {
            throw new IllegalArgumentException("the pay-as-you-go price of a ledger stays " + current.pricePerThousand() + " "
                    + current.currency() + ": past bills are priced by it; was asked to become " + rules.pricePerThousand() + " "
                    + rules.currency());
        }
        if (!rules.zone().equals(current.zone())) {
            throw new IllegalArgumentException("the zone of a ledger stays " + current.zone()
                    + ": past days are counted in it; was asked to become " + rules.zone());
        }
        log.locked(() -> {
            policy = rules;
            return null;
        });
    }

    /**
     * Charges one message. The same as {@link #charge(String, int) charge(messageId, 1)}.
     *
     * @param messageId the accepted message's id
     * @return the charge, or the earlier charge of this id
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id is empty, too long or has whitespace or control characters
     * @throws QuotaExceededException if the message does not fit under the daily cap; nothing is charged
     */
    public LedgerEntry.Charged charge(String messageId) {
        return charge(messageId, 1);
    }

    /**
     * Charges an accepted message that counts as {@code count} messages (one per recipient, for
     * example), under the daily cap. The messages are paid for by today's free allowance first,
     * then by the unexpired packages with messages left, earliest expiry first, then pay-as-you-go;
     * one charge may be split among them.
     *
     * <p>If this id was charged within the idempotency window, nothing changes and the earlier
     * charge is returned, whatever {@code count} is.
     *
     * @param messageId the accepted message's id: 1 to 1,000 characters, no whitespace or control characters
     * @param count how many messages it counts as, at least 1
     * @return the charge, or the earlier charge of this id
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id or the count is not valid
     * @throws QuotaExceededException if the messages do not fit under the daily cap; nothing is charged
     */
    public LedgerEntry.Charged charge(String messageId, int count) {
        return charge(messageId, count, null);
    }

    LedgerEntry.Charged charge(String messageId, int count, OpenReservation via) {
        return (LedgerEntry.Charged) log.submit(chargePlanner(messageId, count, via, true), null);
    }

    /**
     * Charges one message that was admitted under the daily cap already (for example, when the
     * account had no cap), without checking the cap again: a cap set or lowered since then does not
     * refuse a message that is accepted. Otherwise as {@link #charge(String)}.
     *
     * @param messageId the accepted message's id
     * @return the charge, or the earlier charge of this id
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id is not valid
     */
    public LedgerEntry.Charged chargeAdmitted(String messageId) {
        return (LedgerEntry.Charged) log.submit(chargePlanner(messageId, 1, null, false), null);
    }

    /** Charges a message against a reservation and releases the reservation, in one write. */
    LedgerEntry.Charged chargeAndRelease(String messageId, int count, OpenReservation via) {
        List<LedgerEntry> written = log.submitTogether(List.of(chargePlanner(messageId, count, via, true), releasePlanner(via)), via);
        return (LedgerEntry.Charged) written.getFirst();
    }

    private LedgerLog.Planner chargePlanner(String messageId, int count, OpenReservation via, boolean underCap) {
        QuotaIds.require("messageId", messageId);
        if (count < 1) {
            throw new InvalidQuotaInputException("count of message " + messageId + " must be at least 1, was " + count);
        }
        return state -> {
            Instant now = forgetOldCharges(state);
            Optional<LedgerEntry.Charged> earlier = state.recentCharge(messageId);
            return earlier.isPresent() ? LedgerLog.Plan.existing(earlier.get())
                    : LedgerLog.Plan.write(state.planCharge(messageId, count, via, now, policy, underCap));
        };
    }

    private LedgerLog.Planner releasePlanner(OpenReservation reservation) {
        Instant now = clock.instant();
        return state -> reservation.isOpen()
                ? LedgerLog.Plan.write(new LedgerEntry.Released(reservation.id(), now, reservation.remaining()))
                : LedgerLog.Plan.NOTHING;
    }

    /**
     * Adds a package bought now, valid for the policy's {@link QuotaPolicy#packageValidity()
     * validity}.
     *
     * @param packageId the package's id, not yet in this ledger
     * @param messages how many messages it holds, at least 1
     * @param price what was paid for it, not negative, in whole minor units of the policy's currency
     * @return the package
     * @throws NullPointerException if a value is null
     * @throws InvalidQuotaInputException naming the value if it is not valid or the id is taken
     */
    public ResourcePackage purchase(String packageId, long messages, BigDecimal price) {
        return addPackage(ResourcePackage.purchased(packageId, messages, price, clock.instant(), policy));
    }

    /**
     * Adds a package bought elsewhere, such as one carried over from another system. It can be
     * drawn on while it is {@link ResourcePackage#isActiveAt active}.
     *
     * @param resourcePackage the package; bought no later than now, with an id not yet in this ledger
     * @return the package
     * @throws NullPointerException if it is null
     * @throws InvalidQuotaInputException if its id is taken, it is bought in the future, or its price
     *     is finer than the currency's minor unit
     */
    public ResourcePackage addPackage(ResourcePackage resourcePackage) {
        Objects.requireNonNull(resourcePackage, "resourcePackage");
        int digits = policy.currency().getDefaultFractionDigits();
        if (resourcePackage.price().scale() > digits) {
            throw new InvalidQuotaInputException("price " + resourcePackage.price().toPlainString() + " of package "
                    + resourcePackage.id() + " has more decimals than " + policy.currency() + " has (" + digits + ")");
        }
        log.submit(state -> {
            Instant now = clock.instant();
            if (resourcePackage.purchasedAt().isAfter(now)) {
                throw new InvalidQuotaInputException("package " + resourcePackage.id() + " is bought at "
                        + resourcePackage.purchasedAt() + ", which is later than now (" + now + ")");
            }
            if (state.hasPackage(resourcePackage.id())) {
                throw new InvalidQuotaInputException("package id " + resourcePackage.id() + " is already in the ledger");
            }
            return LedgerLog.Plan.write(new LedgerEntry.PackageAdded(resourcePackage));
        }, null);
        return resourcePackage;
    }

    /**
     * Reserves room for a batch of {@code messages} under today's daily cap, all or nothing. Charge
     * the batch's messages with {@link Reservation#charge}; {@link Reservation#release()} returns
     * what is left. After a restart, find an open reservation again with {@link #reservation}.
     *
     * @param reservationId the batch's id, not the id of another open reservation
     * @param messages how many messages the batch will charge, at least 1
     * @return the open reservation
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id is not valid or already open, or {@code messages} is below 1
     * @throws QuotaExceededException if the batch does not fit under today's cap; nothing is reserved
     */
    public Reservation reserve(String reservationId, int messages) {
        QuotaIds.require("reservationId", reservationId);
        if (messages < 1) {
            throw new InvalidQuotaInputException("reservation " + reservationId + " must hold at least 1 message, was " + messages);
        }
        LedgerEntry.Reserved reserved = (LedgerEntry.Reserved) log.submit(state -> {
            Instant now = forgetOldCharges(state);
            if (state.openReservation(reservationId).isPresent()) {
                throw new InvalidQuotaInputException("reservation " + reservationId + " is already open");
            }
            return LedgerLog.Plan.write(state.planReserve(reservationId, messages, now, policy));
        }, null);
        return log.locked(() -> new Reservation(this, openOf(reserved)));
    }

    /**
     * Finds an open reservation.
     *
     * @param reservationId the reservation's id
     * @return the reservation, or empty if none with this id is open
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException if the id is not valid
     */
    public Optional<Reservation> reservation(String reservationId) {
        QuotaIds.require("reservationId", reservationId);
        return log.read(state -> state.openReservation(reservationId).map(open -> new Reservation(this, open)));
    }

    /**
     * {@return how many more messages today's cap allows, reservations counted as taken; empty if the
     * policy has no cap}
     */
    public OptionalLong dailyCapRemaining() {
        QuotaPolicy rules = policy;
        if (rules.dailyCap().isEmpty()) {
            return OptionalLong.empty();
        }
        return log.read(state -> {
            LocalDate today = LocalDate.ofInstant(clock.instant(), rules.zone());
            return OptionalLong.of(Math.max(0, rules.dailyCap().getAsLong() - state.capTaken(today)));
        });
    }

    /**
     * Reports one day, in the policy's zone.
     *
     * @param day the day
     * @return what the day used and cost, with the packages as of its end (or now, if it has not ended)
     * @throws NullPointerException if the day is null
     */
    public QuotaUsage usage(LocalDate day) {
        Objects.requireNonNull(day, "day");
        return log.read(state -> UsageReport.of(state, day, day, clock.instant(), policy));
    }

    /**
     * Reports one month, in the policy's zone. Its pay-as-you-go cost is the sum of its daily bills.
     *
     * @param month the month
     * @return what the month used and cost, with the packages as of its end (or now, if it has not ended)
     * @throws NullPointerException if the month is null
     */
    public QuotaUsage usage(YearMonth month) {
        Objects.requireNonNull(month, "month");
        return log.read(state -> UsageReport.of(state, month.atDay(1), month.atEndOfMonth(), clock.instant(), policy));
    }

    /**
     * Returns a compact list of entries that rebuilds this ledger's state: every package, a
     * {@link LedgerEntry.DaySummary} per day for the charges whose ids have left the idempotency
     * window and for closed reservations, the charges still inside the window, and the open
     * reservations. A store may keep this list in place of every entry the journal received.
     *
     * @return the entries, in the order to apply them
     */
    public List<LedgerEntry> entries() {
        return log.compacted(this::forgetOldCharges).entries();
    }

    /**
     * Offers the {@link Builder#sharedJournal shared journal} this ledger's compacted form
     * ({@link #entries()}), so that it can keep it in place of the entries it covers. Without a
     * shared journal it does nothing. Safe to call while the ledger is in use: the compacted form
     * covers exactly the entries before the journal number it is taken at.
     */
    public void compact() {
        if (shared == null) {
            return;
        }
        LedgerLog.Compacted compacted = log.compacted(this::forgetOldCharges);
        // Outside the lock: a store may take a while to write it, and charging need not wait.
        shared.compact(compacted.next(), compacted.entries());
    }

    long release(OpenReservation reservation) {
        LedgerEntry released = log.submit(releasePlanner(reservation), reservation);
        return released == null ? 0L : ((LedgerEntry.Released) released).messages();
    }

    <T> T locked(Supplier<T> action) {
        return log.locked(action);
    }

    /** {@return the state's object of the reservation just opened} */
    private OpenReservation openOf(LedgerEntry.Reserved reserved) {
        return log.read(state -> state.openReservation(reserved.reservationId())).orElseThrow();
    }

    private Instant forgetOldCharges(LedgerState state) {
        Instant now = clock.instant();
        state.forgetChargesBefore(now.minus(policy.idempotencyWindow()));
        return now;
    }

    /**
     * Builds a {@link QuotaLedger}, empty or rebuilt from stored entries. Not thread-safe.
     */
    public static final class Builder {

        private QuotaPolicy policy = QuotaPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Consumer<? super LedgerEntry> journal = entry -> { };
        private List<LedgerEntry> entries = List.of();
        private boolean entriesOrJournalSet;
        private SharedJournal shared;

        private Builder() {
        }

        /**
         * Sets the rules (default {@link QuotaPolicy#defaults()}). A changed policy applies to what
         * happens from now on; entries already written keep their outcomes.
         *
         * @param quotaPolicy the rules
         * @return this builder
         */
        public Builder policy(QuotaPolicy quotaPolicy) {
            this.policy = Objects.requireNonNull(quotaPolicy, "policy");
            return this;
        }

        /**
         * Sets the time source (default {@link Clock#systemUTC()}); the clock's own zone is not used,
         * days follow {@link QuotaPolicy#zone()}.
         *
         * @param time the clock
         * @return this builder
         */
        public Builder clock(Clock time) {
            this.clock = Objects.requireNonNull(time, "clock");
            return this;
        }

        /**
         * Sets where every new entry goes before it takes effect, in order, under the ledger's lock
         * (default: nowhere). If the journal throws, the operation fails with that exception and the
         * ledger is unchanged. Entries passed to {@link #entries} are not sent to it again.
         *
         * @param sink receives each new entry
         * @return this builder
         */
        public Builder journal(Consumer<? super LedgerEntry> sink) {
            this.journal = Objects.requireNonNull(sink, "journal");
            this.entriesOrJournalSet = true;
            return this;
        }

        /**
         * Sets the stored entries to rebuild the ledger from: what the journal received, what
         * {@link QuotaLedger#entries()} returned, or such a list followed by what the journal received
         * after it.
         *
         * @param stored the entries, in the order they were written
         * @return this builder
         */
        public Builder entries(List<? extends LedgerEntry> stored) {
            Objects.requireNonNull(stored, "entries");
            for (int i = 0; i < stored.size(); i++) {
                Objects.requireNonNull(stored.get(i), "entry " + i);
            }
            this.entries = List.copyOf(stored);
            this.entriesOrJournalSet = true;
            return this;
        }

        /**
         * Keeps the ledger in a journal that other instances keep the same ledger in, in place of
         * {@link #journal} and {@link #entries}: the ledger is built from what the journal holds,
         * and every change is written to it as {@link SharedJournal} describes.
         *
         * @param sharedJournal the journal
         * @return this builder
         */
        public Builder sharedJournal(SharedJournal sharedJournal) {
            this.shared = Objects.requireNonNull(sharedJournal, "sharedJournal");
            return this;
        }

        /**
         * Builds the ledger, applying the stored entries in order (read from the shared journal, if
         * one is set).
         *
         * @return the ledger
         * @throws InvalidQuotaInputException naming the entry if an entry contradicts those before it
         * @throws IllegalStateException if both a shared journal and a journal or entries are set
         */
        public QuotaLedger build() {
            if (shared != null && entriesOrJournalSet) {
                throw new IllegalStateException("a ledger with a shared journal takes its entries from it and writes to it:"
                        + " do not set entries or a journal as well");
            }
            return new QuotaLedger(this);
        }
    }
}
