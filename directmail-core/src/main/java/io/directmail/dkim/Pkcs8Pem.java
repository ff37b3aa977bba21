package io.directmail.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the PEM text form of an unencrypted PKCS#8 private key (RFC 7468 §10). */
final class Pkcs8Pem {
    private static final String LABEL = "PRIVATE KEY";
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Base64.Encoder ENCODER =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pkcs8Pem() {
    }

    /**
     * Returns the DER bytes inside the first PEM block, which must be labelled {@code PRIVATE KEY}.
     *
     * @throws InvalidDkimKeyException if the text is not such a block; the message says what the
     *     text is instead, for a PKCS#1 or encrypted key how to convert it
     */
    static byte[] decode(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidDkimKeyException("DKIM private key PEM is empty");
        }
        Matcher begin = BEGIN.matcher(pem);
        if (!begin.find()) {
            throw new InvalidDkimKeyException(
                    "DKIM private key is not PEM: expected a line '-----BEGIN PRIVATE KEY-----'");
        }
        String label = begin.group(1);
        if (!label.equals(LABEL)) {
            throw new InvalidDkimKeyException(wrongLabel(label));
        }
        String end = "-----END " + LABEL + "-----";
        int endIndex = pem.indexOf(end, begin.end());
        if (endIndex < 0) {
            throw new InvalidDkimKeyException("DKIM private key PEM has no line '" + end + "'");
        }
        String base64 = pem.substring(begin.end(), endIndex).replaceAll("[ \t\r\n]", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            if (der.length == 0) {
                throw new InvalidDkimKeyException("DKIM private key PEM block is empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new InvalidDkimKeyException(
                    "DKIM private key PEM block is not valid base64: " + e.getMessage(), e);
        }
    }

    /** Returns {@code der} as a {@code PRIVATE KEY} PEM block with 64-character lines and LF line ends. */
    static String encode(byte[] der) {
        return "-----BEGIN " + LABEL + "-----\n"
                + new String(ENCODER.encode(der), StandardCharsets.US_ASCII)
                + "\n-----END " + LABEL + "-----\n";
    }

    private static String wrongLabel(String label) {
        return switch (label) {
            case "RSA PRIVATE KEY" -> "DKIM private key is PKCS#1 ('BEGIN RSA PRIVATE KEY'); convert it to"
                    + " PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";
            case "ENCRYPTED PRIVATE KEY" -> "DKIM private key is encrypted ('BEGIN ENCRYPTED PRIVATE KEY');"
                    + " give an unencrypted PKCS#8 key: openssl pkcs8 -in key.pem -out key-plain.pem";
            case "PUBLIC KEY" -> "PEM holds a public key ('BEGIN PUBLIC KEY'); DKIM signing needs the"
                    + " private key ('BEGIN PRIVATE KEY')";
            default -> "DKIM private key PEM is labelled '" + label + "'; expected 'BEGIN " + LABEL
                    + "' (unencrypted PKCS#8, RSA or Ed25519)";
        };
    }
}
