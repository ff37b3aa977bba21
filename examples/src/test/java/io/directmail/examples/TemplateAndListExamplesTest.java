package io.directmail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.list.CsvImportResult;
import io.directmail.list.RecipientList;
import io.directmail.list.RecipientLists;
import io.directmail.store.MailStore;
import io.directmail.template.RenderedContent;
import io.directmail.template.Template;
import io.directmail.template.TemplateRenderer;
import io.directmail.transport.InMemoryTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the template and list snippets of the user guide. */
class TemplateAndListExamplesTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void theTemplateSnippetsDoWhatTheGuideSays() {
        Template welcome = TemplateAndListExamples.welcome();

        assertThat(TemplateAndListExamples.syntaxError())
                .isEqualTo("html line 2, column 1: section \"items\" is never closed: {{/items}} is missing");
        Mail mail = TemplateAndListExamples.renderOne(renderer, welcome);
        assertThat(mail.subject()).isEqualTo("Welcome, Jane");
        assertThat(mail.html().orElseThrow()).contains("<p>Your code: <b>WELCOME10</b></p>").doesNotContain("Glad");
        RenderedContent preview = TemplateAndListExamples.preview(renderer, welcome);
        assertThat(preview.html()).contains("Glad to have you");
        assertThat(preview.missingVariables()).containsExactly("coupon");
        assertThat(TemplateAndListExamples.templates(welcome).get("welcome").orElseThrow().subject())
                .isEqualTo("Welcome aboard, {{first_name}}");
    }

    @Test
    void theListSnippetsDoWhatTheGuideSays(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("customers.csv");
        Files.writeString(file, "email,first_name,coupon\n"
                + "jane@example.org,Jane,WELCOME10\n"
                + "bob@example.org,Bob,\n"
                + "JANE@example.org,Jane again,\n"
                + "not-an-address,Nobody,\n"
                + "gone@example.org,Gone,\n");
        try (DirectMail directMail = DirectMail.newBuilder().transport(new InMemoryTransport()).store(MailStore.inMemory()).build()) {
            directMail.suppress(EmailAddress.of("gone@example.org"), "unsubscribed");

            CsvImportResult result = TemplateAndListExamples.importCsv(directMail, file);
            assertThat(result.recipients()).extracting(r -> r.address().address()).containsExactly("jane@example.org", "bob@example.org");
            assertThat(result.duplicates()).singleElement().extracting(CsvImportResult.DuplicateRow::line).isEqualTo(4);
            assertThat(result.invalidRows()).singleElement().extracting(CsvImportResult.InvalidRow::line).isEqualTo(5);
            assertThat(result.suppressed()).singleElement().extracting(CsvImportResult.SuppressedRow::line).isEqualTo(6);

            RecipientLists lists = TemplateAndListExamples.keepList(directMail, file);
            RecipientList customers = lists.get("customers").orElseThrow();
            assertThat(customers.size()).isEqualTo(2);

            assertThat(TemplateAndListExamples.sendBatch(directMail, renderer, TemplateAndListExamples.welcome(), customers)).isEqualTo(2);
        }
    }
}
