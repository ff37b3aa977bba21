package io.directmail.internal.store;

import java.util.Comparator;

/**
 * The order in which every built-in store lists keyed records: by Unicode code point, which is
 * also the order of the keys' UTF-8 octets and PostgreSQL's order under the {@code "C"}
 * collation. {@link String#compareTo} differs from it for keys that mix supplementary characters
 * (stored as surrogate pairs) with characters from U+E000 to U+FFFF. Stateless.
 */
public final class KeyOrder {

    /** Compares keys by code point; keys hold no unpaired surrogates. */
    public static final Comparator<String> CODE_POINTS = KeyOrder::compare;

    private KeyOrder() {}

    /**
     * Compares two strings by code point.
     *
     * @param a a string without unpaired surrogates
     * @param b another
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int compare(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * Moves surrogates above every other UTF-16 unit: a surrogate pair stands for a code point
     * above U+FFFF, so it sorts after U+E000 to U+FFFF. Where two strings first differ both
     * units are lead surrogates, both trail surrogates, or neither is a surrogate, so the ranks
     * decide correctly.
     */
    private static int rank(char c) {
        if (c >= 0xE000) {
            return c - 0x800;
        }
        if (c >= 0xD800) {
            return c + 0x2000;
        }
        return c;
    }

    /**
     * Returns the first string, in this order, after every string that starts with a prefix: the
     * prefix with its last code point raised by one, dropping trailing U+10FFFF code points
     * first. Every key that starts with {@code prefix} is at least {@code prefix} and below the
     * result, and every other key is outside that range, whatever characters the prefix holds.
     *
     * @param prefix a prefix without unpaired surrogates
     * @return the exclusive upper bound of the keys that start with it, or null if there is none
     *     (the prefix is empty or only U+10FFFF code points)
     */
    public static String prefixEnd(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int next = codePoints[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                return new String(codePoints, 0, i) + Character.toString(next);
            }
        }
        return null;
    }
}
