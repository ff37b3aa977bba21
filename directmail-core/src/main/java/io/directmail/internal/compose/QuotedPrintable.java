package io.directmail.internal.compose;

/**
 * The quoted-printable transfer encoding of RFC 2045 §6.7 for canonical text (CRLF line
 * endings): printable ASCII except {@code =} stays as it is, a space or tab stays unless a line
 * break or the end follows it, every other octet becomes {@code =XX}, CRLF stays a line break,
 * and soft line breaks ({@code =} CRLF) keep every encoded line at 76 characters or fewer.
 */
final class QuotedPrintable {

    private static final int MAX_LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private QuotedPrintable() {
    }

    static void encode(byte[] in, MessageBuffer out) {
        int length = in.length;
        // Worst case: every octet as =XX, and a soft line break (3 octets) at least every 20 octets.
        byte[] encoded = new byte[length * 3 + (length / 20 + 2) * 3];
        int n = 0;
        int lineLength = 0;
        for (int i = 0; i < length; i++) {
            int b = in[i] & 0xff;
            boolean breakFollows = i + 2 < length && in[i + 1] == '\r' && in[i + 2] == '\n';
            if (b == '\r' && i + 1 < length && in[i + 1] == '\n') {
                encoded[n++] = '\r';
                encoded[n++] = '\n';
                lineLength = 0;
                i++;
                continue;
            }
            boolean literal = b == ' ' || b == '\t' ? i + 1 < length && !breakFollows : b > 32 && b < 127 && b != '=';
            int width = literal ? 1 : 3;
            // Leave room for the '=' of a soft line break unless a hard break or the end follows.
            boolean lastOnLine = i + 1 == length || breakFollows;
            if (lineLength + width > (lastOnLine ? MAX_LINE : MAX_LINE - 1)) {
                encoded[n++] = '=';
                encoded[n++] = '\r';
                encoded[n++] = '\n';
                lineLength = 0;
            }
            if (literal) {
                encoded[n++] = (byte) b;
            } else {
                encoded[n++] = '=';
                encoded[n++] = HEX[b >> 4];
                encoded[n++] = HEX[b & 0xf];
            }
            lineLength += width;
        }
        out.write(encoded, 0, n);
    }
}
