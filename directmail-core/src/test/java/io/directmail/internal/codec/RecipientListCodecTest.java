package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipientListCodecTest {

    private static final RecipientList GOLDEN_VALUE = new RecipientList("news", List.of(
            Recipient.of("a@example.com", ordered("first", "Ann", "code", "1")),
            Recipient.of("b@example.com", ordered("first", "Bo", "code", "2")),
            Recipient.of("c@example.com", ordered("code", "3"))));

    private static final String GOLDEN = """
            01                                  # format version
            00000004 6e657773                   # name "news"
            00000002                            # 2 columns:
            00000005 6669727374                 #   0 "first"
            00000004 636f6465                   #   1 "code"
            00000002                            # 2 layouts:
            00000002 00000000 00000001          #   0: first, code
            00000001 00000001                   #   1: code
            00000003                            # 3 rows:
            00000000                            #   layout 0
            00000001 61                         #   local part "a"
            0000000b 6578616d706c652e636f6d     #   domain "example.com"
            00000003 416e6e                     #   first "Ann"
            00000001 31                         #   code "1"
            00000000                            #   layout 0
            00000001 62                         #   local part "b"
            0000000b 6578616d706c652e636f6d     #   domain "example.com"
            00000002 426f                       #   first "Bo"
            00000001 32                         #   code "2"
            00000001                            #   layout 1
            00000001 63                         #   local part "c"
            0000000b 6578616d706c652e636f6d     #   domain "example.com"
            00000001 33                         #   code "3"
            """;

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            variables.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return variables;
    }

    private static RecipientList roundTrip(RecipientList list) {
        return RecipientListCodec.decode(RecipientListCodec.encode(list));
    }

    @Test
    void emptyList_andRowsWithoutVariables_roundTrip() {
        RecipientList empty = new RecipientList("empty", List.of());
        RecipientList bare = new RecipientList("bare", List.of(Recipient.of("a@example.com"), Recipient.of("b@example.com")));

        assertThat(roundTrip(empty)).isEqualTo(empty);
        assertThat(roundTrip(bare)).isEqualTo(bare);
    }

    @Test
    void rowsWithOtherVariablesOrAnotherOrder_keepTheirOwnVariablesInTheirOwnOrder() {
        RecipientList list = new RecipientList("mixed", List.of(
                Recipient.of("a@example.com", ordered("first", "Ann", "code", "1")),
                Recipient.of("b@example.com", ordered("code", "2", "first", "Bo")),
                Recipient.of("c@example.com", ordered("city", "Köln")),
                Recipient.of("d@example.com"),
                Recipient.of("e@example.com", ordered("first", "", "code", "5"))));

        RecipientList decoded = roundTrip(list);

        assertThat(decoded).isEqualTo(list);
        for (int i = 0; i < list.size(); i++) {
            assertThat(decoded.recipients().get(i).variables().entrySet()).as("row %d", i)
                    .containsExactlyElementsOf(list.recipients().get(i).variables().entrySet());
        }
    }

    @Test
    void nonAsciiAddressesAndValues_roundTrip() {
        RecipientList list = new RecipientList("international", List.of(
                Recipient.of("jörg@bücher.example", ordered("name", "Jörg Müller", "greeting", "Grüß Gott 👋")),
                Recipient.of("\"李 雷\"@例え.テスト", ordered("name", "李雷", "greeting", "你好")),
                Recipient.of("olga@пример.рф", ordered("name", "Ольга", "greeting", "Здравствуйте"))));

        RecipientList decoded = roundTrip(list);

        assertThat(decoded).isEqualTo(list);
        assertThat(decoded.recipients().get(2).address().unicodeDomain()).isEqualTo("пример.рф");
    }

    @Test
    void variableNames_areWrittenOnce_notOncePerRow() {
        List<Recipient> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(Recipient.of("user" + i + "@example.com", ordered("first_name", "N" + i, "order_code", "C" + i)));
        }

        String encoded = new String(RecipientListCodec.encode(new RecipientList("orders", rows)), StandardCharsets.ISO_8859_1);

        assertThat(encoded.split("first_name", -1)).hasSize(2);
        assertThat(encoded.split("order_code", -1)).hasSize(2);
    }

    @Test
    void tenThousandRows_roundTrip_inLessThanOneAndAHalfMegabytes() {
        List<Recipient> rows = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            rows.add(Recipient.of(String.format("subscriber%05d@mail.example.com", i),
                    ordered("first_name", "Name" + i, "code", String.format("C-%05d", i))));
        }
        RecipientList list = new RecipientList("subscribers", rows);

        byte[] bytes = RecipientListCodec.encode(list);

        System.out.printf("recipient list: 10,000 rows of an address and 2 variables take %,d bytes (%d per row)%n",
                bytes.length, bytes.length / 10_000);
        assertThat(bytes.length).isLessThan(1_500_000);
        assertThat(bytes.length / 10_000).as("bytes per row").isLessThanOrEqualTo(80);
        assertThat(RecipientListCodec.decode(bytes)).isEqualTo(list);
    }

    @Test
    void valueWithAnUnpairedSurrogate_isRefusedWhenEncoded_namingTheRowAndVariable() {
        RecipientList list = new RecipientList("broken", List.of(Recipient.of("a@example.com"),
                Recipient.of("b@example.com", ordered("first", "half \uDE00"))));

        assertThatThrownBy(() -> RecipientListCodec.encode(list))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variable first of row 1 holds an unpaired surrogate U+DE00");
    }

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        byte[] golden = GoldenBytes.parse(GOLDEN);

        assertThat(GoldenBytes.hex(RecipientListCodec.encode(GOLDEN_VALUE))).isEqualTo(GoldenBytes.hex(golden));
        assertThat(RecipientListCodec.decode(golden)).isEqualTo(GOLDEN_VALUE);
    }

    @Test
    void headerThatContradictsItself_isRefused() {
        assertThatThrownBy(() -> RecipientListCodec.decode(record(List.of("first", "first"), List.of(List.of(0)), 0)))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("column 1 repeats the variable name \"first\" of column 0");
        assertThatThrownBy(() -> RecipientListCodec.decode(record(List.of("first"), List.of(List.of(1)), 0)))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("layout 0 names column 1 of 1");
        assertThatThrownBy(() -> RecipientListCodec.decode(record(List.of("first", "code"), List.of(List.of(1, 1)), 0)))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("layout 0 names column 1 twice");
        assertThatThrownBy(() -> RecipientListCodec.decode(record(List.of("first"), List.of(List.of(0)), 1)))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("row 0 names layout 1 of 1");
        assertThat(RecipientListCodec.decode(record(List.of("first"), List.of(List.of(0)), 0)).recipients())
                .containsExactly(Recipient.of("a@example.com", Map.of("first", "value")));
    }

    @Test
    void rowsTheListRefuses_areReportedAsCorruption() {
        FieldWriter out = new FieldWriter("recipient list", 1, 0);
        out.string("name", "twice");
        out.i32(0);
        out.i32(1);
        out.i32(0);
        out.i32(2);
        for (String localPart : new String[] {"a", "A"}) {
            out.i32(0);
            out.string("local part", localPart);
            out.string("domain", "example.com");
        }

        assertThatThrownBy(() -> RecipientListCodec.decode(out.toByteArray()))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the fields do not make a valid recipient list")
                .hasMessageContaining("more than once");
    }

    @Test
    void damagedRecords_areRefusedAsCorruption() {
        DamagedRecords.assertRefused("recipient list", RecipientListCodec.encode(GOLDEN_VALUE), RecipientListCodec::decode);
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> RecipientListCodec.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RecipientListCodec.decode(null)).isInstanceOf(NullPointerException.class);
    }

    /** A list of one row, a@example.com, whose every variable is "value", with the given header. */
    private static byte[] record(List<String> columns, List<List<Integer>> layouts, int rowLayout) {
        FieldWriter out = new FieldWriter("recipient list", 1, 0);
        out.string("name", "list");
        out.i32(columns.size());
        for (String column : columns) {
            out.string("column", column);
        }
        out.i32(layouts.size());
        for (List<Integer> layout : layouts) {
            out.i32(layout.size());
            layout.forEach(out::i32);
        }
        out.i32(1);
        out.i32(rowLayout);
        out.string("local part", "a");
        out.string("domain", "example.com");
        int width = rowLayout < layouts.size() ? layouts.get(rowLayout).size() : 0;
        for (int i = 0; i < width; i++) {
            out.string("value", "value");
        }
        return out.toByteArray();
    }
}
