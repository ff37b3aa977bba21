package io.directmail.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.directmail.DirectMailException;
import io.directmail.EmailAddress;
import io.directmail.internal.list.CsvRecordReader;
import io.directmail.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImportTest {

    @Test
    void theAddressColumnGivesTheAddressAndTheOtherColumnsBecomeVariables() {
        CsvImportResult result = read("first_name,email,code\nJane,jane@example.com,A1\nBob,bob@example.com,B2\n");

        assertThat(result.columns()).containsExactly("first_name", "code");
        assertThat(result.recipients()).containsExactly(
                Recipient.of("jane@example.com", Map.of("first_name", "Jane", "code", "A1")),
                Recipient.of("bob@example.com", Map.of("first_name", "Bob", "code", "B2")));
        assertThat(result.recipients().get(0).variables().keySet()).containsExactly("first_name", "code");
        assertThat(result.invalidRows()).isEmpty();
        assertThat(result.duplicates()).isEmpty();
        assertThat(result.suppressed()).isEmpty();
    }

    @Test
    void aByteOrderMarkIsSkippedButNotRequired() {
        byte[] csv = "email,name\njane@example.com,Jane\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, csv);

        assertThat(CsvImport.DEFAULT.read(new ByteArrayInputStream(withBom)).recipients()).hasSize(1);
        assertThat(CsvImport.DEFAULT.read(new ByteArrayInputStream(csv)).recipients()).hasSize(1);
        assertThat(read("\uFEFFemail,name\njane@example.com,Jane\n").recipients()).hasSize(1);
    }

    @Test
    void textIsReadAsUtf8() {
        byte[] csv = "email,name\njosé@bücher.example,José Müller 日本\n".getBytes(StandardCharsets.UTF_8);

        Recipient jose = CsvImport.DEFAULT.read(new ByteArrayInputStream(csv)).recipients().get(0);

        assertThat(jose.address()).isEqualTo(EmailAddress.of("josé@bücher.example"));
        assertThat(jose.variables()).containsEntry("name", "José Müller 日本");
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        CsvImportResult result = read("email,name,note\r\n"
                + "\"jane@example.com\",\"Doe, Jane\",\"She said \"\"hi\"\"\r\nand left\"\r\n"
                + "bob@example.com,,\"\"\r\n"
                + "bad,Bad,x\r\n");

        assertThat(result.recipients().get(0).variables())
                .containsExactly(Map.entry("name", "Doe, Jane"), Map.entry("note", "She said \"hi\"\r\nand left"));
        assertThat(result.recipients().get(1).variables()).containsExactly(Map.entry("name", ""), Map.entry("note", ""));
        assertThat(result.invalidRows()).extracting(CsvImportResult.InvalidRow::line).containsExactly(5);
    }

    @Test
    void spacesAroundAQuotedFieldAreTolerated() {
        CsvImportResult result = read("email,name\njane@example.com,  \"Doe, Jane\"  \n");

        assertThat(result.recipients().get(0).variables()).containsEntry("name", "Doe, Jane");
    }

    @Test
    void linesEndWithCrlfLfOrCrAndTheLastOneNeedNotEnd() {
        for (String csv : List.of("email,n\r\na@example.com,1\r\nb@example.com,2\r\n", "email,n\na@example.com,1\nb@example.com,2\n",
                "email,n\ra@example.com,1\rb@example.com,2\r", "email,n\na@example.com,1\r\nb@example.com,2")) {
            CsvImportResult result = read(csv);
            assertThat(result.recipients()).as(csv).extracting(r -> r.address().address()).containsExactly("a@example.com", "b@example.com");
            assertThat(result.recipients().get(1).variables()).as(csv).containsExactly(Map.entry("n", "2"));
        }
    }

    @Test
    void emptyLinesAreSkippedAndStillCounted() {
        CsvImportResult result = read("\n\nemail,name\n\njane@example.com,Jane\r\n\r\n\nnot-an-address,X\n\n\n");

        assertThat(result.recipients()).hasSize(1);
        assertThat(result.invalidRows()).extracting(CsvImportResult.InvalidRow::line).containsExactly(8);
    }

    @Test
    void duplicatesAreRemovedWithoutRegardToCaseAndReportedWithTheirLines() {
        CsvImportResult result = read("email,n\njane@example.com,1\nbob@example.com,2\nJane@EXAMPLE.com,3\njane@example.com,4\n");

        assertThat(result.recipients()).extracting(r -> r.variables().get("n")).containsExactly("1", "2");
        assertThat(result.duplicates()).containsExactly(
                new CsvImportResult.DuplicateRow(4, EmailAddress.of("Jane@EXAMPLE.com"), 2),
                new CsvImportResult.DuplicateRow(5, EmailAddress.of("jane@example.com"), 2));
    }

    @Test
    void invalidRowsAreReportedWithTheirLinesCountingTheHeaderAsLineOne() {
        CsvImportResult result = read("email,name\n"
                + "jane@example.com,Jane\n"
                + "bob@example.com\n"
                + "carl@example.com,Carl,extra\n"
                + ",Nobody\n"
                + "   ,Blank\n"
                + "not-an-address,X\n"
                + "\"two\nlines@example.com\",Y\n"
                + "  dora@example.com  ,Dora\n");

        assertThat(result.invalidRows()).containsExactly(
                new CsvImportResult.InvalidRow(3, "the row has 1 field but the header has 2"),
                new CsvImportResult.InvalidRow(4, "the row has 3 fields but the header has 2"),
                new CsvImportResult.InvalidRow(5, "the email column is empty"),
                new CsvImportResult.InvalidRow(6, "the email column is empty"),
                new CsvImportResult.InvalidRow(7, "Invalid email address \"not-an-address\": no '@' between local part and domain"),
                new CsvImportResult.InvalidRow(8, "Invalid email address \"two\\nlines@example.com\": contains a line feed (LF)"));
        assertThat(result.recipients()).extracting(r -> r.address().address()).containsExactly("jane@example.com", "dora@example.com");
    }

    @Test
    void aMalformedQuoteSpoilsOnlyItsRow() {
        CsvImportResult result = read("email,name\njane@example.com,Ja\"ne\nbob@example.com,\"Bob\"by\ncarl@example.com,Carl\n");

        assertThat(result.invalidRows()).extracting(CsvImportResult.InvalidRow::line).containsExactly(2, 3);
        assertThat(result.invalidRows().get(0).reason()).startsWith("field 2 has a quote inside an unquoted value");
        assertThat(result.invalidRows().get(1).reason()).isEqualTo("field 2 has text after its closing quote");
        assertThat(result.recipients()).extracting(r -> r.address().address()).containsExactly("carl@example.com");
    }

    @Test
    void suppressedAddressesAreReportedAndLeftOut() {
        Set<EmailAddress> unsubscribed = Set.of(EmailAddress.of("bob@example.com"));

        CsvImportResult result = CsvImport.DEFAULT.withSuppression(unsubscribed::contains)
                .read(new StringReader("email\njane@example.com\nbob@example.com\n"));

        assertThat(result.suppressed()).containsExactly(new CsvImportResult.SuppressedRow(3, EmailAddress.of("bob@example.com")));
        assertThat(result.recipients()).extracting(r -> r.address().address()).containsExactly("jane@example.com");
    }

    @Test
    void theAddressColumnIsFoundByNameWithoutRegardToCase() {
        assertThat(read("EMail,name\njane@example.com,Jane\n").recipients()).hasSize(1);
        CsvImportResult custom = CsvImport.DEFAULT.withAddressColumn("mail-to")
                .read(new StringReader("Name,Mail-To\nJane,jane@example.com\n"));
        assertThat(custom.recipients()).containsExactly(Recipient.of("jane@example.com", Map.of("Name", "Jane")));
        assertThat(custom.columns()).containsExactly("Name");
    }

    @Test
    void aHeaderWithoutTheAddressColumnIsRefused() {
        Throwable thrown = catchThrowable(() -> read("name,mail\nJane,jane@example.com\n"));

        assertThat(thrown).isInstanceOf(CsvImportException.class)
                .hasMessage("CSV line 1: the header has no address column \"email\"; its columns are \"name\", \"mail\"");
        assertThat(((CsvImportException) thrown).line()).isEqualTo(1);
    }

    @Test
    void aHeaderOnItsOwnImportsNoRecipients() {
        CsvImportResult result = read("email,name\r\n");

        assertThat(result.recipients()).isEmpty();
        assertThat(result.columns()).containsExactly("name");
    }

    @Test
    void unusableHeadersAreRefusedWithTheirLine() {
        assertRefused("", 1, "the input is empty");
        assertRefused("\n\r\n", 1, "the input is empty");
        assertRefused("\n\nemail,,name\n", 3, "column 2 of the header has no name");
        assertRefused("email,Name,name\n", 1, "columns 2 and 3 are both named \"name\"");
        assertRefused("email,First Name\n", 1, "column 2 \"First Name\" cannot name a template variable");
        assertRefused("email,user.name\n", 1, "cannot name a template variable");
        assertRefused("email,na\"me\n", 1, "the header row is malformed");
    }

    @Test
    void aRowLongerThanTheBound_refusesTheImport_whetherQuotedOrNot() {
        String longest = "x".repeat(CsvRecordReader.MAX_RECORD_CHARS - "bob@example.com,".length());
        assertThat(read("email,note\nbob@example.com," + longest + "\n").recipients()).hasSize(1);
        assertRefused("email,note\nbob@example.com," + longest + "y\n", 2,
                "the row starting on line 2 is longer than " + CsvRecordReader.MAX_RECORD_CHARS + " characters");
        assertRefused("email,note\nbob@example.com,\"" + longest + "\n", 2,
                "the row starting on line 2 is longer than " + CsvRecordReader.MAX_RECORD_CHARS + " characters");
        assertRefused("email,note\n" + ",".repeat(CsvRecordReader.MAX_RECORD_CHARS + 1) + "\n", 2,
                "the row starting on line 2 is longer than " + CsvRecordReader.MAX_RECORD_CHARS + " characters");
    }

    @Test
    void aQuotedFieldThatIsNeverClosedRefusesTheImport() {
        assertRefused("email,note\njane@example.com,ok\nbob@example.com,\"open\nand on\nand on\n", 3,
                "a quoted field (in the row starting on line 3) is never closed");
    }

    @Test
    void bytesThatAreNotUtf8RefuseTheImportAtTheirLine() {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("email,name\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2000; i++) {
            csv.writeBytes(("user" + i + "@example.com,Name " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        csv.writeBytes("late@example.com,Latin-1 M".getBytes(StandardCharsets.UTF_8));
        csv.write(0xFC);
        csv.writeBytes("ller\n".getBytes(StandardCharsets.UTF_8));

        Throwable thrown = catchThrowable(() -> CsvImport.DEFAULT.read(new ByteArrayInputStream(csv.toByteArray())));

        assertThat(thrown).isInstanceOf(CsvImportException.class).hasMessage("CSV line 2002: the input is not valid UTF-8");
    }

    @Test
    void aFileIsReadAndAMissingFileIsReported(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("list.csv");
        Files.writeString(file, "email\njane@example.com\n");

        assertThat(CsvImport.DEFAULT.read(file).recipients()).hasSize(1);
        assertThatThrownBy(() -> CsvImport.DEFAULT.read(directory.resolve("missing.csv")))
                .isInstanceOf(DirectMailException.class).hasMessageContaining("missing.csv");
    }

    @Test
    void tenThousandAddressesAreImported() {
        CsvImportResult result = read(rows(10_000));

        assertThat(result.recipients()).hasSize(10_000);
        assertThat(result.recipients().get(9_999).address().address()).isEqualTo("user9999@example.com");
        assertThat(result.toList("everyone").size()).isEqualTo(10_000);
    }

    @Test
    void tenThousandAndOneAddressesAreRefusedAsAWhole() {
        Throwable thrown = catchThrowable(() -> read(rows(10_001)));

        assertThat(thrown).isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxAddressesPerList is 10000, but the request needs 10001");
        LimitExceededException e = (LimitExceededException) thrown;
        assertThat(List.of(e.limit(), e.allowed(), e.requested())).containsExactly("maxAddressesPerList", 10_000L, 10_001L);
    }

    @Test
    void rowsLeftOutDoNotCountAgainstTheLimit() {
        String csv = rows(10_000) + "user0@example.com,again\nnot-an-address,x\nblocked@example.com,x\n";

        CsvImportResult result = CsvImport.DEFAULT.withSuppression(a -> a.localPart().equals("blocked")).read(new StringReader(csv));

        assertThat(result.recipients()).hasSize(10_000);
        assertThat(List.of(result.duplicates().size(), result.invalidRows().size(), result.suppressed().size())).containsExactly(1, 1, 1);
    }

    @Test
    void theLimitIsTheEmbeddingApplicationsToChange() {
        CsvImport three = CsvImport.DEFAULT.withLimits(ListLimits.DEFAULT.withMaxAddressesPerList(3));

        assertThat(three.read(new StringReader(rows(3))).recipients()).hasSize(3);
        assertThatThrownBy(() -> three.read(new StringReader(rows(4)))).isInstanceOf(LimitExceededException.class)
                .hasMessage("Limit maxAddressesPerList is 3, but the request needs 4");
    }

    @Test
    void theResultIsUnmodifiable() {
        CsvImportResult result = read("email,n\njane@example.com,1\n");

        assertThatThrownBy(() -> result.recipients().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> result.recipients().get(0).variables().put("n", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> CsvImport.DEFAULT.withAddressColumn("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addressColumn must not be blank");
        assertThatThrownBy(() -> CsvImport.DEFAULT.withLimits(null)).isInstanceOf(NullPointerException.class).hasMessage("limits");
        assertThatThrownBy(() -> CsvImport.DEFAULT.withSuppression(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CsvImport.DEFAULT.read((StringReader) null)).isInstanceOf(NullPointerException.class);
    }

    private static String rows(int count) {
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; i < count; i++) {
            csv.append("user").append(i).append("@example.com,Name ").append(i).append('\n');
        }
        return csv.toString();
    }

    private static CsvImportResult read(String csv) {
        return CsvImport.DEFAULT.read(new StringReader(csv));
    }

    private static void assertRefused(String csv, int line, String reason) {
        Throwable thrown = catchThrowable(() -> read(csv));
        assertThat(thrown).as(csv).isInstanceOf(CsvImportException.class).hasMessageContaining(reason);
        assertThat(((CsvImportException) thrown).line()).as(csv).isEqualTo(line);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
