package io.directmail.internal.dkim;

import static io.directmail.internal.dkim.HeaderSection.CR;
import static io.directmail.internal.dkim.HeaderSection.LF;
import static io.directmail.internal.dkim.HeaderSection.isWsp;

import java.security.MessageDigest;

/** The "relaxed" header and body canonicalization algorithms of RFC 6376 §3.4.2 and §3.4.4. */
final class RelaxedCanonicalization {
    private static final byte[] CRLF = {CR, LF};
    private static final byte[] SP = {' '};

    private RelaxedCanonicalization() {
    }

    /**
     * Writes the relaxed form of one header field, without a trailing CRLF: the name in lower
     * case, a colon, and the value unfolded, with each run of spaces and tabs turned into one space
     * and none at either end.
     *
     * @param src the bytes holding the field
     * @param start the offset of the field name
     * @param nameEnd the offset just after the name (before any whitespace and the colon)
     * @param colon the offset of the colon
     * @param end the offset just after the field (after its CRLF, if it has one)
     * @param out where to write; it must have room for {@code end - start} bytes
     * @param outPos the offset in {@code out} to write at
     * @return the offset in {@code out} just after what was written
     */
    static int header(byte[] src, int start, int nameEnd, int colon, int end, byte[] out, int outPos) {
        int o = outPos;
        for (int i = start; i < nameEnd; i++) {
            byte b = src[i];
            out[o++] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
        out[o++] = ':';
        boolean seenText = false;
        boolean pendingSpace = false;
        for (int i = colon + 1; i < end; i++) {
            byte b = src[i];
            if (b == CR || b == LF) {
                continue;
            }
            if (isWsp(b)) {
                pendingSpace = seenText;
            } else {
                if (pendingSpace) {
                    out[o++] = ' ';
                    pendingSpace = false;
                }
                out[o++] = b;
                seenText = true;
            }
        }
        return o;
    }

    /**
     * Feeds the relaxed form of a body to {@code digest} in one pass, without copying the body:
     * whitespace at line ends removed, other runs of spaces and tabs turned into one space, empty
     * lines at the end removed, and a final CRLF added to a non-empty body that lacks one. An
     * empty body stays empty.
     *
     * @param src the bytes holding the body
     * @param from the offset of the first body byte
     * @param to the offset just after the body
     * @param digest the digest to update
     * @throws IllegalArgumentException if the body has a CR or LF that is not part of a CRLF
     */
    static void body(byte[] src, int from, int to, MessageDigest digest) {
        DigestFeed feed = new DigestFeed(src, digest);
        int emptyLines = 0;
        int emptyStart = 0;
        boolean emptyLinesBare = true;
        int pos = from;
        while (pos < to) {
            int lineStart = pos;
            int eol = lineStart;
            while (eol < to && src[eol] != CR && src[eol] != LF) {
                eol++;
            }
            boolean terminated = eol < to;
            if (terminated && (src[eol] == LF || eol + 1 >= to || src[eol + 1] != LF)) {
                throw HeaderSection.bareLineBreak(src[eol], eol);
            }
            pos = terminated ? eol + 2 : to;
            int end = eol;
            while (end > lineStart && isWsp(src[end - 1])) {
                end--;
            }
            if (end == lineStart) {
                if (terminated) {
                    if (emptyLines == 0) {
                        emptyStart = lineStart;
                        emptyLinesBare = true;
                    }
                    emptyLinesBare &= eol == lineStart;
                    emptyLines++;
                }
                continue;
            }
            if (emptyLines > 0) {
                if (emptyLinesBare) {
                    feed.source(emptyStart, lineStart);
                } else {
                    for (int i = 0; i < emptyLines; i++) {
                        feed.constant(CRLF);
                    }
                }
                emptyLines = 0;
            }
            int segment = lineStart;
            int i = lineStart;
            while (i < end) {
                if (!isWsp(src[i])) {
                    i++;
                    continue;
                }
                int runEnd = i + 1;
                while (isWsp(src[runEnd])) {
                    runEnd++;
                }
                if (runEnd - i > 1 || src[i] != ' ') {
                    feed.source(segment, i);
                    feed.constant(SP);
                    segment = runEnd;
                }
                i = runEnd;
            }
            if (terminated && end == eol) {
                feed.source(segment, eol + 2);
            } else {
                feed.source(segment, end);
                feed.constant(CRLF);
            }
        }
        feed.flush();
    }

    /** Feeds a digest, joining adjacent ranges of the source into one update. */
    private static final class DigestFeed {
        private final byte[] src;
        private final MessageDigest digest;
        private int start;
        private int end;

        DigestFeed(byte[] src, MessageDigest digest) {
            this.src = src;
            this.digest = digest;
        }

        void source(int from, int to) {
            if (from == to) {
                return;
            }
            if (from != end || start == end) {
                flush();
                start = from;
            }
            end = to;
        }

        void constant(byte[] bytes) {
            flush();
            digest.update(bytes);
        }

        void flush() {
            if (end > start) {
                digest.update(src, start, end - start);
            }
            start = 0;
            end = 0;
        }
    }
}
