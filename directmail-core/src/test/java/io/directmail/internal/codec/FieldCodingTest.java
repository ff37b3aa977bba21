package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The field layout every codec shares: what each field becomes, and what a reader refuses. */
class FieldCodingTest {

    private static FieldWriter writer() {
        return new FieldWriter("test", 1, 0);
    }

    private static FieldReader reader(FieldWriter writer) {
        FieldReader in = new FieldReader("test", writer.toByteArray());
        in.expectVersion(1);
        return in;
    }

    private static FieldReader reader(String annotatedHex) {
        return new FieldReader("test", GoldenBytes.parse(annotatedHex));
    }

    @Test
    void integers_areBigEndian_afterTheVersionByte() {
        FieldWriter out = writer();
        out.i32(0x01020304);
        out.i64(-2);

        assertThat(GoldenBytes.hex(out.toByteArray())).isEqualTo("01" + "01020304" + "fffffffffffffffe");
    }

    @Test
    void string_isAnIntLengthAndUtf8_soLongTextFits() {
        String longText = "ü".repeat(100_000);
        FieldWriter out = writer();
        out.string("greeting", "Grüße 🚚");
        out.string("body", longText);
        FieldReader in = reader(out);

        byte[] bytes = out.toByteArray();
        assertThat(GoldenBytes.hex(Arrays.copyOf(bytes, 21))).isEqualTo("01" + "0000000c" + "4772c3bcc39f6520f09f9a9a" + "00030d40");
        assertThat(bytes).hasSize(1 + 4 + 12 + 4 + 200_000);
        assertThat(in.string("greeting")).isEqualTo("Grüße 🚚");
        assertThat(in.string("body")).isEqualTo(longText);
        in.end();
    }

    @Test
    void string_withAnUnpairedSurrogate_isRefusedWhenWritten_namingTheField() {
        FieldWriter out = writer();

        assertThatThrownBy(() -> out.string("subject", "broken \uD83D text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject")
                .hasMessageContaining("U+D83D at index 7");
        assertThatThrownBy(() -> out.string("subject", "ends with \uDE9A"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void string_thatIsNotUtf8_isRefused() {
        FieldReader in = reader("""
                00000002  # length
                c328      # a lead byte followed by no continuation byte
                """);

        assertThatThrownBy(() -> in.string("name"))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("name is not well-formed UTF-8");
    }

    @Test
    void string_withANegativeOrTooLongLength_isRefused_withoutAllocatingIt() {
        assertThatThrownBy(() -> reader("ffffffff 41").string("name"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("name has a negative length -1");
        assertThatThrownBy(() -> reader("7fffffff 41").string("name"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the record ends inside name: it needs 2147483647 bytes, 1 byte left");
    }

    @Test
    void count_largerThanWhatFollows_isRefused() {
        assertThatThrownBy(() -> reader("00000003 0000000000000000").count("draw", 4))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("draw count 3 does not fit the 8 bytes that follow");
        assertThat(reader("00000002 0000000000000000").count("draw", 4)).isEqualTo(2);
    }

    @Test
    void presenceByte_otherThanZeroOrOne_isRefused() {
        assertThat(reader("00").present("html")).isFalse();
        assertThat(reader("01").present("html")).isTrue();
        assertThatThrownBy(() -> reader("02").present("html"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the presence byte of html is 2, not 0 or 1");
    }

    @Test
    void instant_keepsSecondAndNanosecond_overTheWholeRange() {
        Instant[] instants = {Instant.MIN, Instant.EPOCH.minusNanos(1), Instant.parse("2026-01-02T03:04:05.123456789Z"),
            Instant.MAX};
        FieldWriter out = writer();
        for (Instant instant : instants) {
            out.instant(instant);
        }
        FieldReader in = reader(out);

        for (Instant instant : instants) {
            assertThat(in.instant("at")).isEqualTo(instant);
        }
        in.end();
    }

    @Test
    void instant_outOfRange_orWithABadNanosecond_isRefused() {
        assertThatThrownBy(() -> reader("7fffffffffffffff 00000000").instant("createdAt"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("createdAt is outside the range of an instant");
        assertThatThrownBy(() -> reader("0000000000000000 3b9aca00").instant("createdAt"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("createdAt has nanosecond 1000000000");
        assertThatThrownBy(() -> reader("0000000000000000 ffffffff").duration("window"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("window has nanosecond -1");
    }

    @Test
    void dateAndPeriodAndDuration_keepEveryPart() {
        FieldWriter out = writer();
        out.date(LocalDate.MIN);
        out.date(LocalDate.of(2026, 2, 28));
        out.date(LocalDate.MAX);
        out.period(Period.of(1, -2, 3));
        out.duration(Duration.ofSeconds(-5, 7));
        FieldReader in = reader(out);

        assertThat(in.date("day")).isEqualTo(LocalDate.MIN);
        assertThat(in.date("day")).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(in.date("day")).isEqualTo(LocalDate.MAX);
        assertThat(in.period("validity")).isEqualTo(Period.of(1, -2, 3));
        assertThat(in.duration("window")).isEqualTo(Duration.ofSeconds(-5, 7));
        in.end();
        assertThatThrownBy(() -> reader("7fffffffffffffff").date("day"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("day is outside the range of a date");
    }

    @Test
    void decimal_keepsTheExactValueAndScale() {
        BigDecimal[] amounts = {new BigDecimal("0.29"), new BigDecimal("0.290"), BigDecimal.ZERO, new BigDecimal("128"),
            new BigDecimal("123456789012345678901234567890.000000000000000000001")};
        FieldWriter out = writer();
        for (BigDecimal amount : amounts) {
            out.decimal("price", amount);
        }
        FieldReader in = reader(out);

        for (BigDecimal amount : amounts) {
            BigDecimal read = in.decimal("price");
            assertThat(read).isEqualTo(amount);
            assertThat(read.scale()).isEqualTo(amount.scale());
        }
        in.end();
        FieldWriter one = writer();
        one.decimal("price", new BigDecimal("0.29"));
        assertThat(GoldenBytes.hex(one.toByteArray())).isEqualTo("01" + "00000002" + "00000001" + "1d");
    }

    @Test
    void decimal_withANegativeScale_isRefusedBothWays() {
        assertThatThrownBy(() -> writer().decimal("price", new BigDecimal("1E+3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("price 1E+3 has a negative scale -3");
        assertThatThrownBy(() -> reader("80000000 00000001 01").decimal("price"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("price has a negative scale -2147483648");
        assertThatThrownBy(() -> reader("00000000 00000000").decimal("price"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("price has an unscaled value of no octets");
    }

    @Test
    void enum_isWrittenByName_andAnUnknownNameIsRefused() {
        FieldWriter out = writer();
        out.enumName("type", MailType.BATCH);

        assertThat(GoldenBytes.hex(out.toByteArray())).isEqualTo("01" + "00000005" + "4241544348");
        assertThat(reader(out).enumName(MailType.class, "type")).isEqualTo(MailType.BATCH);
        assertThatThrownBy(() -> reader("00000004 42554c4b").enumName(MailType.class, "type"))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("type names no MailType: \"BULK\"");
    }

    @Test
    void address_keepsAQuotedOrNonAsciiLocalPart_andTheAsciiDomain() {
        EmailAddress quoted = EmailAddress.of("\"john doe\"@example.com");
        EmailAddress international = EmailAddress.of("jörg@bücher.example");
        FieldWriter out = writer();
        out.address("from", quoted);
        out.address("to", international);
        FieldReader in = reader(out);

        assertThat(in.address("from")).isEqualTo(quoted);
        EmailAddress read = in.address("to");
        assertThat(read).isEqualTo(international);
        assertThat(read.domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(read.unicodeDomain()).isEqualTo("bücher.example");
    }

    @Test
    void address_thatIsNotAnAddress_isRefused() {
        FieldWriter out = writer();
        out.string("local part", "alerts");
        out.string("domain", "localhost");

        assertThatThrownBy(() -> reader(out).address("from"))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.offset()).isEqualTo(1))
                .hasMessageContaining("the fields do not make a valid from");
    }

    @Test
    void emptyRecord_isRefusedAtTheVersion() {
        assertThatThrownBy(() -> new FieldReader("template", new byte[0]).expectVersion(1))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> {
                    assertThat(e.kind()).isEqualTo("template");
                    assertThat(e.offset()).isZero();
                })
                .hasMessage("template record is corrupted at byte 0: the record ends inside format version: it needs 1 byte, 0 bytes left");
    }
}
