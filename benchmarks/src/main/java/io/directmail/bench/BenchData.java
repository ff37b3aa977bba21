package io.directmail.bench;

import io.directmail.Mail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Message bodies and mails of a chosen size, the same in every benchmark and in the load driver. */
final class BenchData {

    private static final String WORDS = "the quick brown fox jumps over the lazy dog while the shop ships "
            + "your order and sends a receipt with tracking number and delivery window ";
    private static final int LINE = 72;

    private BenchData() {
    }

    /**
     * Returns printable ASCII text of exactly {@code bytes} octets in lines of at most 72
     * characters, each ending in CRLF, so that the composer sends it as 7bit, unchanged: the
     * message body on the wire has exactly this size. No line starts with a dot.
     */
    static String body(int bytes) {
        if (bytes < 2) {
            throw new IllegalArgumentException("a body needs at least 2 bytes (one CRLF), was " + bytes);
        }
        StringBuilder out = new StringBuilder(bytes);
        int word = 0;
        while (out.length() < bytes) {
            int room = bytes - out.length() - 2;   // what is left for this line's text
            int length = Math.min(LINE, room);
            for (int i = 0; i < length; i++) {
                out.append(WORDS.charAt(word++ % WORDS.length()));
            }
            if (length > 0 && out.charAt(out.length() - length) == '.') {
                out.setCharAt(out.length() - length, 'x');
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** Returns HTML markup of about {@code bytes} octets: paragraphs of {@link #body} text. */
    static String html(int bytes) {
        String head = "<!doctype html><html><body>\r\n";
        String tail = "</body></html>\r\n";
        int inner = Math.max(2, bytes - head.length() - tail.length());
        StringBuilder out = new StringBuilder(bytes + 64).append(head);
        for (String line : body(inner).split("\r\n")) {
            out.append("<p>").append(line, 0, Math.max(0, line.length() - 7)).append("</p>\r\n");
        }
        return out.append(tail).toString();
    }

    /** A typical transactional mail: text and HTML alternatives of about {@code bytes} octets together. */
    static Mail textAndHtml(String from, String to, int bytes) {
        return Mail.newBuilder()
                .from(from, "Example Shop")
                .addTo(to)
                .subject("Your order 12345 has shipped")
                .text(body(Math.max(2, bytes / 2)))
                .html(html(Math.max(64, bytes / 2)))
                .build();
    }

    /** A text-only mail whose body is exactly {@code bytes} octets, like smtp-source's {@code -l}. */
    static Mail plain(String from, String to, int bytes, String subject) {
        return Mail.newBuilder()
                .from(from)
                .addTo(to)
                .subject(subject)
                .text(body(bytes))
                .build();
    }

    /** Deletes a directory and everything under it, deepest first; a failure stops it. */
    static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
