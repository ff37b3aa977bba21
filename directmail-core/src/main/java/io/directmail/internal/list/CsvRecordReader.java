package io.directmail.internal.list;

import io.directmail.list.CsvImportException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 describes them: fields separated by commas, a field in double
 * quotes may hold commas, line breaks and doubled quotes ({@code ""}), records end with CRLF, LF
 * or a lone CR, and the last one may lack a line end. A byte order mark at the start is skipped,
 * as are empty lines. Two common slips are tolerated: spaces before an opening quote and after
 * a closing one.
 *
 * <p>A record it cannot make sense of (a quote inside an unquoted field, text after a closing
 * quote) is returned with a problem, and reading goes on with the next line. A quoted field that
 * is never closed swallows the rest of the input, so it ends the reading with a
 * {@link CsvImportException}.
 */
public final class CsvRecordReader {

    /**
     * One record.
     *
     * @param line the line it starts on, from 1
     * @param fields its fields, quotes removed
     * @param problem why it is malformed, or {@code null}
     */
    public record CsvRecord(int line, List<String> fields, String problem) {
    }

    private static final int EOF = -1;
    /**
     * The longest record, in characters read for it (separators and quotes included, its line end
     * not): a bound on the memory one row, or a quote never closed, takes.
     */
    public static final int MAX_RECORD_CHARS = 1 << 20;

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean started;
    private int line = 1;
    private int recordChars;

    /**
     * Reads from a character stream; the caller closes it.
     *
     * @param in the CSV text
     */
    public CsvRecordReader(Reader in) {
        this.in = in;
    }

    /** Returns the line the reader has reached, from 1. */
    public int line() {
        return line;
    }

    /**
     * Reads the next record.
     *
     * @return the record, or {@code null} at the end of the input
     * @throws IOException if the input cannot be read
     * @throws CsvImportException if a quoted field is never closed
     */
    public CsvRecord next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        int c;
        while ((c = peek()) == '\n' || c == '\r') {
            endLine(read());
        }
        if (c == EOF) {
            return null;
        }
        return record();
    }

    private CsvRecord record() throws IOException {
        int start = line;
        recordChars = 0;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String problem = null;
        boolean afterQuote = false;
        while (true) {
            int c = read();
            if (c == EOF || c == '\n' || c == '\r') {
                endLine(c);
                fields.add(field.toString());
                return new CsvRecord(start, List.copyOf(fields), problem);
            }
            if (c == ',') {
                // Separators count too: a row of commas alone grows a list of empty fields.
                checkLength(start);
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (afterQuote) {
                if (c != ' ' && c != '\t' && problem == null) {
                    problem = "field " + (fields.size() + 1) + " has text after its closing quote";
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted(field, start);
                afterQuote = true;
            } else {
                if (c == '"' && problem == null) {
                    problem = "field " + (fields.size() + 1) + " has a quote inside an unquoted value"
                            + " (quote the whole field and double the quote: \"a \"\"b\"\" c\")";
                }
                append(field, c, start);
            }
        }
    }

    private void append(StringBuilder field, int c, int recordLine) {
        checkLength(recordLine);
        field.append((char) c);
    }

    private void checkLength(int recordLine) {
        if (recordChars > MAX_RECORD_CHARS) {
            throw new CsvImportException(recordLine, "the row starting on line " + recordLine + " is longer than "
                    + MAX_RECORD_CHARS + " characters");
        }
    }

    /** Reads a quoted field's content up to its closing quote. */
    private void quoted(StringBuilder field, int recordLine) throws IOException {
        int opened = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new CsvImportException(opened, "a quoted field (in the row starting on line " + recordLine
                        + ") is never closed: the input ends before its closing quote");
            }
            if (c == '"') {
                if (peek() != '"') {
                    return;
                }
                read();
                append(field, '"', recordLine);
            } else {
                if (c == '\n' || (c == '\r' && peek() != '\n')) {
                    line++;
                }
                append(field, c, recordLine);
            }
        }
    }

    private void endLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c != EOF) {
            line++;
        }
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        recordChars++;
        return buffer[position++];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
