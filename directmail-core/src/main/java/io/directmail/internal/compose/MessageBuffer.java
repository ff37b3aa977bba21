package io.directmail.internal.compose;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The growing output of one composition: a byte buffer with shortcuts for header lines. Not
 * thread-safe; one per {@link MimeComposer#compose} call.
 */
final class MessageBuffer extends ByteArrayOutputStream {

    MessageBuffer(int size) {
        super(size);
    }

    /** Writes {@code name: value} and CRLF; the value is already encoded and folded. */
    void header(String name, String value) {
        text(name);
        write(':');
        write(' ');
        text(value);
        crlf();
    }

    /** Writes text as UTF-8 (which is ASCII for everything but SMTPUTF8 address headers). */
    void text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    void crlf() {
        write('\r');
        write('\n');
    }

    /** Writes bytes that the caller keeps ownership of. */
    void bytes(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    boolean endsWithCrlf() {
        return count >= 2 && buf[count - 2] == '\r' && buf[count - 1] == '\n';
    }

    boolean hasEightBitOctet() {
        for (int i = 0; i < count; i++) {
            if (buf[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
