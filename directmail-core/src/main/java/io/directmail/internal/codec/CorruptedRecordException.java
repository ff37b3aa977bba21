package io.directmail.internal.codec;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when stored bytes are not a valid encoding of the model value they are read as: an
 * unknown format version or variant tag, input that ends in the middle of a field or goes on after
 * the last one, text that is not UTF-8, or fields that do not make a valid value (an address that
 * is no longer accepted, a template that no longer compiles). The message names the kind of value,
 * the byte offset and the field; a store reports damaged records with it.
 */
public final class CorruptedRecordException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What the bytes were read as, e.g. {@code "template"}. */
    private final String kind;
    /** The byte offset of the damage within the record. */
    private final int offset;

    /**
     * Creates the exception.
     *
     * @param kind what the bytes were read as, e.g. {@code "template"}
     * @param offset the byte offset of the damage within the record
     * @param problem what is wrong there
     * @param cause the failure that revealed the damage, or {@code null}
     */
    public CorruptedRecordException(String kind, int offset, String problem, Throwable cause) {
        super(kind + " record is corrupted at byte " + offset + ": " + problem, cause);
        this.kind = kind;
        this.offset = offset;
    }

    /** {@return what the bytes were read as, e.g. {@code "template"}} */
    public String kind() {
        return kind;
    }

    /** {@return the byte offset of the damage within the record} */
    public int offset() {
        return offset;
    }
}
