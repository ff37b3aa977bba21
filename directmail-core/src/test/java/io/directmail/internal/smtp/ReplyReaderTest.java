package io.directmail.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyReaderTest {

    private static ServerReply read(String text) throws IOException {
        try (Socket unconnected = new Socket()) {
            return new ReplyReader(unconnected, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                    .read(Duration.ofSeconds(5));
        }
    }

    @Test
    void multiLineReply_keepsEachLineAndParsesTheEnhancedCode() throws IOException {
        ServerReply reply = read("250-mx.example.com hello\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");

        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).containsExactly("mx.example.com hello", "PIPELINING", "SIZE 1000");
    }

    @Test
    void enhancedStatusCode_isParsed() throws IOException {
        assertThat(read("550 5.1.1 No such user\r\n").reply().enhancedStatus()).isEqualTo("5.1.1");
    }

    @Test
    void aCodeWithoutText_isAccepted() throws IOException {
        assertThat(read("250\r\n").code()).isEqualTo(250);
    }

    @Test
    void changingCodesWithinOneReply_areRefused() {
        assertThatThrownBy(() -> read("250-a\r\n550 b\r\n")).isInstanceOf(SmtpProtocolException.class);
    }

    @Test
    void garbage_isRefused() {
        assertThatThrownBy(() -> read("hello\r\n")).isInstanceOf(SmtpProtocolException.class);
        assertThatThrownBy(() -> read("700 what\r\n")).isInstanceOf(SmtpProtocolException.class);
    }

    @Test
    void overlongLines_areRefused() {
        assertThatThrownBy(() -> read("250 " + "x".repeat(ReplyReader.MAX_LINE_OCTETS) + "\r\n"))
                .isInstanceOf(SmtpProtocolException.class).hasMessageContaining("longer than");
    }

    @Test
    void tooManyLines_areRefused() {
        assertThatThrownBy(() -> read("250-x\r\n".repeat(ReplyReader.MAX_LINES + 1) + "250 end\r\n"))
                .isInstanceOf(SmtpProtocolException.class).hasMessageContaining("lines");
    }

    @Test
    void aClosedConnection_isAnEofError() {
        assertThatThrownBy(() -> read("250-x\r\n")).isInstanceOf(EOFException.class);
    }
}
