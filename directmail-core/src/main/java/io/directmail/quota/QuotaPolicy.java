package io.directmail.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The quota and billing rules of one account: how many messages a day are free, what a message
 * beyond the free allowance and the resource packages costs, how long a package lasts, and an
 * optional cap on the messages of one day. Start from {@link #defaults()} and change single
 * values with the {@code with...} methods; every instance is immutable.
 *
 * <p>Messages are counted per charge unit the caller decides on (one per accepted message, or one
 * per recipient); the ledger only adds them up.
 *
 * @param freePerDay messages free of charge each day; default 200, at least 0
 * @param pricePerThousand the pay-as-you-go price of 1,000 messages in {@code currency}; default
 *     0.29; not negative. Kept without trailing zeros, so {@code 0.290} and {@code 0.29} are the same
 *     price.
 * @param currency the currency of every price and bill; default USD. Bills are rounded to its
 *     minor unit (cents for USD).
 * @param packageValidity how long a {@link ResourcePackage} bought through
 *     {@link QuotaLedger#purchase} lasts, counted on the calendar of {@code zone}; default 6
 *     months; positive, with no negative part, and at most 10 years (a month counted as 31 days)
 * @param dailyCap the most messages one day may take, reservations included; empty (the default)
 *     for no cap. A cap of 0 refuses every message.
 * @param zone the time zone whose midnight starts a new day for the free allowance, the cap and
 *     the reports (the account's zone); default UTC
 * @param idempotencyWindow how long the ledger remembers a charged message id, so that charging it
 *     again is a no-op; default 7 days (longer than the default 5-day delivery lifetime), positive
 *     and at most 366 days
 */
public record QuotaPolicy(
        long freePerDay,
        BigDecimal pricePerThousand,
        Currency currency,
        Period packageValidity,
        OptionalLong dailyCap,
        ZoneId zone,
        Duration idempotencyWindow) {

    /** The default free allowance, 200 messages a day. */
    public static final long DEFAULT_FREE_PER_DAY = 200;
    /** The default pay-as-you-go price of 1,000 messages, 0.29 (USD). */
    public static final BigDecimal DEFAULT_PRICE_PER_THOUSAND = new BigDecimal("0.29");
    /** The default validity of a resource package, 6 months. */
    public static final Period DEFAULT_PACKAGE_VALIDITY = Period.ofMonths(6);
    /** The default idempotency window, 7 days. */
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofDays(7);

    /** The longest validity, 10 years, in days when a month counts as 31. */
    private static final long MAX_VALIDITY_DAYS = 10 * 12 * 31;
    private static final Duration MAX_IDEMPOTENCY_WINDOW = Duration.ofDays(366);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /**
     * Checks the values.
     *
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException naming the value if it is out of range
     */
    public QuotaPolicy {
        Objects.requireNonNull(pricePerThousand, "pricePerThousand");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(packageValidity, "packageValidity");
        Objects.requireNonNull(dailyCap, "dailyCap");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        if (freePerDay < 0) {
            throw new IllegalArgumentException("freePerDay must not be negative, was " + freePerDay);
        }
        if (pricePerThousand.signum() < 0) {
            throw new IllegalArgumentException("pricePerThousand must not be negative, was " + pricePerThousand.toPlainString());
        }
        pricePerThousand = Money.normalized(pricePerThousand);
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency " + currency + " has no minor unit to round bills to");
        }
        if (!isValidity(packageValidity)) {
            throw new IllegalArgumentException("packageValidity must be positive with no negative part and at most 10 years,"
                    + " was " + packageValidity);
        }
        if (dailyCap.isPresent() && dailyCap.getAsLong() < 0) {
            throw new IllegalArgumentException("dailyCap must not be negative, was " + dailyCap.getAsLong());
        }
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()
                || idempotencyWindow.compareTo(MAX_IDEMPOTENCY_WINDOW) > 0) {
            throw new IllegalArgumentException("idempotencyWindow must be positive and at most 366 days, was "
                    + idempotencyWindow);
        }
    }

    /** {@return 200 free a day, 0.29 USD per 1,000 beyond, packages valid 6 months, no cap, UTC days, 7-day idempotency} */
    public static QuotaPolicy defaults() {
        return new QuotaPolicy(DEFAULT_FREE_PER_DAY, DEFAULT_PRICE_PER_THOUSAND, Currency.getInstance("USD"),
                DEFAULT_PACKAGE_VALIDITY, OptionalLong.empty(), ZoneOffset.UTC, DEFAULT_IDEMPOTENCY_WINDOW);
    }

    /**
     * Returns what {@code messages} pay-as-you-go messages cost in one bill: {@code messages ×
     * pricePerThousand / 1000}, rounded half-up to the currency's minor unit, but at least one minor
     * unit (0.01 USD) when the exact amount is above zero. With the defaults: 1 message costs 0.01,
     * 1,000 cost 0.29, 1,001 cost 0.29 (0.29029), 1,724 cost 0.50 (0.49996).
     *
     * @param messages the pay-as-you-go messages of the bill, at least 0
     * @return the amount, with as many decimals as the currency's minor unit
     * @throws IllegalArgumentException if {@code messages} is negative
     */
    public BigDecimal payAsYouGoCost(long messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative, was " + messages);
        }
        int digits = currency.getDefaultFractionDigits();
        BigDecimal exact = pricePerThousand.multiply(BigDecimal.valueOf(messages)).divide(THOUSAND);
        BigDecimal rounded = exact.setScale(digits, RoundingMode.HALF_UP);
        BigDecimal minimum = BigDecimal.ONE.movePointLeft(digits);
        return exact.signum() > 0 && rounded.compareTo(minimum) < 0 ? minimum : rounded;
    }

    private static boolean isValidity(Period period) {
        if (period.isZero() || period.getYears() < 0 || period.getMonths() < 0 || period.getDays() < 0) {
            return false;
        }
        return period.toTotalMonths() * 31 + period.getDays() <= MAX_VALIDITY_DAYS;
    }

    /**
     * {@return a copy with another free allowance}
     *
     * @param messages messages free of charge each day, at least 0
     */
    public QuotaPolicy withFreePerDay(long messages) {
        return new QuotaPolicy(messages, pricePerThousand, currency, packageValidity, dailyCap, zone, idempotencyWindow);
    }

    /**
     * {@return a copy with another pay-as-you-go price}
     *
     * @param price the price of 1,000 messages, not negative
     * @param priceCurrency the currency of the price and of every bill
     */
    public QuotaPolicy withPricePerThousand(BigDecimal price, Currency priceCurrency) {
        return new QuotaPolicy(freePerDay, price, priceCurrency, packageValidity, dailyCap, zone, idempotencyWindow);
    }

    /**
     * {@return a copy with another package validity}
     *
     * @param validity how long a purchased package lasts, positive
     */
    public QuotaPolicy withPackageValidity(Period validity) {
        return new QuotaPolicy(freePerDay, pricePerThousand, currency, validity, dailyCap, zone, idempotencyWindow);
    }

    /**
     * {@return a copy with a daily cap}
     *
     * @param messages the most messages one day may take, at least 0
     */
    public QuotaPolicy withDailyCap(long messages) {
        return new QuotaPolicy(freePerDay, pricePerThousand, currency, packageValidity, OptionalLong.of(messages), zone,
                idempotencyWindow);
    }

    /** {@return a copy without a daily cap} */
    public QuotaPolicy withoutDailyCap() {
        return new QuotaPolicy(freePerDay, pricePerThousand, currency, packageValidity, OptionalLong.empty(), zone,
                idempotencyWindow);
    }

    /**
     * {@return a copy whose days start at midnight in another zone}
     *
     * @param dayZone the account's time zone
     */
    public QuotaPolicy withZone(ZoneId dayZone) {
        return new QuotaPolicy(freePerDay, pricePerThousand, currency, packageValidity, dailyCap, dayZone, idempotencyWindow);
    }

    /**
     * {@return a copy with another idempotency window}
     *
     * @param window how long a charged message id is remembered, positive and at most 366 days
     */
    public QuotaPolicy withIdempotencyWindow(Duration window) {
        return new QuotaPolicy(freePerDay, pricePerThousand, currency, packageValidity, dailyCap, zone, window);
    }
}
