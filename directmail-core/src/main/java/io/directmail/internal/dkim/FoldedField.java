package io.directmail.internal.dkim;

/**
 * Writes a header field whose value is a list of tokens, folding it with CRLF + space so that
 * lines stay within 78 characters (RFC 5322 §2.1.1) wherever a single token allows.
 */
final class FoldedField {
    static final int MAX_LINE = 78;
    private static final String FOLD = "\r\n ";

    private final StringBuilder text = new StringBuilder(512);
    private int lineLength;

    FoldedField(String name) {
        text.append(name).append(':');
        lineLength = text.length();
    }

    /** Appends a space and {@code token}, or a fold and {@code token} if the line would be too long. */
    FoldedField token(String token) {
        if (lineLength + 1 + token.length() > MAX_LINE) {
            fold();
        } else {
            text.append(' ');
            lineLength++;
        }
        return append(token);
    }

    /** Appends {@code piece} right after what is there, or after a fold if the line would be too long. */
    FoldedField joined(String piece) {
        if (lineLength + piece.length() > MAX_LINE) {
            fold();
        }
        return append(piece);
    }

    /** Appends {@code chars} right after what is there, folding between any two of them. */
    FoldedField breakable(String chars) {
        int i = 0;
        while (i < chars.length()) {
            int room = MAX_LINE - lineLength;
            if (room <= 0) {
                fold();
                continue;
            }
            int n = Math.min(room, chars.length() - i);
            text.append(chars, i, i + n);
            lineLength += n;
            i += n;
        }
        return this;
    }

    private FoldedField append(String s) {
        text.append(s);
        lineLength += s.length();
        return this;
    }

    private void fold() {
        text.append(FOLD);
        lineLength = FOLD.length() - 2;
    }

    /** Returns the field so far, without a final CRLF. */
    @Override
    public String toString() {
        return text.toString();
    }
}
