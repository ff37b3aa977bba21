package io.directmail.internal.compose;

import io.directmail.Attachment;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;

/**
 * One MIME entity of the message tree: its content headers, an empty line and its body, written
 * in wire form. The message headers written before the root entity belong to {@link MimeComposer}.
 */
sealed interface Entity {

    /** Base64 for MIME bodies: 76-character lines, CRLF. */
    Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});

    /** Writes the content headers (Content-Type and the others), each ending with CRLF. */
    void writeHeaders(MessageBuffer out);

    /** Writes the body, which ends with CRLF only if its content does. */
    void writeBody(MessageBuffer out);

    /** Writes the content headers, the empty line and the body. */
    default void writeTo(MessageBuffer out) {
        writeHeaders(out);
        out.crlf();
        writeBody(out);
    }

    /** A text body: text/plain or text/html, UTF-8. */
    record Text(String subtype, CanonicalText text) implements Entity {
        @Override
        public void writeHeaders(MessageBuffer out) {
            out.header("Content-Type", "text/" + subtype + "; charset=UTF-8");
            out.header("Content-Transfer-Encoding", text.transferEncoding());
        }

        @Override
        public void writeBody(MessageBuffer out) {
            switch (text.transferEncoding()) {
                case "7bit" -> out.bytes(text.bytes());
                case "quoted-printable" -> QuotedPrintable.encode(text.bytes(), out);
                default -> out.bytes(BASE64.encode(text.bytes()));
            }
        }
    }

    /** An attachment or inline part, always base64. */
    record File(Attachment attachment, String contentType) implements Entity {
        @Override
        public void writeHeaders(MessageBuffer out) {
            out.header("Content-Type", FileNameParameter.append("Content-Type: ".length(),
                    HeaderFolding.fold("Content-Type: ".length(), contentType), "name", attachment.filename()));
            out.header("Content-Transfer-Encoding", "base64");
            out.header("Content-Disposition", FileNameParameter.append("Content-Disposition: ".length(),
                    attachment.isInline() ? "inline" : "attachment", "filename", attachment.filename()));
            if (attachment.isInline()) {
                out.header("Content-ID", "<" + attachment.contentId() + ">");
            }
        }

        @Override
        public void writeBody(MessageBuffer out) {
            try (OutputStream encoder = BASE64.wrap(new Unclosable(out))) {
                attachment.writeTo(encoder);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("writing to memory failed", e);
            }
        }
    }

    /**
     * A multipart entity. The boundary is chosen by the composer so that it cannot occur in the
     * encoded parts.
     *
     * @param subtype mixed, alternative or related
     * @param parameters extra Content-Type parameters such as {@code ; type="text/html"}, or ""
     */
    record Multipart(String subtype, String parameters, String boundary, List<Entity> parts) implements Entity {
        @Override
        public void writeHeaders(MessageBuffer out) {
            out.header("Content-Type", "multipart/" + subtype + ";" + "\r\n\tboundary=\"" + boundary + "\"" + parameters);
        }

        @Override
        public void writeBody(MessageBuffer out) {
            for (Entity part : parts) {
                out.text("--");
                out.text(boundary);
                out.crlf();
                part.writeTo(out);
                out.crlf();
            }
            out.text("--");
            out.text(boundary);
            out.text("--");
            out.crlf();
        }
    }

    /** Lets the base64 wrapper flush its last bytes on close without closing the buffer. */
    final class Unclosable extends OutputStream {
        private final MessageBuffer out;

        Unclosable(MessageBuffer out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the buffer stays open
        }
    }
}
