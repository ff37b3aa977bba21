package io.directmail.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.directmail.Mail;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private static final String NASTY = "<script>alert('x')</script> & \"quotes\"";

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void theHtmlPartEscapesVariables() {
        Template template = new Template("t", "s", "<p>{{v}}</p>", null);

        assertThat(render(template, Map.of("v", NASTY)).html())
                .isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>");
    }

    @Test
    void aTripleMustacheOrAnAmpersandInsertsTheValueAsItIs() {
        Template template = new Template("t", "s", "{{{v}}}|{{&v}}", null);

        assertThat(render(template, Map.of("v", "<b>bold</b> & more")).html()).isEqualTo("<b>bold</b> & more|<b>bold</b> & more");
    }

    @Test
    void theSubjectAndTheTextPartAreNotEscaped() {
        Template template = new Template("t", "Re: {{v}}", "<p>{{v}}</p>", "Text: {{v}} {{{v}}}");

        RenderedContent content = render(template, Map.of("v", "Tom & Jerry <tj@example.com>"));

        assertThat(content.subject()).isEqualTo("Re: Tom & Jerry <tj@example.com>");
        assertThat(content.text()).isEqualTo("Text: Tom & Jerry <tj@example.com> Tom & Jerry <tj@example.com>");
        assertThat(content.html()).isEqualTo("<p>Tom &amp; Jerry &lt;tj@example.com&gt;</p>");
    }

    @Test
    void aSectionRepeatsForEachElementOfAList() {
        Template template = new Template("t", "s", null, "{{#items}}[{{name}} x{{qty}} for {{customer}}]{{/items}}");

        RenderedContent content = render(template, Map.of("customer", "Jane",
                "items", List.of(Map.of("name", "pen", "qty", 2), Map.of("name", "ink", "qty", 1))));

        assertThat(content.text()).isEqualTo("[pen x2 for Jane][ink x1 for Jane]");
        assertThat(render(new Template("t", "s", null, "{{#tags}}<{{.}}>{{/tags}}"), Map.of("tags", new String[] {"a", "b"})).text())
                .isEqualTo("<a><b>");
    }

    @Test
    void aSectionShowsOnceForATruthyValueAndHidesForAFalsyOne() {
        Template template = new Template("t", "s", null, "{{#vip}}VIP {{vip.level}}{{/vip}}.");

        assertThat(render(template, Map.of("vip", Map.of("level", "gold"))).text()).isEqualTo("VIP gold.");
        Template flag = new Template("t", "s", null, "{{#show}}shown{{/show}}.");
        assertThat(render(flag, Map.of("show", true)).text()).isEqualTo("shown.");
        assertThat(render(flag, Map.of("show", "yes")).text()).isEqualTo("shown.");
        assertThat(render(flag, Map.of("show", false)).text()).isEqualTo(".");
        assertThat(render(flag, Map.of("show", "")).text()).isEqualTo(".");
        assertThat(render(flag, Map.of("show", List.of())).text()).isEqualTo(".");
    }

    @Test
    void anInvertedSectionShowsExactlyWhenTheSectionWouldNot() {
        Template template = new Template("t", "s", null, "{{^items}}No items.{{/items}}{{#items}}{{.}};{{/items}}");

        assertThat(render(template, Map.of("items", List.of())).text()).isEqualTo("No items.");
        assertThat(render(template, Map.of("items", false)).text()).isEqualTo("No items.");
        assertThat(render(template, Map.of("items", "")).text()).isEqualTo("No items.");
        assertThat(render(template, Map.of("items", List.of("a", "b"))).text()).isEqualTo("a;b;");
    }

    @Test
    void aDottedNameLooksUpNestedMaps() {
        Template template = new Template("t", "Order {{order.id}}", null, "{{order.customer.name}}");

        RenderedContent content = render(template, Map.of("order", Map.of("id", 1234, "customer", Map.of("name", "Jane"))));

        assertThat(content.subject()).isEqualTo("Order 1234");
        assertThat(content.text()).isEqualTo("Jane");
    }

    @Test
    void valuesRenderWithToString() {
        Template template = new Template("t", "s", null, "{{price}} {{count}} {{ok}}");

        assertThat(render(template, Map.of("price", new BigDecimal("12.50"), "count", 3, "ok", true)).text()).isEqualTo("12.50 3 true");
    }

    @Test
    void objectsAreNotInspectedThroughReflection() {
        record Customer(String name) {
        }
        Template template = new Template("t", "s", null, "[{{customer.name}}][{{customer.class}}]");

        RenderedContent content = renderer.render(template, Map.of("customer", new Customer("Jane")), MissingVariables.EMPTY);

        assertThat(content.text()).isEqualTo("[][]");
        assertThat(content.missingVariables()).containsExactly("customer.name", "customer.class");
    }

    @Test
    void failNamesEveryMissingVariableInTheOrderUsed() {
        Template template = new Template("t", "Hi {{first_name}}", "<p>{{#vip}}VIP{{/vip}} {{first_name}}</p>",
                "{{order.id}} {{^coupon}}none{{/coupon}}");

        Throwable thrown = catchThrowable(() -> renderer.render(template, Map.of("order", Map.of()), MissingVariables.FAIL));

        assertThat(thrown).isInstanceOf(MissingVariableException.class)
                .hasMessage("Template \"t\" uses 4 variables that were not given: \"first_name\", \"vip\", \"order.id\", \"coupon\"");
        assertThat(((MissingVariableException) thrown).variables()).containsExactly("first_name", "vip", "order.id", "coupon");
        assertThat(((MissingVariableException) thrown).templateName()).isEqualTo("t");
    }

    @Test
    void failAcceptsFalsyValuesAndTheNamesOfEnclosingScopes() {
        Template template = new Template("t", "s", null, "{{#items}}{{name}} for {{customer}};{{/items}}{{^vip}}-{{/vip}}");

        RenderedContent content = renderer.render(template,
                Map.of("items", List.of(Map.of("name", "pen")), "customer", "Jane", "vip", false), MissingVariables.FAIL);

        assertThat(content.text()).isEqualTo("pen for Jane;-");
        assertThat(content.missingVariables()).isEmpty();
    }

    @Test
    void aVariableInsideASectionIsMissingWhenNoEnclosingScopeHasIt() {
        Template template = new Template("t", "s", null, "{{#items}}{{name}}{{/items}}");

        assertThatThrownBy(() -> renderer.render(template, Map.of("items", List.of(Map.of("sku", 1), Map.of("sku", 2))),
                MissingVariables.FAIL))
                .isInstanceOf(MissingVariableException.class).hasMessageEndingWith("uses a variable that was not given: \"name\"");
    }

    @Test
    void aNullValueCountsAsMissing() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("name", null);
        Template template = new Template("t", "s", null, "Hi {{name}}");

        assertThatThrownBy(() -> renderer.render(template, variables, MissingVariables.FAIL)).isInstanceOf(MissingVariableException.class);
        assertThat(renderer.render(template, variables, MissingVariables.EMPTY).text()).isEqualTo("Hi ");
    }

    @Test
    void emptyRendersAMissingVariableAsNothingAndListsIt() {
        Template template = new Template("t", "Hi {{first_name}}!", "<p>{{#vip}}VIP{{/vip}}{{first_name}}</p>", null);

        RenderedContent content = renderer.render(template, Map.of(), MissingVariables.EMPTY);

        assertThat(content.subject()).isEqualTo("Hi !");
        assertThat(content.html()).isEqualTo("<p></p>");
        assertThat(content.text()).isNull();
        assertThat(content.missingVariables()).containsExactly("first_name", "vip");
    }

    @Test
    void aPreviewNeverFailsOnMissingVariablesButListsThem() {
        Template template = new Template("t", "Hi {{first_name}}", null, "Your code: {{code}}");

        RenderedContent preview = renderer.preview(template, Map.of("first_name", "Jane"));

        assertThat(preview.subject()).isEqualTo("Hi Jane");
        assertThat(preview.text()).isEqualTo("Your code: ");
        assertThat(preview.missingVariables()).containsExactly("code");
        assertThatThrownBy(() -> renderer.render(template, Map.of("first_name", "Jane"), MissingVariables.FAIL))
                .isInstanceOf(MissingVariableException.class);
    }

    @Test
    void aValueThatWouldPutALineBreakIntoTheSubjectIsRefused() {
        Template template = new Template("t", "Hello {{name}}", "<p>{{name}}</p>", "{{name}}");

        for (String value : List.of("Jane\r\nBcc: everyone@example.com", "Jane\nX: y", "Jane\r", "Jane\0", "Jane\u2028")) {
            Throwable thrown = catchThrowable(() -> renderer.render(template, Map.of("name", value), MissingVariables.FAIL));
            assertThat(thrown).as(value).isInstanceOf(UnsafeSubjectException.class).hasMessageContaining("variable \"name\"");
            assertThat(((UnsafeSubjectException) thrown).variable()).isEqualTo("name");
            assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("\r");
        }
        assertThatThrownBy(() -> renderer.preview(template, Map.of("name", "a\nb"))).isInstanceOf(UnsafeSubjectException.class);
    }

    @Test
    void aLineBreakFromAListInTheSubjectIsRefusedToo() {
        Template template = new Template("t", "Tags: {{#tags}}{{.}} {{/tags}}", null, "x");

        assertThatThrownBy(() -> renderer.render(template, Map.of("tags", List.of("a", "b\nBcc: x@example.com")), MissingVariables.FAIL))
                .isInstanceOf(UnsafeSubjectException.class).hasMessageContaining("variable \"tags\"");
    }

    @Test
    void lineBreaksInBodyValuesAreKept() {
        Template template = new Template("t", "Hello {{name}}", "<p>{{note}}</p>", "{{note}}");

        RenderedContent content = render(template, Map.of("name", "Jane\tDoe", "note", "line 1\r\nline 2"));

        assertThat(content.subject()).isEqualTo("Hello Jane\tDoe");
        assertThat(content.text()).isEqualTo("line 1\r\nline 2");
        assertThat(content.html()).isEqualTo("<p>line 1&#13;&#10;line 2</p>");
    }

    @Test
    void theContentFillsAMail() {
        Template template = new Template("t", "Your order {{id}}", "<p>Order <b>{{id}}</b></p>", "Order {{id}}");

        Mail mail = render(template, Map.of("id", 1234))
                .applyTo(Mail.newBuilder().from("shop@shop.example").addTo("jane@example.com")).build();

        assertThat(mail.subject()).isEqualTo("Your order 1234");
        assertThat(mail.html()).contains("<p>Order <b>1234</b></p>");
        assertThat(mail.text()).contains("Order 1234");
    }

    @Test
    void oneRendererServesManyThreadsEachWithItsOwnValues() throws Exception {
        Template template = new Template("t", "Hi {{n}}", "<p>{{n}}</p>", "{{#items}}{{.}}{{/items}}");
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    RenderedContent content = render(template, Map.of("n", n, "items", List.of(n, n)));
                    return content.subject().equals("Hi " + n) && content.html().equals("<p>" + n + "</p>")
                            && content.text().equals("" + n + n);
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        Template template = new Template("t", "s", null, "x");

        assertThatThrownBy(() -> renderer.render(null, Map.of(), MissingVariables.FAIL)).hasMessage("template");
        assertThatThrownBy(() -> renderer.render(template, null, MissingVariables.FAIL)).hasMessage("variables");
        assertThatThrownBy(() -> renderer.render(template, Map.of(), null)).hasMessage("policy");
    }

    private RenderedContent render(Template template, Map<String, ?> variables) {
        return renderer.render(template, variables, MissingVariables.FAIL);
    }
}
