package io.directmail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file carried by a {@link Mail}: either a regular attachment ({@link #of}, {@link #fromFile})
 * or an inline part that the HTML body refers to as {@code <img src="cid:logo@example.com">}
 * ({@link #inline}).
 *
 * <p>The content is copied when the attachment is created and again by {@link #content()}, so
 * an attachment never changes after construction; {@link #openStream()}, {@link #writeTo} and
 * {@link #size()} read it without copying. {@link #equals(Object)} compares the content by
 * value. Instances are immutable and thread-safe.
 *
 * <p>Refused with an {@link InvalidMailException} naming the field and value: a null or empty
 * filename, a filename over 255 characters, CR, LF, NUL or other control characters in any
 * text field, a content type that is not {@code type/subtype} with optional parameters (such as
 * {@code text/plain; charset=UTF-8}) or is longer than 256 characters, the {@code multipart/*} and {@code message/*} types (a part
 * of those types cannot be carried as a base64 attachment; send such content as
 * {@code application/octet-stream}), null content, and a content id that is neither
 * {@code id-left@id-right} nor a simple token (no angle brackets, no spaces).
 *
 * @param filename the name shown to the recipient, without any directory
 * @param contentType the MIME type, {@code type/subtype} with optional parameters
 * @param content the bytes; {@link #content()} returns a copy
 * @param contentId the Content-ID without angle brackets for an inline part, or {@code null}
 */
public record Attachment(String filename, String contentType, byte[] content, String contentId) {

    /** The content type used when none can be guessed. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private static final int MAX_FILENAME_CHARS = 255;
    private static final int MAX_CONTENT_TYPE_CHARS = 256;
    private static final int MAX_CONTENT_ID_CHARS = 250;
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([ !#-\\[\\]-~]|\\\\[ -~])*\"))*\\s*;?\\s*");
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern CONTENT_ID = Pattern.compile(ATOM + "(\\." + ATOM + ")*(@" + ATOM + "(\\." + ATOM + ")*)?");

    /**
     * Validates every part and copies the content.
     *
     * @throws InvalidMailException if a part is unusable; see the type's description
     */
    public Attachment {
        if (filename == null) {
            throw new InvalidMailException("attachment filename is required (was null)");
        }
        FieldCheck.headerText("attachment filename", filename);
        if (filename.isBlank()) {
            throw FieldCheck.invalid("attachment filename", filename, "must not be empty or blank");
        }
        FieldCheck.maxLength("attachment filename", filename, MAX_FILENAME_CHARS);
        contentType = checkContentType(filename, contentType);
        if (content == null) {
            throw new InvalidMailException("attachment content is required (was null) for " + FieldCheck.visible(filename));
        }
        content = content.clone();
        if (contentId != null) {
            checkContentId(contentId);
        }
    }

    /**
     * Returns a regular attachment.
     *
     * @param filename the name shown to the recipient
     * @param contentType the MIME type, e.g. {@code application/pdf}
     * @param content the bytes, copied
     * @return the attachment
     * @throws InvalidMailException if a part is unusable
     */
    public static Attachment of(String filename, String contentType, byte[] content) {
        return new Attachment(filename, contentType, content, null);
    }

    /**
     * Returns an inline part that the HTML body refers to as {@code cid:contentId}, typically an
     * image: {@code <img src="cid:logo@example.com">}. Add it with
     * {@link Mail.Builder#addInlineImage(Attachment)}.
     *
     * @param contentId the id without angle brackets: {@code id-left@id-right} or a simple token
     * @param filename the name shown if the recipient saves it
     * @param contentType the MIME type, e.g. {@code image/png}
     * @param content the bytes, copied
     * @return the inline attachment
     * @throws InvalidMailException if a part is unusable, including a null content id
     */
    public static Attachment inline(String contentId, String filename, String contentType, byte[] content) {
        if (contentId == null) {
            throw new InvalidMailException("attachment contentId is required for an inline part (was null)");
        }
        return new Attachment(filename, contentType, content, contentId);
    }

    /**
     * Reads a file into a regular attachment named after the file. The content type is guessed
     * with {@link Files#probeContentType(Path)}; {@code application/octet-stream} is used when it
     * cannot be guessed or when the guess is a {@code multipart/*} or {@code message/*} type.
     *
     * @param file the file to read, whole, now
     * @return the attachment
     * @throws IOException if the file cannot be read
     * @throws InvalidMailException if the file's name is unusable as a filename
     */
    public static Attachment fromFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path name = file.getFileName();
        if (name == null) {
            throw new InvalidMailException("attachment file " + FieldCheck.visible(file.toString()) + " has no file name");
        }
        byte[] content = Files.readAllBytes(file);
        String type = Files.probeContentType(file);
        if (type == null || !CONTENT_TYPE.matcher(type).matches() || isContainerType(type)) {
            type = OCTET_STREAM;
        }
        return new Attachment(name.toString(), type, content, null);
    }

    /** Returns a copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Returns the size of the content in bytes. */
    public int size() {
        return content.length;
    }

    /** Returns a stream over the content, without copying it. */
    public InputStream openStream() {
        return new ByteArrayInputStream(content);
    }

    /**
     * Writes the content to a stream, without copying it first.
     *
     * @param out the stream to write to; it is neither flushed nor closed
     * @throws IOException if the stream fails
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(content);
    }

    /** Returns true for an inline part (one with a content id). */
    public boolean isInline() {
        return contentId != null;
    }

    /** Compares all parts, the content by value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Attachment that
                && filename.equals(that.filename)
                && contentType.equals(that.contentType)
                && Arrays.equals(content, that.content)
                && Objects.equals(contentId, that.contentId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filename, contentType, Arrays.hashCode(content), contentId);
    }

    /** Describes the attachment without its content. */
    @Override
    public String toString() {
        return "Attachment[filename=" + filename + ", contentType=" + contentType + ", size=" + content.length
                + (contentId == null ? "" : ", contentId=" + contentId) + "]";
    }

    private static String checkContentType(String filename, String contentType) {
        if (contentType == null) {
            throw new InvalidMailException("attachment contentType is required (was null) for " + FieldCheck.visible(filename)
                    + "; use \"" + OCTET_STREAM + "\" when unknown");
        }
        FieldCheck.headerText("attachment contentType", contentType);
        String trimmed = contentType.strip();
        if (trimmed.length() > MAX_CONTENT_TYPE_CHARS || !CONTENT_TYPE.matcher(trimmed).matches()) {
            throw FieldCheck.invalid("attachment contentType", contentType,
                    "is not a MIME type of the form type/subtype, optionally followed by ; name=value parameters, at most "
                            + MAX_CONTENT_TYPE_CHARS + " characters");
        }
        if (isContainerType(trimmed)) {
            throw FieldCheck.invalid("attachment contentType", contentType,
                    "is a multipart/* or message/* type, which cannot be sent as an attachment; use " + OCTET_STREAM);
        }
        return trimmed;
    }

    private static boolean isContainerType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("multipart/") || lower.startsWith("message/");
    }

    private static void checkContentId(String contentId) {
        FieldCheck.headerText("attachment contentId", contentId);
        if (contentId.length() > MAX_CONTENT_ID_CHARS || !CONTENT_ID.matcher(contentId).matches()) {
            throw FieldCheck.invalid("attachment contentId", contentId,
                    "is not id-left@id-right or a simple token (no angle brackets, spaces or stray dots; at most "
                            + MAX_CONTENT_ID_CHARS + " characters)");
        }
    }
}
