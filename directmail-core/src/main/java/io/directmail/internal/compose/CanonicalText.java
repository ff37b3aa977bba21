package io.directmail.internal.compose;

import java.nio.charset.StandardCharsets;

/**
 * A body text in canonical form, UTF-8 with CRLF line endings and a CRLF at the end (added when
 * the text does not end with a line break), with the transfer encoding that keeps it 7-bit and
 * its lines short:
 * <ul>
 *   <li>{@code 7bit} when it is printable ASCII (TAB allowed) with lines of at most 78 characters;
 *   <li>otherwise {@code quoted-printable} or {@code base64}, whichever is shorter: base64 once
 *       more than one octet in six is non-ASCII (for example Chinese or Russian text), since
 *       quoted-printable spends three octets on each of those.
 * </ul>
 *
 * @param bytes the UTF-8 octets with CRLF line endings
 * @param transferEncoding {@code 7bit}, {@code quoted-printable} or {@code base64}
 */
record CanonicalText(byte[] bytes, String transferEncoding) {

    private static final int MAX_7BIT_LINE = 78;

    static CanonicalText of(String text) {
        boolean bareBreaks = false;
        boolean needsEncoding = false;
        int lineLength = 0;
        int asciiOctets = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                } else {
                    bareBreaks = true;
                }
                asciiOctets += 2;
                lineLength = 0;
                continue;
            }
            if (c < 0x80) {
                asciiOctets++;
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    needsEncoding = true;
                }
            } else {
                needsEncoding = true;
            }
            if (++lineLength > MAX_7BIT_LINE) {
                needsEncoding = true;
            }
        }
        boolean endsWithBreak = length > 0 && (text.charAt(length - 1) == '\n' || text.charAt(length - 1) == '\r');
        String canonical = bareBreaks ? withCrlf(text) : text;
        if (!endsWithBreak) {
            canonical = canonical + "\r\n";
            asciiOctets += 2;
        }
        byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        if (!needsEncoding) {
            return new CanonicalText(bytes, "7bit");
        }
        int nonAsciiOctets = bytes.length - asciiOctets;
        return new CanonicalText(bytes, nonAsciiOctets * 5 > asciiOctets ? "base64" : "quoted-printable");
    }

    private static String withCrlf(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 20 + 2);
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                out.append("\r\n");
            } else if (c == '\n') {
                out.append("\r\n");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
