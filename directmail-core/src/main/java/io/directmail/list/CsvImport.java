package io.directmail.list;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.InvalidAddressException;
import io.directmail.LimitExceededException;
import io.directmail.internal.list.AddressKey;
import io.directmail.internal.list.CsvRecordReader;
import io.directmail.internal.list.CsvRecordReader.CsvRecord;
import io.directmail.internal.list.Utf8Reader;
import io.directmail.internal.template.VariableNames;
import io.directmail.internal.text.VisibleText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reads a recipient list from CSV: UTF-8 (with or without a byte order mark), RFC 4180 quoting
 * (fields in double quotes may hold commas, line breaks and doubled quotes), CRLF or LF line
 * ends, and a header row that names the columns.
 *
 * <pre>{@code
 * CsvImportResult result = CsvImport.DEFAULT
 *         .withSuppression(address -> unsubscribed.contains(address))
 *         .read(Path.of("customers.csv"));
 * lists.add(result.toList("customers"));
 * }</pre>
 *
 * <p>The header names the address column ({@code email} unless {@link #withAddressColumn}
 * says otherwise; matched without regard to case); every other column becomes a variable of
 * each row, under its header name as written. Header names are trimmed; a variable column's name
 * must be a valid variable name (letters, digits, {@code '_'} and {@code '-'}), and no two
 * columns may share a name.
 *
 * <p>Each row is then accepted or reported in the {@link CsvImportResult} with its line number
 * (the header is line 1): a row with the wrong number of fields, an empty or invalid address
 * (trimmed, then checked as {@link EmailAddress#of} does) or a malformed quoted field is an
 * invalid row; a row whose address an earlier row had (compared without regard to case) is a
 * duplicate; a row whose address is suppressed is reported and left out. Empty lines are skipped.
 *
 * <p>The import is refused as a whole, with nothing returned, when the file cannot be read as a
 * list ({@link CsvImportException}: empty, a bad header, an unclosed quote, invalid UTF-8) or
 * when it would accept more addresses than {@link ListLimits#maxAddressesPerList()}
 * ({@link LimitExceededException} naming {@value ListLimits#MAX_ADDRESSES_PER_LIST} and the
 * number of addresses the file holds). Rows left out do not count against the limit.
 *
 * <p>Immutable and thread-safe, as long as the suppression test is.
 *
 * @param addressColumn the header name of the address column, matched without regard to case
 * @param limits the limits; only {@link ListLimits#maxAddressesPerList()} applies here
 * @param suppression tells whether an address is suppressed, for example by looking it up in
 *     the sender's suppression list
 */
public record CsvImport(String addressColumn, ListLimits limits, Predicate<EmailAddress> suppression) {

    /** The address column's default name. */
    public static final String DEFAULT_ADDRESS_COLUMN = "email";

    /** Address column {@code email}, the default limits, no address suppressed. */
    public static final CsvImport DEFAULT = new CsvImport(DEFAULT_ADDRESS_COLUMN, ListLimits.DEFAULT, address -> false);

    /** Checks that the parts are present and that the address column has a name. */
    public CsvImport {
        Objects.requireNonNull(addressColumn, "addressColumn");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(suppression, "suppression");
        addressColumn = addressColumn.strip();
        if (addressColumn.isEmpty()) {
            throw new IllegalArgumentException("addressColumn must not be blank");
        }
    }

    /** Returns a copy that takes addresses from another column. */
    public CsvImport withAddressColumn(String value) {
        return new CsvImport(value, limits, suppression);
    }

    /** Returns a copy with other limits. */
    public CsvImport withLimits(ListLimits value) {
        return new CsvImport(addressColumn, value, suppression);
    }

    /** Returns a copy that leaves out the addresses the test says are suppressed. */
    public CsvImport withSuppression(Predicate<EmailAddress> value) {
        return new CsvImport(addressColumn, limits, value);
    }

    /**
     * Reads a CSV file.
     *
     * @param file the file, UTF-8
     * @return what was accepted and what was left out
     * @throws CsvImportException if the file cannot be read as a list
     * @throws LimitExceededException if it holds more addresses than a list may
     * @throws DirectMailException if the file cannot be read
     */
    public CsvImportResult read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new DirectMailException("cannot read CSV file " + file + ": " + e, e);
        }
    }

    /**
     * Reads CSV from a byte stream; the caller closes it.
     *
     * @param in UTF-8 bytes
     * @return what was accepted and what was left out
     * @throws CsvImportException if the input cannot be read as a list
     * @throws LimitExceededException if it holds more addresses than a list may
     * @throws DirectMailException if the stream fails
     */
    public CsvImportResult read(InputStream in) {
        return read(new Utf8Reader(Objects.requireNonNull(in, "in")));
    }

    /**
     * Reads CSV from a character stream; the caller closes it. A byte order mark at its start
     * is skipped.
     *
     * @param reader the CSV text
     * @return what was accepted and what was left out
     * @throws CsvImportException if the input cannot be read as a list
     * @throws LimitExceededException if it holds more addresses than a list may
     * @throws DirectMailException if the reader fails
     */
    public CsvImportResult read(Reader reader) {
        CsvRecordReader records = new CsvRecordReader(Objects.requireNonNull(reader, "reader"));
        try {
            return new Rows(records).read();
        } catch (CharacterCodingException e) {
            throw new CsvImportException(records.line(), "the input is not valid UTF-8");
        } catch (IOException e) {
            throw new DirectMailException("cannot read CSV input at line " + records.line() + ": " + e, e);
        }
    }

    /** One import's state. */
    private final class Rows {
        private final CsvRecordReader records;
        private final List<Recipient> recipients = new ArrayList<>();
        private final List<CsvImportResult.InvalidRow> invalid = new ArrayList<>();
        private final List<CsvImportResult.DuplicateRow> duplicates = new ArrayList<>();
        private final List<CsvImportResult.SuppressedRow> suppressed = new ArrayList<>();
        private final Map<String, Integer> firstLines = new HashMap<>();
        private List<String> header;
        private int addressIndex;
        private long accepted;

        Rows(CsvRecordReader records) {
            this.records = records;
        }

        CsvImportResult read() throws IOException {
            CsvRecord first = records.next();
            if (first == null) {
                throw new CsvImportException(1, "the input is empty; a header row naming the columns is required");
            }
            header(first);
            CsvRecord row;
            while ((row = records.next()) != null) {
                row(row);
            }
            int max = limits.maxAddressesPerList();
            if (accepted > max) {
                throw new LimitExceededException(ListLimits.MAX_ADDRESSES_PER_LIST, max, accepted);
            }
            List<String> columns = new ArrayList<>(header);
            columns.remove(addressIndex);
            return new CsvImportResult(columns, recipients, invalid, duplicates, suppressed);
        }

        private void header(CsvRecord record) {
            if (record.problem() != null) {
                throw new CsvImportException(record.line(), "the header row is malformed: " + record.problem());
            }
            header = record.fields().stream().map(String::strip).toList();
            Map<String, Integer> seen = new HashMap<>();
            addressIndex = -1;
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i);
                if (name.isEmpty()) {
                    throw new CsvImportException(record.line(), "column " + (i + 1) + " of the header has no name");
                }
                Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                if (earlier != null) {
                    throw new CsvImportException(record.line(), "columns " + (earlier + 1) + " and " + (i + 1)
                            + " are both named " + VisibleText.quote(name) + " (names are compared without regard to case)");
                }
                if (name.equalsIgnoreCase(addressColumn)) {
                    addressIndex = i;
                } else {
                    String problem = VariableNames.nameProblem(name);
                    if (problem != null) {
                        throw new CsvImportException(record.line(), "column " + (i + 1) + " " + VisibleText.quote(name)
                                + " cannot name a template variable: " + problem);
                    }
                }
            }
            if (addressIndex < 0) {
                throw new CsvImportException(record.line(), "the header has no address column " + VisibleText.quote(addressColumn)
                        + "; its columns are " + String.join(", ", header.stream().map(VisibleText::quote).toList()));
            }
        }

        private void row(CsvRecord record) {
            int line = record.line();
            if (record.problem() != null) {
                invalid.add(new CsvImportResult.InvalidRow(line, record.problem()));
                return;
            }
            List<String> fields = record.fields();
            if (fields.size() != header.size()) {
                invalid.add(new CsvImportResult.InvalidRow(line, "the row has " + fields.size() + " field"
                        + (fields.size() == 1 ? "" : "s") + " but the header has " + header.size()));
                return;
            }
            String text = fields.get(addressIndex).strip();
            if (text.isEmpty()) {
                invalid.add(new CsvImportResult.InvalidRow(line, "the " + header.get(addressIndex) + " column is empty"));
                return;
            }
            EmailAddress address;
            try {
                address = EmailAddress.of(text);
            } catch (InvalidAddressException e) {
                invalid.add(new CsvImportResult.InvalidRow(line, e.getMessage()));
                return;
            }
            Integer firstLine = firstLines.putIfAbsent(AddressKey.of(address), line);
            if (firstLine != null) {
                duplicates.add(new CsvImportResult.DuplicateRow(line, address, firstLine));
                return;
            }
            if (suppression.test(address)) {
                suppressed.add(new CsvImportResult.SuppressedRow(line, address));
                return;
            }
            accepted++;
            if (accepted <= limits.maxAddressesPerList()) {
                Map<String, String> variables = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    if (i != addressIndex) {
                        variables.put(header.get(i), fields.get(i));
                    }
                }
                recipients.add(new Recipient(address, variables));
            }
        }
    }
}
