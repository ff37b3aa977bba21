package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The user guide in {@code src-docs/} quotes code from this module between
 * {@code <!-- include: File.java#tag -->} and {@code <!-- end include -->}; the quoted code is the
 * region between {@code // tag::tag[]} and {@code // end::tag[]} in that file. This test keeps the
 * two identical, so a guide example is always code that compiles.
 */
class DocumentationSnippetsTest {

    private static final Pattern INCLUDE = Pattern.compile(
            "<!-- include: ([\\w/.]+)#([\\w-]+) -->\\R```java\\R(.*?)```\\R<!-- end include -->", Pattern.DOTALL);

    private final Path docs = Path.of(System.getProperty("directmail.docs", "../src-docs"));
    private final Path sources = Path.of(System.getProperty("directmail.examples", "src/main/java"));

    @Test
    void everyQuotedExampleIsTheCompiledCode() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int quoted = 0;
        try (Stream<Path> files = Files.walk(docs)) {
            for (Path page : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher include = INCLUDE.matcher(Files.readString(page));
                while (include.find()) {
                    quoted++;
                    String expected = region(sources.resolve("io/directmail/examples").resolve(include.group(1)), include.group(2));
                    if (!expected.equals(include.group(3))) {
                        mismatches.add(page.getFileName() + " quotes " + include.group(1) + "#" + include.group(2)
                                + " but the code is now:\n" + expected);
                    }
                }
            }
        }
        assertThat(quoted).as("quoted examples in %s", docs).isPositive();
        assertThat(mismatches).isEmpty();
    }

    /** Returns the lines between the tag markers, with their common indentation removed. */
    static String region(Path file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = indexOf(lines, "// tag::" + tag + "[]", file);
        int end = indexOf(lines, "// end::" + tag + "[]", file);
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : body) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    private static int indexOf(List<String> lines, String marker, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line " + marker);
    }
}
