package io.directmail.internal.smtp;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1), reduced to the
 * ones this client uses.
 *
 * @param size the SIZE limit in octets (RFC 1870), empty when not announced; 0 means "no fixed limit"
 * @param eightBitMime 8BITMIME (RFC 6152)
 * @param smtpUtf8 SMTPUTF8 (RFC 6531)
 * @param pipelining PIPELINING (RFC 2920)
 * @param startTls STARTTLS (RFC 3207)
 * @param enhancedStatusCodes ENHANCEDSTATUSCODES (RFC 2034)
 * @param authMechanisms the SASL mechanisms after AUTH, upper case (RFC 4954)
 */
public record Extensions(OptionalLong size, boolean eightBitMime, boolean smtpUtf8, boolean pipelining,
        boolean startTls, boolean enhancedStatusCodes, Set<String> authMechanisms) {

    /** What a server that answered HELO (or nothing yet) supports: nothing. */
    public static final Extensions NONE = new Extensions(OptionalLong.empty(), false, false, false, false, false, Set.of());

    /** Copies the mechanisms. */
    public Extensions {
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /**
     * Parses the lines of an EHLO reply; the first line is the server's greeting and is skipped.
     * Unknown keywords and malformed parameters are ignored.
     */
    public static Extensions parse(List<String> ehloLines) {
        OptionalLong size = OptionalLong.empty();
        boolean eightBit = false;
        boolean utf8 = false;
        boolean pipelining = false;
        boolean startTls = false;
        boolean enhanced = false;
        Set<String> auth = new TreeSet<>();
        for (String line : ehloLines.subList(Math.min(1, ehloLines.size()), ehloLines.size())) {
            String[] words = line.strip().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "SIZE" -> size = parseSize(words, size);
                case "8BITMIME" -> eightBit = true;
                case "SMTPUTF8" -> utf8 = true;
                case "PIPELINING" -> pipelining = true;
                case "STARTTLS" -> startTls = true;
                case "ENHANCEDSTATUSCODES" -> enhanced = true;
                case "AUTH" -> {
                    for (int i = 1; i < words.length; i++) {
                        auth.add(words[i].toUpperCase(Locale.ROOT));
                    }
                }
                default -> {
                    // an extension this client does not use
                }
            }
        }
        return new Extensions(size, eightBit, utf8, pipelining, startTls, enhanced, auth);
    }

    private static OptionalLong parseSize(String[] words, OptionalLong previous) {
        if (words.length < 2) {
            return OptionalLong.of(0);
        }
        try {
            long value = Long.parseLong(words[1]);
            return value >= 0 ? OptionalLong.of(value) : previous;
        } catch (NumberFormatException e) {
            return previous;
        }
    }
}
