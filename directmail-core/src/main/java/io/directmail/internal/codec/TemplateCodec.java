package io.directmail.internal.codec;

import io.directmail.template.Template;
import java.util.Objects;

/**
 * The bytes of a {@link Template}. Format version 1:
 *
 * <pre>
 * u8 1
 * str name, str subject
 * u8 has html, [str html]
 * u8 has text, [str text]
 * </pre>
 *
 * <p>Decoding builds the template through its constructor, so it is checked and compiled again:
 * a stored template always renders. Stateless and thread-safe.
 */
public final class TemplateCodec {
    private static final String KIND = "template";
    private static final int FORMAT = 1;

    private TemplateCodec() {
    }

    /**
     * Encodes a template.
     *
     * @param template the template
     * @return its bytes
     * @throws NullPointerException if the template is null
     * @throws IllegalArgumentException if a part holds half of a surrogate pair, which UTF-8
     *     cannot hold; the message names the part
     */
    public static byte[] encode(Template template) {
        Objects.requireNonNull(template, "template");
        int expected = 32 + template.name().length() + template.subject().length() * 3
                + (template.html() == null ? 0 : template.html().length())
                + (template.text() == null ? 0 : template.text().length());
        FieldWriter out = new FieldWriter(KIND, FORMAT, expected);
        out.string("name", template.name());
        out.string("subject", template.subject());
        out.nullableString("html", template.html());
        out.nullableString("text", template.text());
        return out.toByteArray();
    }

    /**
     * Decodes a template.
     *
     * @param bytes bytes from {@link #encode}
     * @return the template
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not a template of a format this release
     *     reads, or the template they hold is refused
     */
    public static Template decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        in.expectVersion(FORMAT);
        int start = in.position();
        String name = in.string("name");
        String subject = in.string("subject");
        String html = in.nullableString("html");
        String text = in.nullableString("text");
        in.end();
        return in.valid(start, KIND, () -> new Template(name, subject, html, text));
    }
}
