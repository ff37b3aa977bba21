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
        new BodyFeed(src, digest).lines(from, to);
    }

    /**
     * The state of one pass over a body. Bytes other than space, tab, CR and LF are "content";
     * runs of content go to the digest as ranges of the source, and only irregular whitespace (a
     * tab, or more than one space, before more content) and line ends without their own CRLF
     * break a range.
     */
    private static final class BodyFeed {
        private final byte[] src;
        private final DigestFeed feed;
        private int emptyLines;
        private int emptyStart;
        private boolean emptyLinesBare;

        BodyFeed(byte[] src, MessageDigest digest) {
            this.src = src;
            this.feed = new DigestFeed(src, digest);
        }

        void lines(int from, int to) {
            int pos = from;
            while (pos < to) {
                pos = line(pos, to);
            }
            feed.flush();
        }

        /** Feeds the line starting at {@code lineStart} and returns where the next one starts. */
        private int line(int lineStart, int to) {
            int segment = lineStart;
            int contentEnd = lineStart;
            int i = lineStart;
            while (i < to) {
                byte b = src[i];
                if (b > ' ' || b < 0) {
                    if (contentEnd == lineStart) {
                        feedEmptyLines(lineStart);
                    }
                    do {
                        i++;
                    } while (i < to && (src[i] > ' ' || src[i] < 0));
                    contentEnd = i;
                } else if (isWsp(b)) {
                    int run = i;
                    do {
                        i++;
                    } while (i < to && isWsp(src[i]));
                    boolean beforeContent = i < to && src[i] != CR && src[i] != LF;
                    if (beforeContent && (i - run > 1 || b != ' ')) {
                        if (contentEnd == lineStart) {
                            feedEmptyLines(lineStart);
                        }
                        feed.source(segment, run);
                        feed.constant(SP);
                        segment = i;
                    }
                } else if (b == CR && i + 1 < to && src[i + 1] == LF) {
                    endLine(lineStart, segment, contentEnd, i, true);
                    return i + 2;
                } else if (b == CR || b == LF) {
                    throw HeaderSection.bareLineBreak(b, i);
                } else {
                    if (contentEnd == lineStart) {
                        feedEmptyLines(lineStart);
                    }
                    contentEnd = ++i;
                }
            }
            endLine(lineStart, segment, contentEnd, to, false);
            return to;
        }

        private void endLine(int lineStart, int segment, int contentEnd, int eol, boolean terminated) {
            if (contentEnd == lineStart) {
                if (terminated) {
                    if (emptyLines == 0) {
                        emptyStart = lineStart;
                        emptyLinesBare = true;
                    }
                    emptyLinesBare &= eol == lineStart;
                    emptyLines++;
                }
            } else if (terminated && contentEnd == eol) {
                feed.source(segment, eol + 2);
            } else {
                feed.source(segment, contentEnd);
                feed.constant(CRLF);
            }
        }

        /** Feeds the empty lines held back so far: they are not at the end of the body after all. */
        private void feedEmptyLines(int before) {
            if (emptyLines == 0) {
                return;
            }
            if (emptyLinesBare) {
                feed.source(emptyStart, before);
            } else {
                for (int i = 0; i < emptyLines; i++) {
                    feed.constant(CRLF);
                }
            }
            emptyLines = 0;
        }
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
