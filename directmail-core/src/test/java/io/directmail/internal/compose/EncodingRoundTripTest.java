package io.directmail.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written encoders, checked against jakarta.mail's decoders on many generated inputs
 * (a fixed seed, so every run checks the same cases).
 */
class EncodingRoundTripTest {

    private static final String ALPHABET = "aZ09 \t=.?_-!\"\\<>,;:ü€中😀";

    private static String randomText(Random random, int maxLength, boolean lineBreaks) {
        int length = random.nextInt(maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(ALPHABET.length() + (lineBreaks ? 3 : 0));
            if (pick >= ALPHABET.length()) {
                text.append("\r\n");
            } else if (Character.isHighSurrogate(ALPHABET.charAt(pick))) {
                text.append(ALPHABET, pick, pick + 2);
            } else if (Character.isLowSurrogate(ALPHABET.charAt(pick))) {
                text.append('x');
            } else {
                text.append(ALPHABET.charAt(pick));
            }
        }
        return text.toString();
    }

    @Test
    void quotedPrintable_decodesBackToTheSameOctetsWithShortLines() throws Exception {
        Random random = new Random(20261126);
        for (int round = 0; round < 150; round++) {
            String text = randomText(random, 400, true);
            byte[] octets = text.getBytes(StandardCharsets.UTF_8);
            MessageBuffer out = new MessageBuffer(16);
            QuotedPrintable.encode(octets, out);
            String encoded = out.toString(StandardCharsets.US_ASCII);

            for (String line : encoded.split("\r\n", -1)) {
                assertThat(line.length()).as("line of %s", encoded).isLessThanOrEqualTo(76);
                assertThat(line).as("no trailing white space in %s", encoded).doesNotEndWith(" ").doesNotEndWith("\t");
            }
            try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(out.toByteArray()), "quoted-printable")) {
                assertThat(in.readAllBytes()).as("round trip of %s", encoded).isEqualTo(octets);
            }
        }
    }

    @Test
    void encodedWords_decodeBackAndStayWithin75Characters() throws Exception {
        Random random = new Random(7);
        Pattern word = Pattern.compile("=\\?UTF-8\\?[QB]\\?[^?]*\\?=");
        for (int round = 0; round < 100; round++) {
            String text = randomText(random, 300, false).replace('\t', ' ');
            int room = random.nextInt(70);
            String encoded = EncodedWords.of(text, room);

            Matcher matcher = word.matcher(encoded);
            int words = 0;
            while (matcher.find()) {
                assertThat(matcher.group().length()).isLessThanOrEqualTo(75);
                if (words++ == 0 && room >= 20) {
                    assertThat(matcher.group().length()).isLessThanOrEqualTo(room);
                }
            }
            assertThat(encoded.replaceAll(word.pattern(), "").replace(" ", "")).as(encoded).isEmpty();
            assertThat(MimeUtility.decodeText(encoded)).as(encoded).isEqualTo(text);
        }
    }

    @Test
    void headerFolding_unfoldsToTheSameValueAndKeepsLinesShortWhereItCan() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            StringBuilder value = new StringBuilder();
            int words = random.nextInt(60);
            for (int i = 0; i < words; i++) {
                value.append(i == 0 ? "" : " ".repeat(1 + random.nextInt(2))).append("w".repeat(1 + random.nextInt(30)));
            }
            String folded = HeaderFolding.fold(10, value.toString());

            assertThat(folded.replace("\r\n", "")).isEqualTo(value.toString());
            String[] lines = folded.split("\r\n");
            for (int i = 0; i < lines.length; i++) {
                assertThat(lines[i].length() + (i == 0 ? 10 : 0)).as(folded).isLessThanOrEqualTo(78);
                if (i > 0) {
                    assertThat(lines[i]).startsWith(" ").isNotBlank();
                }
            }
        }
    }

    @Test
    void fileNameParameter_isDecodedBackByJakartaMail() throws Exception {
        Random random = new Random(99);
        for (int round = 0; round < 200; round++) {
            String name = randomText(random, 255, false).replace('\t', ' ');
            if (name.isBlank()) {
                continue;
            }
            String value = FileNameParameter.append("Content-Disposition: ".length(), "attachment", "filename", name);

            for (String line : value.split("\r\n")) {
                assertThat(line.length()).as(value).isLessThanOrEqualTo(78);
            }
            assertThat(new jakarta.mail.internet.ContentDisposition(value).getParameter("filename")).as(value).isEqualTo(name);
        }
    }
}
