package io.directmail.quota;

import java.math.BigDecimal;

/** The one way amounts are kept, so that equal amounts are equal records. */
final class Money {

    private Money() {
    }

    /** Returns the amount without trailing zeros and with at least scale 0: {@code 2.50} becomes {@code 2.5}, {@code 100} stays {@code 100}. */
    static BigDecimal normalized(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
