package io.directmail.internal.smtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns message content into SMTP data (RFC 5321 §4.5.2) as it is written: every line ending
 * becomes CRLF (a bare CR, a bare LF and CRLF each count as one line ending, so no bare CR or LF
 * ever reaches the wire, which also keeps the client out of SMTP smuggling), a line that starts
 * with a dot gets a second dot, and {@link #finish()} ends the data with a line break if needed and
 * the terminating {@code .CRLF}.
 *
 * <p>Hands the underlying stream blocks of at most the given size (plus 2). Not thread-safe.
 */
final class DataEncoder extends OutputStream {

    private final OutputStream out;
    private final byte[] block;
    private final int blockSize;
    private int used;
    private boolean lineStart = true;
    private boolean afterCr;

    DataEncoder(OutputStream out, int blockSize) {
        this.out = out;
        this.blockSize = blockSize;
        this.block = new byte[blockSize + 2];
    }

    @Override
    public void write(int b) throws IOException {
        byte value = (byte) b;
        if (afterCr) {
            afterCr = false;
            if (value == '\n') {
                return; // CRLF: the line ending was written at the CR
            }
        }
        if (used >= blockSize) {
            drain();
        }
        if (value == '\r' || value == '\n') {
            block[used++] = '\r';
            block[used++] = '\n';
            lineStart = true;
            afterCr = value == '\r';
            return;
        }
        if (lineStart && value == '.') {
            block[used++] = '.';
        }
        block[used++] = value;
        lineStart = false;
    }

    /**
     * Copies runs of ordinary octets in bulk; line endings, a dot at the start of a line and the
     * octet after a CR go through {@link #write(int)}.
     */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            byte value = b[i];
            if (afterCr || value == '\r' || value == '\n' || (lineStart && value == '.')) {
                write(value);
                i++;
                continue;
            }
            int limit = Math.min(end, i + (blockSize - used));
            if (limit <= i) {
                drain();
                continue;
            }
            int run = i;
            while (run < limit && b[run] != '\r' && b[run] != '\n') {
                run++;
            }
            System.arraycopy(b, i, block, used, run - i);
            used += run - i;
            lineStart = false;
            i = run;
        }
    }

    /** Ends the data: a final line break when the content lacks one, then {@code .CRLF}; flushes. */
    void finish() throws IOException {
        if (!lineStart) {
            write('\n');
        }
        if (used + 3 > block.length) {
            drain();
        }
        block[used++] = '.';
        block[used++] = '\r';
        block[used++] = '\n';
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(block, 0, used);
            used = 0;
        }
    }
}
