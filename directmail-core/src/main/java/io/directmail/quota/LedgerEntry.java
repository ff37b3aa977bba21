package io.directmail.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable fact of a {@link QuotaLedger}: the ledger's whole state is the result of its
 * entries, applied in order. A store persists them as they happen (see
 * {@link QuotaLedger.Builder#journal}) or as the compact list {@link QuotaLedger#entries()}
 * returns, and rebuilds the ledger from either with {@link QuotaLedger.Builder#entries}.
 *
 * <p>Entries record outcomes, not requests: a {@link Charged} says which package paid for which
 * messages, so rebuilding never depends on the clock or the policy in force at the time.
 */
public sealed interface LedgerEntry {

    /**
     * A resource package was added to the ledger.
     *
     * @param resourcePackage the package
     */
    record PackageAdded(ResourcePackage resourcePackage) implements LedgerEntry {

        /**
         * Checks that the package is present.
         *
         * @throws NullPointerException if it is null
         */
        public PackageAdded {
            Objects.requireNonNull(resourcePackage, "resourcePackage");
        }
    }

    /**
     * Messages were charged: the outcome of {@link QuotaLedger#charge(String, int)} or
     * {@link Reservation#charge(String, int)}. A message is charged once: charging its id again
     * returns this entry.
     *
     * @param messageId the charged message's id
     * @param at when it was charged
     * @param day the day it was charged on, in the policy's zone at the time; its free allowance paid
     *     for {@code free}
     * @param free messages covered by the day's free allowance
     * @param packages messages taken from packages, earliest-expiring first
     * @param payAsYouGo messages billed at the pay-as-you-go price
     * @param reservationId the reservation the charge was made against, if any; such a charge counts
     *     against the reservation, which already holds its room under the cap, not against the cap
     */
    record Charged(String messageId, Instant at, LocalDate day, long free, List<PackageDraw> packages, long payAsYouGo,
            Optional<String> reservationId) implements LedgerEntry {

        /**
         * Checks the values.
         *
         * @throws NullPointerException if a value is null
         * @throws InvalidQuotaInputException naming the value if it is out of range
         */
        public Charged {
            QuotaIds.require("messageId", messageId);
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(day, "day");
            packages = draws(packages, "charge of " + messageId);
            Objects.requireNonNull(reservationId, "reservationId");
            reservationId.ifPresent(id -> QuotaIds.require("reservationId", id));
            if (free < 0 || payAsYouGo < 0) {
                throw new InvalidQuotaInputException("charge of " + messageId + " has a negative count: free " + free
                        + ", payAsYouGo " + payAsYouGo);
            }
            if (total(free, packages, payAsYouGo) < 1) {
                throw new InvalidQuotaInputException("charge of " + messageId + " must charge at least 1 message");
            }
        }

        /** {@return the messages charged: free, from packages and pay-as-you-go together} */
        public long count() {
            return total(free, packages, payAsYouGo);
        }

        /** {@return the messages taken from packages} */
        public long packageMessages() {
            return total(0, packages, 0);
        }
    }

    /**
     * Messages of one day's {@link QuotaPolicy#dailyCap() cap} were set aside for a batch:
     * the outcome of {@link QuotaLedger#reserve(String, int)}.
     *
     * @param reservationId the reservation's id
     * @param at when it was made
     * @param day the day whose cap it takes from
     * @param messages how many messages it holds, at least 1
     * @param charged how many of them were already charged by charges that are not listed on their
     *     own: 0 when the reservation is made; the running total in a list from
     *     {@link QuotaLedger#entries()}, which lists it after the charges it keeps
     */
    record Reserved(String reservationId, Instant at, LocalDate day, int messages, int charged) implements LedgerEntry {

        /**
         * Checks the values.
         *
         * @throws NullPointerException if a value is null
         * @throws InvalidQuotaInputException naming the value if it is out of range
         */
        public Reserved {
            QuotaIds.require("reservationId", reservationId);
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(day, "day");
            if (messages < 1) {
                throw new InvalidQuotaInputException("reservation " + reservationId + " must hold at least 1 message, was "
                        + messages);
            }
            if (charged < 0 || charged > messages) {
                throw new InvalidQuotaInputException("reservation " + reservationId + " of " + messages
                        + " messages cannot have " + charged + " charged");
            }
        }
    }

    /**
     * A reservation was closed and its unused messages returned to its day's cap: the outcome of
     * {@link Reservation#release()}.
     *
     * @param reservationId the reservation's id
     * @param at when it was released
     * @param messages the unused messages returned, at least 0
     */
    record Released(String reservationId, Instant at, long messages) implements LedgerEntry {

        /**
         * Checks the values.
         *
         * @throws NullPointerException if a value is null
         * @throws InvalidQuotaInputException naming the value if it is out of range
         */
        public Released {
            QuotaIds.require("reservationId", reservationId);
            Objects.requireNonNull(at, "at");
            if (messages < 0) {
                throw new InvalidQuotaInputException("release of reservation " + reservationId
                        + " cannot return a negative count, was " + messages);
            }
        }
    }

    /**
     * The totals of a day's charges that the ledger no longer keeps one by one, because their
     * message ids have left the {@link QuotaPolicy#idempotencyWindow() idempotency window}, and of
     * its closed reservations. Only {@link QuotaLedger#entries()} writes it; rebuilding adds it to
     * the day's totals.
     *
     * @param day the day
     * @param free messages covered by the free allowance
     * @param packages messages taken from packages, by package id
     * @param payAsYouGo messages billed at the pay-as-you-go price
     * @param capTaken messages counted against the day's cap
     */
    record DaySummary(LocalDate day, long free, List<PackageDraw> packages, long payAsYouGo, long capTaken)
            implements LedgerEntry {

        /**
         * Checks the values.
         *
         * @throws NullPointerException if a value is null
         * @throws InvalidQuotaInputException naming the value if it is out of range
         */
        public DaySummary {
            Objects.requireNonNull(day, "day");
            packages = draws(packages, "summary of " + day);
            if (free < 0 || payAsYouGo < 0 || capTaken < 0) {
                throw new InvalidQuotaInputException("summary of " + day + " has a negative count: free " + free
                        + ", payAsYouGo " + payAsYouGo + ", capTaken " + capTaken);
            }
            total(free, packages, payAsYouGo);   // refuses counts whose sum overflows
        }
    }

    private static List<PackageDraw> draws(List<PackageDraw> packages, String owner) {
        Objects.requireNonNull(packages, "packages");
        List<PackageDraw> copy = List.copyOf(packages);
        Set<String> seen = new HashSet<>();
        for (PackageDraw draw : copy) {
            if (!seen.add(draw.packageId())) {
                throw new InvalidQuotaInputException(owner + " names package " + draw.packageId() + " twice");
            }
        }
        return copy;
    }

    private static long total(long free, List<PackageDraw> packages, long payAsYouGo) {
        try {
            long sum = Math.addExact(free, payAsYouGo);
            for (PackageDraw draw : packages) {
                sum = Math.addExact(sum, draw.messages());
            }
            return sum;
        } catch (ArithmeticException e) {
            throw new InvalidQuotaInputException("message counts add up to more than " + Long.MAX_VALUE);
        }
    }
}
