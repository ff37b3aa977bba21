package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.template.Template;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateCodecTest {

    private static final Template GOLDEN_VALUE = new Template("welcome", "Hi {{name}}", null, "Hello {{name}}");

    private static final String GOLDEN = """
            01                                      # format version
            00000007 77656c636f6d65                 # name "welcome"
            0000000b 4869207b7b6e616d657d7d         # subject "Hi {{name}}"
            00                                      # no html
            01 0000000e 48656c6c6f207b7b6e616d657d7d  # text "Hello {{name}}"
            """;

    private static Template roundTrip(Template template) {
        return TemplateCodec.decode(TemplateCodec.encode(template));
    }

    @Test
    void htmlOnly_textOnly_andBoth_roundTrip() {
        Template both = new Template("welcome", "Welcome, {{first_name}}",
                "<p>Hello {{first_name}}, your code is <b>{{code}}</b>.</p>", "Hello {{first_name}}, your code is {{code}}.");

        for (Template template : List.of(both, both.withHtml(null), both.withText(null))) {
            Template decoded = roundTrip(template);

            assertThat(decoded).isEqualTo(template);
            assertThat(decoded.html()).isEqualTo(template.html());
            assertThat(decoded.text()).isEqualTo(template.text());
        }
    }

    @Test
    void emptySubject_roundTrips_asEmpty() {
        Template template = new Template("bare", "", null, "text");

        assertThat(roundTrip(template).subject()).isEmpty();
    }

    @Test
    void nonAsciiText_roundTrips() {
        Template template = new Template("versand", "Grüße, {{name}} – Ihre Bestellung 🚚 ist unterwegs",
                "<p>您好 {{name}}，订单已发货。</p>", "Привет, {{name}}! Заказ отправлен.\r\n\tСпасибо.");

        assertThat(roundTrip(template)).isEqualTo(template);
    }

    @Test
    void largeHtml_roundTrips() {
        String row = "<tr><td>{{name}}</td><td>Zeile mit Umlauten äöü und einem Emoji 📦</td></tr>\n";
        String html = "<table>\n" + row.repeat(20_000) + "</table>";
        Template template = new Template("report", "Report", html, null);

        byte[] bytes = TemplateCodec.encode(template);

        assertThat(bytes.length).isGreaterThan(1_000_000);
        assertThat(TemplateCodec.decode(bytes)).isEqualTo(template);
    }

    @Test
    void textWithAnUnpairedSurrogate_isRefusedWhenEncoded_namingThePart() {
        Template template = new Template("broken", "Subject", "<p>half \uD83D of an emoji</p>", null);

        assertThatThrownBy(() -> TemplateCodec.encode(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot encode template: html holds an unpaired surrogate U+D83D");
    }

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        byte[] golden = GoldenBytes.parse(GOLDEN);

        assertThat(GoldenBytes.hex(TemplateCodec.encode(GOLDEN_VALUE))).isEqualTo(GoldenBytes.hex(golden));
        assertThat(TemplateCodec.decode(golden)).isEqualTo(GOLDEN_VALUE);
    }

    @Test
    void templateThatNoLongerCompiles_isReportedAsCorruption() {
        assertThatThrownBy(() -> TemplateCodec.decode(record("Hi {{name}}", "Hello {{#open}}")))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> {
                    assertThat(e.kind()).isEqualTo("template");
                    assertThat(e.offset()).isEqualTo(1);
                })
                .hasMessageContaining("the fields do not make a valid template");
        assertThatThrownBy(() -> TemplateCodec.decode(record("Hi\r\nBcc: x@example.com", "Hello")))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the subject must not contain");
        assertThat(TemplateCodec.decode(record("Hi {{name}}", "Hello {{name}}"))).isEqualTo(GOLDEN_VALUE);
    }

    @Test
    void damagedRecords_areRefusedAsCorruption() {
        DamagedRecords.assertRefused("template", TemplateCodec.encode(GOLDEN_VALUE), TemplateCodec::decode);
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> TemplateCodec.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TemplateCodec.decode(null)).isInstanceOf(NullPointerException.class);
    }

    /** A text-only template named welcome, written field by field. */
    private static byte[] record(String subject, String text) {
        FieldWriter out = new FieldWriter("template", 1, 0);
        out.string("name", "welcome");
        out.string("subject", subject);
        out.present(false);
        out.present(true);
        out.string("text", text);
        return out.toByteArray();
    }
}
