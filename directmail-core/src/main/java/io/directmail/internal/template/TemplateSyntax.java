package io.directmail.internal.template;

import io.directmail.internal.text.VisibleText;
import io.directmail.template.TemplatePart;
import io.directmail.template.TemplateSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks the mustache syntax of one template part and reports the first error with its line and
 * column. It accepts the subset templates support: variables ({@code {{name}}},
 * {@code {{{name}}}}, {@code {{&name}}}), sections ({@code {{#name}}}, {@code {{^name}}},
 * {@code {{/name}}}) and comments ({@code {{!...}}}), with the standard delimiters. Tags other
 * than comments close on the line they open.
 *
 * <p>Lines are ended by LF, CRLF or a lone CR; columns count characters (code points) from 1.
 */
final class TemplateSyntax {

    private record Section(String name, int line, int column) {
    }

    private final String templateName;
    private final TemplatePart part;
    private final String source;
    private int line = 1;
    private int lineStart;
    private int counted;

    private TemplateSyntax(String templateName, TemplatePart part, String source) {
        this.templateName = templateName;
        this.part = part;
        this.source = source;
    }

    /**
     * Checks one part.
     *
     * @param templateName the template's name, for the error
     * @param part which part it is
     * @param source the part's text
     * @throws TemplateSyntaxException at the first error
     */
    static void check(String templateName, TemplatePart part, String source) {
        new TemplateSyntax(templateName, part, source).scan();
    }

    private void scan() {
        Deque<Section> open = new ArrayDeque<>();
        int at = 0;
        int start;
        while ((start = source.indexOf("{{", at)) >= 0) {
            countLinesTo(start);
            int tagLine = line;
            int tagColumn = source.codePointCount(lineStart, start) + 1;
            int close = source.indexOf("}}", start + 2);
            if (close < 0) {
                throw error(tagLine, tagColumn, "the tag is not closed: no \"}}\" follows it");
            }
            String content = source.substring(start + 2, close);
            char sigil = content.isEmpty() ? 0 : content.charAt(0);
            if (sigil != '!') {
                if (content.indexOf('\n') >= 0 || content.indexOf('\r') >= 0) {
                    throw error(tagLine, tagColumn, "the tag is not closed on its line");
                }
                if (content.contains("{{")) {
                    throw error(tagLine, tagColumn, "the tag is not closed before the next \"{{\"");
                }
            }
            int end = close + 2;
            if (sigil == '{') {
                if (end >= source.length() || source.charAt(end) != '}') {
                    throw error(tagLine, tagColumn, "the triple mustache is not closed with \"}}}\"");
                }
                end++;
            }
            tag(sigil, content, open, tagLine, tagColumn);
            at = end;
        }
        if (!open.isEmpty()) {
            Section section = open.peek();
            throw error(section.line(), section.column(),
                    "section \"" + section.name() + "\" is never closed: {{/" + section.name() + "}} is missing");
        }
    }

    private void tag(char sigil, String content, Deque<Section> open, int tagLine, int tagColumn) {
        String name = content.isEmpty() ? "" : content.substring(1).strip();
        switch (sigil) {
            case 0 -> throw error(tagLine, tagColumn, "the tag {{}} is empty");
            case '!' -> { }
            case '#', '^' -> {
                checkReference(name, false, tagLine, tagColumn);
                open.push(new Section(name, tagLine, tagColumn));
            }
            case '/' -> {
                checkReference(name, false, tagLine, tagColumn);
                if (open.isEmpty()) {
                    throw error(tagLine, tagColumn, "{{/" + name + "}} closes a section that is not open");
                }
                Section innermost = open.pop();
                if (!innermost.name().equals(name)) {
                    throw error(tagLine, tagColumn, "{{/" + name + "}} does not close the innermost open section \""
                            + innermost.name() + "\" (opened at line " + innermost.line() + ", column " + innermost.column() + ")");
                }
            }
            case '{', '&' -> checkReference(name, !open.isEmpty(), tagLine, tagColumn);
            case '>' -> throw error(tagLine, tagColumn, "partials ({{>name}}) are not supported: a template is self-contained");
            case '<', '$' -> throw error(tagLine, tagColumn,
                    "template inheritance ({{<parent}}, {{$block}}) is not supported: a template is self-contained");
            case '?' -> throw error(tagLine, tagColumn, "{{?name}} tags are not supported");
            case '%' -> throw error(tagLine, tagColumn, "pragmas ({{%name}}) are not supported");
            case '=' -> throw error(tagLine, tagColumn, "changing the delimiters ({{=<% %>=}}) is not supported");
            default -> checkReference(content.strip(), !open.isEmpty(), tagLine, tagColumn);
        }
    }

    private void checkReference(String name, boolean insideSection, int tagLine, int tagColumn) {
        if (name.equals(".")) {
            if (!insideSection) {
                throw error(tagLine, tagColumn, "{{.}} (the current item) can only be used inside a section");
            }
            return;
        }
        String problem = VariableNames.referenceProblem(name);
        if (problem != null) {
            throw error(tagLine, tagColumn, VisibleText.quote(name) + " is not a valid variable name: " + problem);
        }
    }

    private void countLinesTo(int position) {
        for (int i = counted; i < position; i++) {
            char c = source.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= source.length() || source.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        counted = position;
    }

    private TemplateSyntaxException error(int errorLine, int errorColumn, String problem) {
        return new TemplateSyntaxException(templateName, part, errorLine, errorColumn, problem);
    }
}
