package io.directmail.internal.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelaxedCanonicalizationTest {

    @Test
    void headers_followTheExampleOfRfc6376() {
        // RFC 6376 §3.4.5: "A: X" and "B : Y<HTAB><CRLF><HTAB>Z  " become "a:X" and "b:Y Z".
        assertThat(canonicalHeaders("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n")).isEqualTo("a:X\r\nb:Y Z\r\n");
    }

    @Test
    void headers_unfoldAndSqueezeWhitespaceButKeepTheValueCase() {
        assertThat(canonicalHeaders("SUBJECT:\t  An   Odd\t subject \r\n   folded\tonce\r\n\tand twice  \r\n\r\n"))
                .isEqualTo("subject:An Odd subject folded once and twice\r\n");
    }

    @Test
    void headers_keepAnEmptyValueEmpty() {
        assertThat(canonicalHeaders("X-Empty:   \r\n\r\n")).isEqualTo("x-empty:\r\n");
    }

    @Test
    void body_followsTheExampleOfRfc6376() {
        // RFC 6376 §3.4.5: " C <CRLF>D <HTAB> E<CRLF><CRLF><CRLF>" becomes " C<CRLF>D E<CRLF>".
        assertThat(bodyHash(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(sha256(" C\r\nD E\r\n"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "empty body stays empty                | ''                          | ''",
        "only empty lines become empty         | '\\r\\n\\r\\n \\t\\r\\n'           | ''",
        "a missing final CRLF is added         | 'abc'                       | 'abc\\r\\n'",
        "trailing whitespace-only line is gone | 'abc\\r\\n  '                 | 'abc\\r\\n'",
        "inner empty lines stay                | 'a\\r\\n\\r\\n \\r\\nb\\r\\n\\r\\n'   | 'a\\r\\n\\r\\n\\r\\nb\\r\\n'",
        "leading whitespace becomes one space  | '\\t\\t a  b\\t\\r\\n'           | ' a b\\r\\n'",
        "single spaces are kept as they are    | 'a b c\\r\\n'                 | 'a b c\\r\\n'",
        "8-bit bytes pass unchanged            | 'Grüße\\r\\n'                 | 'Grüße\\r\\n'",
        "empty lines before spaced content     | '\\r\\n \\r\\n\\t x\\r\\n'         | '\\r\\n\\r\\n x\\r\\n'",
        "control characters are content        | 'a\\u0001  \\u0002\\r\\n'          | 'a\\u0001 \\u0002\\r\\n'",
    })
    void body_isCanonicalized(String description, String body, String canonical) {
        assertThat(bodyHash(unescape(body))).isEqualTo(sha256(unescape(canonical)));
    }

    @Test
    void body_matchesAPlainRestatementOfTheRulesOnRandomText() {
        String[] pieces = {"a", "b", "é", " ", " ", "\t", "\r\n", "\r\n", "\u0001"};
        Random random = new Random(6376);
        for (int sample = 0; sample < 5_000; sample++) {
            StringBuilder body = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                body.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = body.toString();
            assertThat(bodyHash(text)).as("body %s", text.replace("\r\n", "<CRLF>").replace("\t", "<TAB>"))
                    .isEqualTo(sha256(restatedRelaxedBody(text)));
        }
    }

    /** RFC 6376 §3.4.4, written the obvious way: line by line, with regular expressions. */
    private static String restatedRelaxedBody(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\r\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        StringBuilder canonical = new StringBuilder();
        for (String line : lines) {
            canonical.append(line.replaceAll("[ \t]+", " ").replaceAll(" $", "")).append("\r\n");
        }
        String result = canonical.toString();
        while (result.endsWith("\r\n\r\n")) {
            result = result.substring(0, result.length() - 2);
        }
        return result.equals("\r\n") ? "" : result;
    }

    @Test
    void body_ofNothingHashesToTheWellKnownEmptyValue() {
        assertThat(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(bodyHash(""))))
                .isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    @ParameterizedTest
    @CsvSource({"'a\\nb\\r\\n', LF at offset 1", "'a\\rb\\r\\n', CR at offset 1", "'ab\\r', CR at offset 2"})
    void body_withABareLineBreakIsRefused(String body, String problem) {
        byte[] bytes = unescape(body).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RelaxedCanonicalization.body(bytes, 0, bytes.length, Sha256.newDigest()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare " + problem);
    }

    /** Turns the two-character escapes for CR, LF and tab in a CSV test value into the characters. */
    private static String unescape(String value) {
        return value.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\u0001", "\u0001").replace("\\u0002", "\u0002");
    }

    private static String canonicalHeaders(String headerSection) {
        byte[] bytes = headerSection.getBytes(StandardCharsets.UTF_8);
        HeaderSection section = HeaderSection.parse(bytes);
        byte[] out = new byte[bytes.length];
        int length = 0;
        for (int f = 0; f < section.count(); f++) {
            length = RelaxedCanonicalization.header(bytes, section.start(f), section.nameEnd(f), section.colon(f),
                    section.end(f), out, length);
            out[length++] = '\r';
            out[length++] = '\n';
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    private static String bodyHash(String body) {
        byte[] bytes = ("X: y\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = Sha256.newDigest();
        RelaxedCanonicalization.body(bytes, 8, bytes.length, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(String canonical) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }
}
