package io.directmail.internal.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {

    @Test
    void readsCharactersOneAtATimeIncludingSurrogatePairs() throws IOException {
        String text = "a€😀b";
        StringBuilder read = new StringBuilder();
        try (Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            int c;
            while ((c = reader.read()) != -1) {
                read.append((char) c);
            }
        }
        assertThat(read.toString()).isEqualTo(text);
    }

    @Test
    void handsOutEveryCharacterBeforeMalformedBytesAndThenFails() throws IOException {
        byte[] bytes = {'o', 'k', '\n', (byte) 0xC3};
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes));
        char[] buffer = new char[16];

        assertThat(reader.read(buffer, 0, buffer.length)).isEqualTo(3);
        assertThat(new String(buffer, 0, 3)).isEqualTo("ok\n");
        assertThatThrownBy(() -> reader.read(buffer, 0, buffer.length)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> reader.read(buffer, 0, buffer.length)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void refusesAnEncodedSurrogateAndAnOverlongForm() {
        for (byte[] bad : new byte[][] {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}}) {
            Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bad));
            assertThatThrownBy(reader::read).isInstanceOf(MalformedInputException.class);
        }
    }
}
