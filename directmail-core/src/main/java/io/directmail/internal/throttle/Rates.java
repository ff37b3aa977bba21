package io.directmail.internal.throttle;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How a rate appears in details and logs: at most three decimals, no trailing zeros ({@code 12.5}, {@code 50}). */
final class Rates {

    private Rates() {
    }

    static String format(double perSecond) {
        return BigDecimal.valueOf(perSecond).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
