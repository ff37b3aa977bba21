package io.directmail.internal.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;

/**
 * Makes globally unique Message-IDs on the sending domain (RFC 5322 §3.6.4): 80 random bits and
 * the time in milliseconds, base-32, {@code @domain}. Thread-safe.
 */
final class MessageIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    MessageIds(Clock clock) {
        this.clock = clock;
    }

    /** Returns a new id, without angle brackets, such as {@code 0lq3k2ab.x7d...@example.com}. */
    String next(String domain) {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        StringBuilder id = new StringBuilder(40);
        appendBase32(id, clock.millis());
        id.append('.');
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (bytes[i] & 0xff);
        }
        appendFixed(id, high);
        appendFixed(id, low);
        return id.append('@').append(domain.toLowerCase(Locale.ROOT)).toString();
    }

    private static void appendBase32(StringBuilder out, long value) {
        int start = out.length();
        do {
            out.insert(start, ALPHABET[(int) (value & 31)]);
            value >>>= 5;
        } while (value != 0);
    }

    private static void appendFixed(StringBuilder out, long fortyBits) {
        for (int shift = 35; shift >= 0; shift -= 5) {
            out.append(ALPHABET[(int) ((fortyBits >>> shift) & 31)]);
        }
    }
}
