package io.directmail.internal.quota;

import io.directmail.quota.InvalidQuotaInputException;
import io.directmail.quota.LedgerEntry;
import io.directmail.quota.PackageDraw;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaPolicy;
import io.directmail.quota.ResourcePackage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one account's quota ledger, and the only place it changes: {@link #apply} takes one
 * {@link LedgerEntry} and either refuses it, changing nothing, or applies it. The {@code plan...}
 * methods work out the entry an operation would write, without changing anything.
 *
 * <p>It keeps per-day totals for good, every package, the open reservations, and the charges whose
 * message ids are still inside the idempotency window; older charges live on only in the day
 * totals. Not thread-safe: the ledger calls it under its lock.
 */
public final class LedgerState {

    private final Map<String, PackageBalance> packages = new LinkedHashMap<>();
    private final TreeMap<LocalDate, DayTotals> days = new TreeMap<>();
    private final LinkedHashMap<String, LedgerEntry.Charged> recent = new LinkedHashMap<>();
    private final Map<String, OpenReservation> open = new LinkedHashMap<>();

    /** {@return the charge of a message id still inside the idempotency window, if any} */
    public Optional<LedgerEntry.Charged> recentCharge(String messageId) {
        return Optional.ofNullable(recent.get(messageId));
    }

    /** {@return the open reservation with this id, if any} */
    public Optional<OpenReservation> openReservation(String reservationId) {
        return Optional.ofNullable(open.get(reservationId));
    }

    /** {@return whether the ledger has a package with this id} */
    public boolean hasPackage(String packageId) {
        return packages.containsKey(packageId);
    }

    /** {@return the messages counted against the cap of {@code day}: direct charges and reservations} */
    public long capTaken(LocalDate day) {
        DayTotals totals = days.get(day);
        return totals == null ? 0 : totals.capTaken();
    }

    /**
     * Works out how {@code count} messages charged at {@code now} are paid for: the day's free
     * allowance first, then packages in {@link PackageBalance#CONSUMPTION_ORDER}, then pay-as-you-go.
     *
     * @param via the reservation to charge against, or null for a charge under the daily cap
     * @param underCap whether to check the daily cap (a message admitted under it earlier is
     *     charged whatever the cap is now)
     * @throws QuotaExceededException if the charge does not fit in the reservation or under the cap
     */
    public LedgerEntry.Charged planCharge(String messageId, int count, OpenReservation via, Instant now, QuotaPolicy policy,
            boolean underCap) {
        LocalDate day = LocalDate.ofInstant(now, policy.zone());
        if (via != null) {
            if (count > via.remaining()) {
                throw new QuotaExceededException(QuotaExceededException.RESERVATION, via.id(), via.messages(),
                        via.messages() - via.remaining(), count);
            }
        } else if (underCap) {
            requireUnderCap(day, count, policy);
        }
        DayTotals today = days.get(day);
        long freeLeft = Math.max(0, policy.freePerDay() - (today == null ? 0 : today.free()));
        long free = Math.min(count, freeLeft);
        long rest = count - free;
        List<PackageDraw> draws = new ArrayList<>();
        List<PackageBalance> usable = packages.values().stream()
                .filter(balance -> balance.canDraw(now))
                .sorted(Comparator.comparing(PackageBalance::resourcePackage, PackageBalance.CONSUMPTION_ORDER))
                .toList();
        for (PackageBalance balance : usable) {
            if (rest == 0) {
                break;
            }
            long take = Math.min(rest, balance.remaining());
            draws.add(new PackageDraw(balance.resourcePackage().id(), take));
            rest -= take;
        }
        return new LedgerEntry.Charged(messageId, now, day, free, draws, rest, Optional.ofNullable(via).map(OpenReservation::id));
    }

    /**
     * Works out the reservation of {@code messages} from today's cap.
     *
     * @throws QuotaExceededException if they do not fit under the cap
     */
    public LedgerEntry.Reserved planReserve(String reservationId, int messages, Instant now, QuotaPolicy policy) {
        LocalDate day = LocalDate.ofInstant(now, policy.zone());
        requireUnderCap(day, messages, policy);
        return new LedgerEntry.Reserved(reservationId, now, day, messages, 0);
    }

    private void requireUnderCap(LocalDate day, long messages, QuotaPolicy policy) {
        if (policy.dailyCap().isPresent()) {
            long cap = policy.dailyCap().getAsLong();
            long taken = capTaken(day);
            if (messages > cap - taken) {
                throw new QuotaExceededException(QuotaExceededException.DAILY_CAP, day.toString(), cap, taken, messages);
            }
        }
    }

    /**
     * Applies one entry, or refuses it and changes nothing.
     *
     * @throws InvalidQuotaInputException if the entry contradicts the state: a package id that is
     *     already known, a draw from an unknown or used-up package, a message charged twice inside
     *     the idempotency window, a reservation opened twice or released when it is not open
     */
    public void apply(LedgerEntry entry) {
        switch (entry) {
            case LedgerEntry.PackageAdded added -> add(added.resourcePackage());
            case LedgerEntry.Charged charged -> charge(charged);
            case LedgerEntry.Reserved reserved -> reserve(reserved);
            case LedgerEntry.Released released -> release(released);
            case LedgerEntry.DaySummary summary -> summarize(summary);
        }
    }

    /**
     * Takes back an entry this state applied, as if it had never been: entries are taken back
     * newest first, so that a change the journal did not take leaves nothing behind.
     *
     * @param entry an entry {@link #apply} took, with no entry applied after it still in force
     * @param closed for a {@link LedgerEntry.Released}, the reservation it closed (its handles
     *     keep working); ignored otherwise
     * @throws IllegalArgumentException for a {@link LedgerEntry.DaySummary}, which only a snapshot
     *     holds
     */
    public void revert(LedgerEntry entry, OpenReservation closed) {
        switch (entry) {
            case LedgerEntry.PackageAdded added -> packages.remove(added.resourcePackage().id());
            case LedgerEntry.Charged charged -> {
                recent.remove(charged.messageId());
                for (PackageDraw draw : charged.packages()) {
                    packages.get(draw.packageId()).use(-draw.messages());
                }
                days.get(charged.day()).remove(charged, charged.reservationId().isEmpty());
                charged.reservationId().map(open::get).ifPresent(via -> via.charge(-charged.count()));
            }
            case LedgerEntry.Reserved reserved -> {
                open.remove(reserved.reservationId());
                days.get(reserved.day()).addCapTaken(-reserved.messages());
            }
            case LedgerEntry.Released released -> {
                days.get(closed.day()).addCapTaken(released.messages());
                closed.reopen();
                open.put(closed.id(), closed);
            }
            case LedgerEntry.DaySummary summary -> throw new IllegalArgumentException("a day summary is not taken back");
        }
    }

    private void add(ResourcePackage resourcePackage) {
        if (packages.containsKey(resourcePackage.id())) {
            throw new InvalidQuotaInputException("package id " + resourcePackage.id() + " is already in the ledger");
        }
        packages.put(resourcePackage.id(), new PackageBalance(resourcePackage));
    }

    private void charge(LedgerEntry.Charged charge) {
        if (recent.containsKey(charge.messageId())) {
            throw new InvalidQuotaInputException("message " + charge.messageId() + " is charged twice within the idempotency window");
        }
        requireDrawable(charge.packages());
        OpenReservation via = charge.reservationId().map(open::get).orElse(null);
        if (via != null && charge.count() > via.remaining()) {
            throw new InvalidQuotaInputException("charge of " + charge.messageId() + " takes " + charge.count()
                    + " messages from reservation " + via.id() + ", which has " + via.remaining() + " left");
        }
        draw(charge.packages());
        days.computeIfAbsent(charge.day(), d -> new DayTotals()).add(charge, charge.reservationId().isEmpty());
        if (via != null) {
            via.charge(charge.count());
        }
        recent.put(charge.messageId(), charge);
    }

    private void reserve(LedgerEntry.Reserved reserved) {
        if (open.containsKey(reserved.reservationId())) {
            throw new InvalidQuotaInputException("reservation " + reserved.reservationId() + " is already open");
        }
        days.computeIfAbsent(reserved.day(), d -> new DayTotals()).addCapTaken(reserved.messages());
        open.put(reserved.reservationId(), new OpenReservation(reserved.reservationId(), reserved.at(), reserved.day(),
                reserved.messages(), reserved.charged()));
    }

    private void release(LedgerEntry.Released released) {
        OpenReservation reservation = open.get(released.reservationId());
        if (reservation == null) {
            throw new InvalidQuotaInputException("reservation " + released.reservationId() + " is not open");
        }
        if (released.messages() != reservation.remaining()) {
            throw new InvalidQuotaInputException("release of reservation " + released.reservationId() + " returns "
                    + released.messages() + " messages, but " + reservation.remaining() + " are unused");
        }
        days.get(reservation.day()).addCapTaken(-released.messages());
        reservation.close();
        open.remove(released.reservationId());
    }

    private void summarize(LedgerEntry.DaySummary summary) {
        requireDrawable(summary.packages());
        draw(summary.packages());
        days.computeIfAbsent(summary.day(), d -> new DayTotals()).add(summary);
    }

    private void requireDrawable(List<PackageDraw> draws) {
        for (PackageDraw draw : draws) {
            PackageBalance balance = packages.get(draw.packageId());
            if (balance == null) {
                throw new InvalidQuotaInputException("package " + draw.packageId() + " is not in the ledger");
            }
            if (draw.messages() > balance.remaining()) {
                throw new InvalidQuotaInputException("package " + draw.packageId() + " has " + balance.remaining()
                        + " messages left, but " + draw.messages() + " are taken from it");
            }
        }
    }

    private void draw(List<PackageDraw> draws) {
        for (PackageDraw draw : draws) {
            packages.get(draw.packageId()).use(draw.messages());
        }
    }

    /** Forgets the message ids of charges made before {@code cutoff}; their messages stay in the day totals. */
    public void forgetChargesBefore(Instant cutoff) {
        Iterator<LedgerEntry.Charged> oldest = recent.values().iterator();
        while (oldest.hasNext() && oldest.next().at().isBefore(cutoff)) {
            oldest.remove();
        }
    }

    /**
     * Returns the shortest list of entries that rebuilds this state: every package; per day, a
     * summary of what the charges no longer kept and the closed reservations took; the kept charges
     * in order; and last the open reservations with their charged totals, so that the kept charges
     * are not counted against them twice.
     */
    public List<LedgerEntry> snapshot() {
        List<LedgerEntry> entries = new ArrayList<>();
        packages.values().forEach(balance -> entries.add(new LedgerEntry.PackageAdded(balance.resourcePackage())));
        TreeMap<LocalDate, DayTotals> rest = new TreeMap<>();
        days.forEach((day, totals) -> rest.put(day, totals.copy()));
        for (LedgerEntry.Charged charge : recent.values()) {
            rest.get(charge.day()).remove(charge, charge.reservationId().isEmpty());
        }
        for (OpenReservation reservation : open.values()) {
            rest.get(reservation.day()).addCapTaken(-reservation.messages());
        }
        rest.forEach((day, totals) -> {
            if (!totals.isEmpty()) {
                entries.add(totals.toSummary(day));
            }
        });
        entries.addAll(recent.values());
        for (OpenReservation reservation : open.values()) {
            entries.add(new LedgerEntry.Reserved(reservation.id(), reservation.at(), reservation.day(),
                    Math.toIntExact(reservation.messages()), Math.toIntExact(reservation.charged())));
        }
        return List.copyOf(entries);
    }

    /**
     * Takes over the open reservations of the state this one replaces, so that the handles given
     * out for them keep working: a reservation open in both (same id, made at the same instant)
     * keeps its object, with this state's charged count; one no longer open here is closed.
     *
     * @param previous the state this one replaces
     */
    public void adoptReservations(LedgerState previous) {
        for (OpenReservation old : previous.open.values()) {
            OpenReservation fresh = open.get(old.id());
            if (fresh != null && fresh.at().equals(old.at())) {
                old.charge(fresh.charged() - old.charged());
                open.put(old.id(), old);
            } else {
                old.close();
            }
        }
    }

    /** {@return every package with its balance, in the order they were added} */
    Iterable<PackageBalance> packages() {
        return packages.values();
    }

    /** {@return the totals of the days from {@code first} to {@code last}, both included} */
    Map<LocalDate, DayTotals> days(LocalDate first, LocalDate last) {
        return days.subMap(first, true, last, true);
    }

    /** {@return the totals of every day up to {@code last}, included} */
    Map<LocalDate, DayTotals> daysUntil(LocalDate last) {
        return days.headMap(last, true);
    }
}
