package io.directmail.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataEncoderTest {

    private static String encode(String content, int blockSize) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DataEncoder encoder = new DataEncoder(wire, blockSize);
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        // write in uneven pieces so that a CR and its LF can fall into different writes
        for (int i = 0; i < bytes.length; i += 3) {
            encoder.write(bytes, i, Math.min(3, bytes.length - i));
        }
        encoder.finish();
        return wire.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crlfContent_isUnchangedApartFromTheTerminator() throws IOException {
        assertThat(encode("a\r\nb\r\n", 64)).isEqualTo("a\r\nb\r\n.\r\n");
    }

    @Test
    void bareLfAndBareCr_becomeCrlf() throws IOException {
        assertThat(encode("a\nb\rc\r\n\n\r\r\n", 64)).isEqualTo("a\r\nb\r\nc\r\n\r\n\r\n\r\n.\r\n");
    }

    @Test
    void linesStartingWithADot_getASecondDot() throws IOException {
        assertThat(encode(".\r\n..x\r\na.b\r\n.", 64)).isEqualTo("..\r\n...x\r\na.b\r\n..\r\n.\r\n");
    }

    @Test
    void aDotAfterABareLf_isStuffedToo() throws IOException {
        assertThat(encode("a\n.\nb", 64)).isEqualTo("a\r\n..\r\nb\r\n.\r\n");
    }

    @Test
    void emptyContent_isJustTheTerminator() throws IOException {
        assertThat(encode("", 64)).isEqualTo(".\r\n");
    }

    @Test
    void smallBlocks_produceTheSameBytes() throws IOException {
        String content = "line one\n.line two\rline three\r\n".repeat(20);
        assertThat(encode(content, 2)).isEqualTo(encode(content, 4096));
    }
}
