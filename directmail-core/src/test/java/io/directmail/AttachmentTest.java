package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentTest {

    @Test
    void of_copiesTheContentSoLaterChangesDoNotLeakIn() {
        byte[] bytes = {1, 2, 3};
        Attachment attachment = Attachment.of("a.bin", "application/octet-stream", bytes);
        bytes[0] = 9;

        assertThat(attachment.content()).containsExactly(1, 2, 3);
    }

    @Test
    void content_returnsACopy() {
        Attachment attachment = Attachment.of("a.bin", "application/octet-stream", new byte[] {1, 2, 3});
        attachment.content()[0] = 9;

        assertThat(attachment.content()).containsExactly(1, 2, 3);
        assertThat(attachment.size()).isEqualTo(3);
    }

    @Test
    void openStreamAndWriteTo_giveTheContent() throws IOException {
        Attachment attachment = Attachment.of("a.bin", "application/octet-stream", new byte[] {4, 5});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        attachment.writeTo(out);

        try (InputStream in = attachment.openStream()) {
            assertThat(in.readAllBytes()).containsExactly(4, 5);
        }
        assertThat(out.toByteArray()).containsExactly(4, 5);
    }

    @Test
    void equals_comparesContentByValue() {
        Attachment a = Attachment.of("a.bin", "application/octet-stream", new byte[] {1, 2});
        Attachment b = Attachment.of("a.bin", "application/octet-stream", new byte[] {1, 2});
        Attachment c = Attachment.of("a.bin", "application/octet-stream", new byte[] {1, 3});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).contains("size=2").doesNotContain("[B@");
    }

    @Test
    void inline_keepsTheContentId() {
        Attachment logo = Attachment.inline("logo@shop.example", "logo.png", "image/png", new byte[] {1});

        assertThat(logo.contentId()).isEqualTo("logo@shop.example");
        assertThat(logo.isInline()).isTrue();
        assertThat(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1}).contentId()).isEqualTo("logo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<logo@shop.example>", "logo shop", "a@b@c", "", ".logo", "logo.@shop", "lo\"go"})
    void inline_malformedContentId_isRefused(String contentId) {
        assertThatThrownBy(() -> Attachment.inline(contentId, "logo.png", "image/png", new byte[] {1}))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("attachment contentId")
                .hasMessageContaining("id-left@id-right");
    }

    @Test
    void inline_nullContentId_isRefused() {
        assertThatThrownBy(() -> Attachment.inline(null, "logo.png", "image/png", new byte[] {1}))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("contentId is required");
    }

    @Test
    void filename_emptyNullOrTooLong_isRefused() {
        assertThatThrownBy(() -> Attachment.of("", "application/pdf", new byte[0]))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("attachment filename must not be empty");
        assertThatThrownBy(() -> Attachment.of(null, "application/pdf", new byte[0]))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("attachment filename is required");
        assertThatThrownBy(() -> Attachment.of("f".repeat(256), "application/pdf", new byte[0]))
                .isInstanceOf(InvalidMailException.class).hasMessageContaining("at most 255");
    }

    @Test
    void content_null_isRefused() {
        assertThatThrownBy(() -> Attachment.of("a.pdf", "application/pdf", null))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("content is required")
                .hasMessageContaining("a.pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pdf", "application/", "/pdf", "application/pdf/x", "text/plain; charset", "text plain",
        "application/pdf; name=\"a"})
    void contentType_notTypeSlashSubtype_isRefused(String contentType) {
        assertThatThrownBy(() -> Attachment.of("a", contentType, new byte[0]))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("attachment contentType")
                .hasMessageContaining("type/subtype");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/pdf", "text/plain; charset=UTF-8", "text/csv;charset=\"utf-8\"; header=present",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    void contentType_withParameters_isAccepted(String contentType) {
        assertThat(Attachment.of("a", contentType, new byte[0]).contentType()).isEqualTo(contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/mixed; boundary=x", "message/rfc822"})
    void contentType_containerTypes_areRefused(String contentType) {
        assertThatThrownBy(() -> Attachment.of("a", contentType, new byte[0]))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("application/octet-stream");
    }

    @Test
    void contentType_null_isRefusedWithAHint() {
        assertThatThrownBy(() -> Attachment.of("a.pdf", null, new byte[0]))
                .isInstanceOf(InvalidMailException.class)
                .hasMessageContaining("application/octet-stream");
    }

    @Test
    void fromFile_readsTheFileAndNamesTheAttachmentAfterIt(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("notes.unknownext"), new byte[] {7, 8, 9});

        Attachment attachment = Attachment.fromFile(file);

        assertThat(attachment.filename()).isEqualTo("notes.unknownext");
        assertThat(attachment.contentType()).isEqualTo("application/octet-stream");
        assertThat(attachment.content()).containsExactly(7, 8, 9);
        assertThat(attachment.contentId()).isNull();
    }

    @Test
    void fromFile_guessesTheContentTypeWhenItCan(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("report.txt"), "hello");
        String probed = Files.probeContentType(file);

        Attachment attachment = Attachment.fromFile(file);

        assertThat(attachment.contentType()).isEqualTo(probed == null ? "application/octet-stream" : probed);
    }

    @Test
    void fromFile_missingFile_throwsIOException(@TempDir Path dir) {
        assertThatThrownBy(() -> Attachment.fromFile(dir.resolve("missing.pdf"))).isInstanceOf(IOException.class);
    }
}
