package io.directmail.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.directmail.InvalidMailException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final String HTML = "<p>Hello {{first_name}}</p>";

    @Test
    void keepsItsFourTexts() {
        Template template = new Template("welcome", "Welcome, {{first_name}}", HTML, "Hello {{first_name}}");

        assertThat(template.name()).isEqualTo("welcome");
        assertThat(template.subject()).isEqualTo("Welcome, {{first_name}}");
        assertThat(template.html()).isEqualTo(HTML);
        assertThat(template.text()).isEqualTo("Hello {{first_name}}");
        assertThat(template).isEqualTo(new Template("welcome", "Welcome, {{first_name}}", HTML, "Hello {{first_name}}"));
    }

    @Test
    void namesHaveOneTo64SaneCharacters() {
        assertThat(new Template("a", "s", HTML, null).name()).isEqualTo("a");
        assertThat(new Template("x".repeat(64), "s", HTML, null).name()).hasSize(64);
        assertThat(new Template("Order-Confirmation_v2.1", "s", HTML, null).name()).isEqualTo("Order-Confirmation_v2.1");

        assertRefused(() -> new Template("x".repeat(65), "s", HTML, null), "65 characters long; at most 64");
        assertRefused(() -> new Template("", "s", HTML, null), "empty");
        assertRefused(() -> new Template(null, "s", HTML, null), "required");
        assertRefused(() -> new Template("-welcome", "s", HTML, null), "start with an ASCII letter or digit");
        for (String bad : List.of("new welcome", "a/b", "a\nb", "bücher", "a<b>")) {
            assertRefused(() -> new Template(bad, "s", HTML, null), "only ASCII letters, digits");
        }
    }

    @Test
    void aSubjectIsRequiredButMayBeEmpty() {
        assertThat(new Template("t", "", HTML, null).subject()).isEmpty();
        assertRefused(() -> new Template("t", null, HTML, null), "subject is required");
    }

    @Test
    void aSubjectWithALineBreakOrControlCharacterIsRefused() {
        assertRefused(() -> new Template("t", "Hi\r\nBcc: all@example.com", HTML, null), "carriage return (CR)");
        assertRefused(() -> new Template("t", "Hi\nthere", HTML, null), "line feed (LF)");
        assertRefused(() -> new Template("t", "Hi\0", HTML, null), "NUL");
        assertRefused(() -> new Template("t", "Hi\u0007", HTML, null), "U+0007");
        assertThat(new Template("t", "Tab\tis fine", HTML, null).subject()).isEqualTo("Tab\tis fine");
    }

    @Test
    void atLeastOneBodyIsRequiredAndAnAbsentBodyIsNullNotEmpty() {
        assertThat(new Template("t", "s", null, "text only").html()).isNull();
        assertThat(new Template("t", "s", "<p>html only</p>", null).text()).isNull();

        assertRefused(() -> new Template("t", "s", null, null), "an HTML part, a text part or both are required");
        assertRefused(() -> new Template("t", "s", "", "text"), "HTML part is empty");
        assertRefused(() -> new Template("t", "s", "<p>x</p>", ""), "text part is empty");
    }

    @Test
    void anUnclosedSectionIsReportedAtItsOpeningTag() {
        String html = "<ul>\n<!-- items -->\n  {{#items}}<li>{{name}}</li>\n</ul>\n";

        TemplateSyntaxException e = syntaxError(() -> new Template("list", "s", html, null));

        assertThat(e.part()).isEqualTo(TemplatePart.HTML);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.problem()).isEqualTo("section \"items\" is never closed: {{/items}} is missing");
        assertThat(e.templateName()).isEqualTo("list");
        assertThat(e).hasMessage("Template \"list\": html line 3, column 3: section \"items\" is never closed: {{/items}} is missing");
    }

    @Test
    void anUnclosedTagIsReportedWhereItOpens() {
        TemplateSyntaxException atTheEnd = syntaxError(() -> new Template("t", "s", null, "Hello,\n\nDear {{first_name"));
        assertThat(atTheEnd.part()).isEqualTo(TemplatePart.TEXT);
        assertThat(List.of(atTheEnd.line(), atTheEnd.column())).containsExactly(3, 6);
        assertThat(atTheEnd.problem()).contains("not closed");

        TemplateSyntaxException beforeLaterTags = syntaxError(
                () -> new Template("t", "s", null, "Hello,\n\nDear {{first_name,\nyour code is {{code}}."));
        assertThat(List.of(beforeLaterTags.line(), beforeLaterTags.column())).containsExactly(3, 6);
        assertThat(beforeLaterTags.problem()).isEqualTo("the tag is not closed on its line");

        TemplateSyntaxException onOneLine = syntaxError(() -> new Template("t", "s", null, "a\nb\nDear {{first_name {{code}}"));
        assertThat(List.of(onOneLine.line(), onOneLine.column())).containsExactly(3, 6);
    }

    @Test
    void theErrorNamesThePartItIsIn() {
        assertThat(syntaxError(() -> new Template("t", "Hi {{name", HTML, "ok")).part()).isEqualTo(TemplatePart.SUBJECT);
        assertThat(syntaxError(() -> new Template("t", "Hi", "{{#a}}", "ok")).part()).isEqualTo(TemplatePart.HTML);
        assertThat(syntaxError(() -> new Template("t", "Hi", HTML, "{{/a}}")).part()).isEqualTo(TemplatePart.TEXT);
    }

    @Test
    void linesEndWithLfCrlfOrCrAndColumnsCountCharacters() {
        assertPosition("a\r\nb\r\nxy{{#s}}", 3, 3);
        assertPosition("a\rb\rxy{{#s}}", 3, 3);
        assertPosition("äöü 😀 {{#s}}", 1, 7);
    }

    @Test
    void aMultiLineCommentIsFineAndLaterPositionsStayRight() {
        assertThat(new Template("t", "s", "{{! a comment\nover two lines }}<p>x</p>", null).html()).startsWith("{{!");
        assertPosition("{{! a\ncomment }}\nab {{#s}}", 3, 4);
    }

    @Test
    void sectionsMustCloseInOrder() {
        TemplateSyntaxException crossed = syntaxError(() -> new Template("t", "s", "{{#a}}\n {{#b}}{{/a}}{{/b}}", null));
        assertThat(List.of(crossed.line(), crossed.column())).containsExactly(2, 8);
        assertThat(crossed.problem()).isEqualTo("{{/a}} does not close the innermost open section \"b\" (opened at line 2, column 2)");

        TemplateSyntaxException stray = syntaxError(() -> new Template("t", "s", "x\n{{/a}}", null));
        assertThat(List.of(stray.line(), stray.column())).containsExactly(2, 1);
        assertThat(stray.problem()).isEqualTo("{{/a}} closes a section that is not open");
    }

    @Test
    void featuresThatReachOutsideTheTemplateAreRefused() {
        assertThat(syntaxError(() -> new Template("t", "s", "{{> footer}}", null)).problem()).startsWith("partials");
        assertThat(syntaxError(() -> new Template("t", "s", "{{> /etc/passwd}}", null)).problem()).startsWith("partials");
        assertThat(syntaxError(() -> new Template("t", "s", "{{<base}}{{/base}}", null)).problem()).startsWith("template inheritance");
        assertThat(syntaxError(() -> new Template("t", "s", "{{$block}}{{/block}}", null)).problem()).startsWith("template inheritance");
        assertThat(syntaxError(() -> new Template("t", "s", "{{?x}}{{/x}}", null)).problem()).contains("not supported");
        assertThat(syntaxError(() -> new Template("t", "s", "{{%IMPLICIT-ITERATOR}}", null)).problem()).startsWith("pragmas");
        assertThat(syntaxError(() -> new Template("t", "s", "{{=<% %>=}}<%name%>", null)).problem()).startsWith("changing the delimiters");
    }

    @Test
    void aTripleMustacheClosesWithThreeBraces() {
        assertThat(new Template("t", "s", "{{{raw}}}", null).html()).isEqualTo("{{{raw}}}");
        TemplateSyntaxException e = syntaxError(() -> new Template("t", "s", "ab {{{raw}} cd", null));
        assertThat(List.of(e.line(), e.column())).containsExactly(1, 4);
        assertThat(e.problem()).isEqualTo("the triple mustache is not closed with \"}}}\"");
    }

    @Test
    void variableNamesAreLettersDigitsUnderscoresAndDashesWithDotsBetweenNestedNames() {
        assertThat(new Template("t", "{{order.id}} {{first_name}} {{zip-code}} {{名前}}", HTML, null).subject()).contains("名前");
        assertThat(new Template("t", "s", "{{#tags}}{{.}}{{/tags}}", null).html()).contains("{{.}}");

        assertThat(syntaxError(() -> new Template("t", "s", "{{first name}}", null)).problem())
                .isEqualTo("\"first name\" is not a valid variable name: a variable name may contain only letters, digits, '_' and '-',"
                        + " with '.' between nested names");
        assertThat(syntaxError(() -> new Template("t", "s", "{{order..id}}", null)).problem()).contains("empty part");
        assertThat(syntaxError(() -> new Template("t", "s", "{{ #a }}{{/a}}", null)).problem()).contains("not a valid variable name");
        assertThat(syntaxError(() -> new Template("t", "s", "{{.}}", null)).problem()).contains("only be used inside a section");
        assertThat(syntaxError(() -> new Template("t", "s", "x {{}}", null)).problem()).isEqualTo("the tag {{}} is empty");
        assertThat(syntaxError(() -> new Template("t", "s", "{{#}}{{/}}", null)).problem()).contains("empty");
    }

    @Test
    void copiesAreCheckedLikeNewTemplates() {
        Template template = new Template("t", "s", HTML, "text");

        assertThat(template.withName("u").name()).isEqualTo("u");
        assertThat(template.withSubject("Hi {{x}}").subject()).isEqualTo("Hi {{x}}");
        assertThat(template.withHtml(null).html()).isNull();
        assertThat(template.withText(null).text()).isNull();
        assertRefused(() -> template.withHtml(null).withText(null), "required");
        assertThat(syntaxError(() -> template.withText("{{#open}}")).part()).isEqualTo(TemplatePart.TEXT);
        assertRefused(() -> template.withName("bad name"), "only ASCII letters");
    }

    @Test
    void everyRefusalIsAnInvalidMailException() {
        assertThatThrownBy(() -> new Template("t", "s", "{{#a}}", null)).isInstanceOf(InvalidMailException.class);
        assertThatThrownBy(() -> new Template("t", "s", null, null)).isInstanceOf(InvalidMailException.class);
    }

    private static void assertPosition(String html, int line, int column) {
        TemplateSyntaxException e = syntaxError(() -> new Template("t", "s", html, null));
        assertThat(List.of(e.line(), e.column())).as(e.getMessage()).containsExactly(line, column);
    }

    private static TemplateSyntaxException syntaxError(ThrowingCallable creation) {
        Throwable thrown = catchThrowable(creation);
        assertThat(thrown).isInstanceOf(TemplateSyntaxException.class);
        return (TemplateSyntaxException) thrown;
    }

    private static void assertRefused(ThrowingCallable creation, String reason) {
        assertThatThrownBy(creation).isInstanceOf(InvalidTemplateException.class).hasMessageContaining(reason);
    }
}
