package io.directmail.internal.compose;

import java.nio.charset.StandardCharsets;

/**
 * Appends a file name parameter ({@code name} or {@code filename}) to a Content-Type or
 * Content-Disposition value. A printable-ASCII name is written as a token or quoted string; any
 * other name is written in RFC 2231 form, {@code filename*=UTF-8''Rechnung%20f%C3%BCr.pdf}, split
 * into numbered continuations ({@code filename*0*=...; filename*1*=...}) on folded lines of
 * fewer than 78 characters, so no header line comes near the 998-octet limit whatever the
 * name's length. Characters are never split across continuations.
 */
final class FileNameParameter {

    private static final int MAX_LINE = 76;
    private static final int MAX_SEGMENT = 60;
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNameParameter() {
    }

    /**
     * Returns {@code value} followed by {@code ; name=fileName}, encoded and folded.
     *
     * @param used the characters already on the first line before {@code value} (the header name and ": ")
     * @param value the header value so far, e.g. {@code application/pdf}
     * @param name the parameter name
     * @param fileName the file name, any Unicode text without control characters
     * @return the header value with the parameter
     */
    static String append(int used, String value, String name, String fileName) {
        StringBuilder out = new StringBuilder(value.length() + fileName.length() * 3 + 32).append(value);
        if (isPrintableAscii(fileName)) {
            String parameter = name + "=" + (isToken(fileName) ? fileName : quoted(fileName));
            separate(out, used, parameter.length());
            return out.append(parameter).toString();
        }
        StringBuilder segment = new StringBuilder(MAX_SEGMENT + 12).append("UTF-8''");
        StringBuilder continuations = new StringBuilder();
        int index = 0;
        for (int i = 0; i < fileName.length(); ) {
            int codePoint = fileName.codePointAt(i);
            String encoded = percentEncoded(codePoint);
            if (segment.length() + encoded.length() > MAX_SEGMENT) {
                continuations.append(";\r\n\t").append(name).append('*').append(index++).append("*=").append(segment);
                segment.setLength(0);
            }
            segment.append(encoded);
            i += Character.charCount(codePoint);
        }
        if (index == 0) {
            String parameter = name + "*=" + segment;
            separate(out, used, parameter.length());
            return out.append(parameter).toString();
        }
        continuations.append(";\r\n\t").append(name).append('*').append(index).append("*=").append(segment);
        return out.append(continuations).toString();
    }

    private static void separate(StringBuilder out, int used, int parameterLength) {
        int lineStart = out.lastIndexOf("\n");
        int lineLength = lineStart < 0 ? used + out.length() : out.length() - lineStart;
        out.append(lineLength + 2 + parameterLength <= MAX_LINE ? "; " : ";\r\n\t");
    }

    private static String percentEncoded(int codePoint) {
        if (codePoint < 0x80 && (Character.isLetterOrDigit(codePoint) || ATTR_CHARS.indexOf(codePoint) >= 0)) {
            return String.valueOf((char) codePoint);
        }
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c > 0x7e || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
