package io.directmail.internal.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The header fields of a message in wire form, found in one pass: where each field starts, where
 * its name ends, where its colon is and where it ends (after its CRLF), and where the body starts.
 * Folded fields (continuation lines starting with a space or tab) count as one field.
 */
final class HeaderSection {
    static final byte CR = '\r';
    static final byte LF = '\n';

    private final byte[] message;
    private int count;
    private int[] starts = new int[32];
    private int[] nameEnds = new int[32];
    private int[] colons = new int[32];
    private int[] ends = new int[32];
    private String[] lowerNames = new String[32];
    private int bodyStart;

    private HeaderSection(byte[] message) {
        this.message = message;
    }

    /**
     * Finds the header fields of {@code message}. The header section ends at the first empty line;
     * a message without one has an empty body.
     *
     * @throws IllegalArgumentException if the header section has a bare CR or LF, a line without a
     *     colon, an empty or non-printable field name, or starts with a continuation line
     */
    static HeaderSection parse(byte[] message) {
        HeaderSection section = new HeaderSection(message);
        section.scan();
        return section;
    }

    private void scan() {
        int length = message.length;
        int pos = 0;
        while (pos < length) {
            byte first = message[pos];
            if (first == CR && pos + 1 < length && message[pos + 1] == LF) {
                bodyStart = pos + 2;
                return;
            }
            if (isWsp(first)) {
                throw new IllegalArgumentException("message starts with a continuation line at offset " + pos);
            }
            int colon = -1;
            int end = length;
            for (int i = pos; i < length; i++) {
                byte b = message[i];
                if (b == ':' && colon < 0) {
                    colon = i;
                } else if (b == CR || b == LF) {
                    if (b == LF || i + 1 >= length || message[i + 1] != LF) {
                        throw bareLineBreak(b, i);
                    }
                    if (i + 2 < length && isWsp(message[i + 2])) {
                        i += 2;
                        continue;
                    }
                    end = i + 2;
                    break;
                }
            }
            add(pos, colon, end);
            pos = end;
        }
        bodyStart = length;
    }

    private void add(int start, int colon, int end) {
        if (colon < 0) {
            throw new IllegalArgumentException("header line without ':' at offset " + start);
        }
        int nameEnd = colon;
        while (nameEnd > start && isWsp(message[nameEnd - 1])) {
            nameEnd--;
        }
        if (nameEnd == start) {
            throw new IllegalArgumentException("header field without a name at offset " + start);
        }
        for (int i = start; i < nameEnd; i++) {
            if (message[i] < 33 || message[i] > 126) {
                throw new IllegalArgumentException("header field name with character 0x"
                        + Integer.toHexString(message[i] & 0xff) + " at offset " + i);
            }
        }
        if (count == starts.length) {
            int capacity = count * 2;
            starts = Arrays.copyOf(starts, capacity);
            nameEnds = Arrays.copyOf(nameEnds, capacity);
            colons = Arrays.copyOf(colons, capacity);
            ends = Arrays.copyOf(ends, capacity);
            lowerNames = Arrays.copyOf(lowerNames, capacity);
        }
        starts[count] = start;
        nameEnds[count] = nameEnd;
        colons[count] = colon;
        ends[count] = end;
        lowerNames[count] = new String(message, start, nameEnd - start, StandardCharsets.US_ASCII)
                .toLowerCase(Locale.ROOT);
        count++;
    }

    static IllegalArgumentException bareLineBreak(byte b, int offset) {
        return new IllegalArgumentException("message has a bare " + (b == CR ? "CR" : "LF") + " at offset "
                + offset + "; lines must end in CRLF");
    }

    static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Returns the number of header fields. */
    int count() {
        return count;
    }

    /** Returns the name of field {@code index} in lower case. */
    String lowerName(int index) {
        return lowerNames[index];
    }

    int start(int index) {
        return starts[index];
    }

    int nameEnd(int index) {
        return nameEnds[index];
    }

    int colon(int index) {
        return colons[index];
    }

    /** Returns the offset just after field {@code index}, including its CRLF. */
    int end(int index) {
        return ends[index];
    }

    /** Returns the offset of the first body byte, or the message length if there is no body. */
    int bodyStart() {
        return bodyStart;
    }
}
