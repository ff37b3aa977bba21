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

    @Test
    void bulkWritesEncodeExactlyAsOctetByOctetWrites() throws IOException {
        java.util.Random random = new java.util.Random(42);
        byte[] alphabet = {'a', 'b', '.', '\r', '\n', ' ', (byte) 0xc3};
        for (int round = 0; round < 2_000; round++) {
            byte[] content = new byte[random.nextInt(300)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int blockSize = 1 + random.nextInt(40);
            ByteArrayOutputStream bulk = new ByteArrayOutputStream();
            DataEncoder bulkEncoder = new DataEncoder(bulk, blockSize);
            int at = 0;
            while (at < content.length) {
                int chunk = Math.min(content.length - at, 1 + random.nextInt(50));
                bulkEncoder.write(content, at, chunk);
                at += chunk;
            }
            bulkEncoder.finish();
            ByteArrayOutputStream single = new ByteArrayOutputStream();
            DataEncoder singleEncoder = new DataEncoder(single, blockSize);
            for (byte b : content) {
                singleEncoder.write(b);
            }
            singleEncoder.finish();
            assertThat(bulk.toByteArray()).as("round %d, block %d", round, blockSize).isEqualTo(single.toByteArray());
        }
    }
}
