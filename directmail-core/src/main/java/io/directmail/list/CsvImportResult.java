package io.directmail.list;

import io.directmail.EmailAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link CsvImport} read: the recipients it accepted and every row it left out, with the
 * row's line number (counting the header as line 1; a row whose quoted field spans lines is
 * numbered by the line it starts on). Empty lines are skipped without a report.
 *
 * @param columns the variable columns, in header order, without the address column
 * @param recipients the accepted rows, in file order, each address once
 * @param invalidRows rows refused, with the reason: wrong field count, empty or invalid address,
 *     a malformed quoted field
 * @param duplicates rows whose address (compared without regard to case) an earlier row had
 * @param suppressed rows whose address is suppressed; they are not in {@code recipients}
 */
public record CsvImportResult(List<String> columns, List<Recipient> recipients, List<InvalidRow> invalidRows,
        List<DuplicateRow> duplicates, List<SuppressedRow> suppressed) {

    /**
     * A row that was refused.
     *
     * @param line the row's line
     * @param reason why it was refused
     */
    public record InvalidRow(int line, String reason) {
        /** Checks that the reason is present. */
        public InvalidRow {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A row left out because an earlier row has the same address.
     *
     * @param line the row's line
     * @param address the address
     * @param firstLine the line of the row that was kept
     */
    public record DuplicateRow(int line, EmailAddress address, int firstLine) {
        /** Checks that the address is present. */
        public DuplicateRow {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * A row left out because its address is suppressed (a hard bounce or an unsubscribe).
     *
     * @param line the row's line
     * @param address the suppressed address
     */
    public record SuppressedRow(int line, EmailAddress address) {
        /** Checks that the address is present. */
        public SuppressedRow {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Keeps unmodifiable copies of the lists. */
    public CsvImportResult {
        columns = List.copyOf(columns);
        recipients = List.copyOf(recipients);
        invalidRows = List.copyOf(invalidRows);
        duplicates = List.copyOf(duplicates);
        suppressed = List.copyOf(suppressed);
    }

    /**
     * Returns the accepted recipients as a list with a name, ready for
     * {@link RecipientLists#add} or {@link RecipientLists#replace}.
     *
     * @param name the list's name
     * @return the list
     * @throws io.directmail.InvalidMailException if the name is refused
     */
    public RecipientList toList(String name) {
        return new RecipientList(name, recipients);
    }
}
