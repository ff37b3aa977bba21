package io.directmail.internal.compose;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes text as RFC 2047 encoded words in UTF-8, each at most 75 characters and separated by
 * spaces so the header can be folded between them. The "Q" encoding (readable, and safe in a
 * phrase: only letters, digits and {@code !*+-/} stay as they are) is used unless "B" (base64)
 * is shorter, as it is for Chinese or Russian text. The first word can be made shorter so that
 * it fits on the header's first line. A character's octets are never split across words, as
 * RFC 2047 §5 requires.
 */
final class EncodedWords {

    private static final int MAX_WORD = 75;
    private static final String Q_PREFIX = "=?UTF-8?Q?";
    private static final String B_PREFIX = "=?UTF-8?B?";
    private static final String SUFFIX = "?=";
    /** 45 octets become 60 base64 characters: with prefix and suffix, 72. */
    private static final int MAX_B_OCTETS = 45;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EncodedWords() {
    }

    /** Returns true when the text has characters that a header cannot carry as they are (outside printable ASCII and TAB). */
    static boolean needed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the whole text as encoded words separated by single spaces.
     *
     * @param text the text
     * @param firstLineRoom the characters left on the first line for the first word; the first
     *     word is kept within it when that leaves room for some content (at least 20 characters)
     * @return the encoded words
     */
    static String of(String text, int firstLineRoom) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int qLength = 0;
        for (byte b : utf8) {
            qLength += b >= 0 && (Character.isLetterOrDigit(b) || b == ' ' || "!*+-/".indexOf(b) >= 0) ? 1 : 3;
        }
        int bLength = (utf8.length + 2) / 3 * 4;
        int firstWord = firstLineRoom >= 20 ? Math.min(MAX_WORD, firstLineRoom) : MAX_WORD;
        return bLength < qLength ? bEncoded(text, firstWord) : qEncoded(text, firstWord);
    }

    private static String qEncoded(String text, int firstWord) {
        StringBuilder out = new StringBuilder(text.length() * 2 + 16);
        StringBuilder word = new StringBuilder(MAX_WORD);
        int limit = firstWord;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String encoded = qEncoded(codePoint);
            if (!word.isEmpty() && Q_PREFIX.length() + word.length() + encoded.length() + SUFFIX.length() > limit) {
                appendWord(out, Q_PREFIX, word);
                word.setLength(0);
                limit = MAX_WORD;
            }
            word.append(encoded);
            i += Character.charCount(codePoint);
        }
        appendWord(out, Q_PREFIX, word);
        return out.toString();
    }

    private static String bEncoded(String text, int firstWord) {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder out = new StringBuilder(text.length() * 3 + 16);
        StringBuilder chunk = new StringBuilder(MAX_B_OCTETS);
        int chunkOctets = 0;
        int limit = (firstWord - B_PREFIX.length() - SUFFIX.length()) / 4 * 3;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int octets = utf8Length(codePoint);
            if (chunkOctets > 0 && chunkOctets + octets > limit) {
                appendWord(out, B_PREFIX, base64.encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)));
                chunk.setLength(0);
                chunkOctets = 0;
                limit = MAX_B_OCTETS;
            }
            chunk.appendCodePoint(codePoint);
            chunkOctets += octets;
            i += Character.charCount(codePoint);
        }
        appendWord(out, B_PREFIX, base64.encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static void appendWord(StringBuilder out, String prefix, CharSequence word) {
        if (!out.isEmpty()) {
            out.append(' ');
        }
        out.append(prefix).append(word).append(SUFFIX);
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** RFC 2047 §5 (3): letters, digits and {@code !*+-/} as they are, space as '_', the rest as =XX. */
    private static String qEncoded(int codePoint) {
        if (codePoint == ' ') {
            return "_";
        }
        if (codePoint < 0x80 && (Character.isLetterOrDigit(codePoint) || "!*+-/".indexOf(codePoint) >= 0)) {
            return String.valueOf((char) codePoint);
        }
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            out.append('=').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }
}
