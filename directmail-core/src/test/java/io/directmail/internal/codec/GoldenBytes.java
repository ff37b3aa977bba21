package io.directmail.internal.codec;

import java.util.HexFormat;

/**
 * The exact bytes a codec must write for a fixed value, spelled out one field to a line: hex
 * digits, spaces for reading, and {@code #} to start a comment that names the field.
 */
final class GoldenBytes {

    private GoldenBytes() {
    }

    /** Returns the bytes of annotated hex such as {@code "01  # format version\n0000000b # length"}. */
    static byte[] parse(String annotatedHex) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotatedHex.split("\n")) {
            int comment = line.indexOf('#');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(digits);
    }

    /** Returns the bytes as lower-case hex, for failure messages. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
