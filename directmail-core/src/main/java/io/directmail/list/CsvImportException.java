package io.directmail.list;

import io.directmail.InvalidMailException;
import java.io.Serial;

/**
 * Thrown when a CSV file cannot be imported at all: it is empty, its header lacks the address
 * column or has unusable column names, a quoted field is never closed, or it is not valid UTF-8.
 * It names the line (counting the header as line 1). Nothing has been imported.
 *
 * <p>A single bad row does not cause this: {@link CsvImport} reports it in
 * {@link CsvImportResult#invalidRows()} and imports the others.
 */
public final class CsvImportException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * Creates the exception.
     *
     * @param line the line of the problem, from 1
     * @param reason what is wrong there
     */
    public CsvImportException(int line, String reason) {
        super("CSV line " + line + ": " + reason);
        this.line = line;
    }

    /** Returns the line of the problem, counting the header as line 1. */
    public int line() {
        return line;
    }
}
