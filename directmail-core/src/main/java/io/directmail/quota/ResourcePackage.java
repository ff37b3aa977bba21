package io.directmail.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A prepaid bundle of messages. From its purchase until it expires, messages beyond the day's free
 * allowance are drawn from the packages that expire first; what is left at expiry is lost.
 *
 * @param id the package's identifier, unique within one account's ledger: 1 to 1,000 characters,
 *     no whitespace or control characters
 * @param messages how many messages it holds, at least 1
 * @param price what was paid for it, in the ledger's {@link QuotaPolicy#currency() currency}; not
 *     negative; kept without trailing zeros
 * @param purchasedAt when it was bought; it can be drawn on from this instant
 * @param expiresAt when it expires; it can be drawn on until just before this instant
 */
public record ResourcePackage(String id, long messages, BigDecimal price, Instant purchasedAt, Instant expiresAt) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if a value is null
     * @throws InvalidQuotaInputException naming the value if it is out of range
     */
    public ResourcePackage {
        QuotaIds.require("package id", id);
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(purchasedAt, "purchasedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (messages < 1) {
            throw new InvalidQuotaInputException("package " + id + " must hold at least 1 message, was " + messages);
        }
        if (price.signum() < 0) {
            throw new InvalidQuotaInputException("price of package " + id + " must not be negative, was " + price.toPlainString());
        }
        price = Money.normalized(price);
        if (!expiresAt.isAfter(purchasedAt)) {
            throw new InvalidQuotaInputException("package " + id + " must expire after its purchase at " + purchasedAt
                    + ", but expires at " + expiresAt);
        }
    }

    /**
     * Returns a package bought at {@code purchasedAt} that expires after the policy's
     * {@link QuotaPolicy#packageValidity() validity}, counted on the calendar of the policy's zone:
     * bought on 31 August at 10:00, valid 6 months, it expires on 28 (or 29) February at 10:00.
     *
     * @param id the package's identifier
     * @param messages how many messages it holds, at least 1
     * @param price what was paid for it, not negative
     * @param purchasedAt when it was bought
     * @param policy the validity and zone to use
     * @return the package
     * @throws NullPointerException if a value is null
     * @throws InvalidQuotaInputException naming the value if it is out of range
     */
    public static ResourcePackage purchased(String id, long messages, BigDecimal price, Instant purchasedAt, QuotaPolicy policy) {
        Objects.requireNonNull(purchasedAt, "purchasedAt");
        Objects.requireNonNull(policy, "policy");
        Instant expiry = purchasedAt.atZone(policy.zone()).plus(policy.packageValidity()).toInstant();
        return new ResourcePackage(id, messages, price, purchasedAt, expiry);
    }

    /**
     * {@return whether messages can be drawn from the package at the given instant: not before its
     * purchase, and before its expiry}
     *
     * @param instant the instant to look at
     */
    public boolean isActiveAt(Instant instant) {
        return !instant.isBefore(purchasedAt) && instant.isBefore(expiresAt);
    }
}
