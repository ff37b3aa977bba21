package io.directmail.internal.store.journal;

import io.directmail.DirectMailException;
import java.io.Serial;
import java.nio.file.Path;

/**
 * Thrown when a journal file is damaged in a way a crash cannot explain: a wrong magic number or
 * format version, a checksum mismatch followed by intact records, damage in a segment that is
 * not the last one. The message names the file and the byte offset of the damage. Opening the
 * journal with {@link JournalOptions#salvage()} skips such damage with a warning instead.
 */
public class JournalCorruptedException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The damaged file. Paths are not serializable, hence the string. */
    private final String file;
    /** The byte offset of the damage within the file. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param file the damaged file
     * @param offset the byte offset of the damage within the file
     * @param problem what is wrong there
     */
    public JournalCorruptedException(Path file, long offset, String problem) {
        super("journal file " + file + " is damaged at offset " + offset + ": " + problem);
        this.file = file.toString();
        this.offset = offset;
    }

    /** {@return the damaged file} */
    public Path file() {
        return Path.of(file);
    }

    /** {@return the byte offset of the damage within the file} */
    public long offset() {
        return offset;
    }
}
