package io.directmail.internal.compose;

/**
 * Folds a header value (RFC 5322 §2.2.3): a CRLF is inserted before a space or tab wherever the
 * line would otherwise pass 78 characters. A value without spaces cannot be folded; callers keep
 * such runs short (see {@link EncodedWords}). No line is left holding only white space.
 */
final class HeaderFolding {

    static final int MAX_LINE = 78;

    private HeaderFolding() {
    }

    /**
     * Returns the value folded.
     *
     * @param used the characters already on the first line (the header name and ": ")
     * @param value the unfolded value
     * @return the value with CRLF inserted before white space where needed
     */
    static String fold(int used, String value) {
        int length = value.length();
        if (used + length <= MAX_LINE) {
            return value;
        }
        StringBuilder out = new StringBuilder(length + length / 32 + 8);
        int lineLength = used;
        int i = 0;
        while (i < length) {
            int start = i;
            while (i < length && isSpace(value.charAt(i))) {
                i++;
            }
            boolean leadingSpace = i > start;
            while (i < length && !isSpace(value.charAt(i))) {
                i++;
            }
            boolean hasText = i > start && !isSpace(value.charAt(i - 1));
            int wordLength = i - start;
            if (leadingSpace && hasText && lineLength + wordLength > MAX_LINE && lineLength > 1) {
                out.append("\r\n");
                lineLength = 0;
            }
            out.append(value, start, i);
            lineLength += wordLength;
        }
        return out.toString();
    }

    /** Returns the length of the longest run of characters without a space or tab. */
    static int longestRun(String value) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            run = isSpace(value.charAt(i)) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
