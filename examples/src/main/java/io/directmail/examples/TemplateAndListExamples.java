package io.directmail.examples;

import io.directmail.DirectMail;
import io.directmail.LimitExceededException;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.list.CsvImport;
import io.directmail.list.CsvImportResult;
import io.directmail.list.ListLimits;
import io.directmail.list.Personalisation;
import io.directmail.list.PersonalisedMessage;
import io.directmail.list.RecipientList;
import io.directmail.list.RecipientLists;
import io.directmail.template.MissingVariables;
import io.directmail.template.RenderedContent;
import io.directmail.template.Template;
import io.directmail.template.TemplateLimits;
import io.directmail.template.TemplateRenderer;
import io.directmail.template.TemplateSyntaxException;
import io.directmail.template.Templates;
import java.nio.file.Path;
import java.util.Map;

/**
 * The template and recipient-list snippets the user guide quotes, each a method that compiles
 * against the real API; {@code TemplateAndListExamplesTest} runs them.
 */
public final class TemplateAndListExamples {

    private TemplateAndListExamples() {
    }

    /** A template with a subject, an HTML part and a text part. */
    static Template welcome() {
        // tag::template[]
        Template welcome = new Template("welcome",
                "Welcome, {{first_name}}",
                """
                <p>Hello {{first_name}},</p>
                {{#coupon}}<p>Your code: <b>{{coupon}}</b></p>{{/coupon}}
                {{^coupon}}<p>Glad to have you.</p>{{/coupon}}
                """,
                "Hello {{first_name}}, {{#coupon}}your code is {{coupon}}{{/coupon}}{{^coupon}}glad to have you{{/coupon}}.");
        // end::template[]
        return welcome;
    }

    /** A syntax error names the part, the line and the column. */
    static String syntaxError() {
        // tag::syntax-error[]
        try {
            new Template("broken", "Hi", "<ul>\n{{#items}}\n<li>{{name}}</li>\n</ul>", null);
        } catch (TemplateSyntaxException e) {
            // html line 2, column 1: section "items" is never closed: {{/items}} is missing
            return e.part().label() + " line " + e.line() + ", column " + e.column() + ": " + e.problem();
        }
        // end::syntax-error[]
        throw new AssertionError("the template was accepted");
    }

    /** Renders a template for one recipient and sends it. */
    static Mail renderOne(TemplateRenderer renderer, Template welcome) {
        // tag::render[]
        RenderedContent content = renderer.render(welcome,
                Map.of("first_name", "Jane", "coupon", "WELCOME10"),
                MissingVariables.FAIL);                      // a missing variable is an error
        Mail mail = content.applyTo(Mail.newBuilder()
                        .from("hello@example.com")
                        .addTo("jane@example.org"))
                .build();
        // end::render[]
        return mail;
    }

    /** A preview renders what it can and lists what the sample lacks. */
    static RenderedContent preview(TemplateRenderer renderer, Template welcome) {
        // tag::preview[]
        RenderedContent preview = renderer.preview(welcome, Map.of("first_name", "Jane"));
        System.out.println(preview.html());
        System.out.println("not in the sample: " + preview.missingVariables());   // [coupon]
        // end::preview[]
        return preview;
    }

    /** One account's templates, with a higher limit than the default 100. */
    static Templates templates(Template welcome) {
        // tag::templates[]
        Templates templates = new Templates(TemplateLimits.DEFAULT.withMaxTemplatesPerAccount(500));
        templates.add(welcome);
        templates.replace(welcome.withSubject("Welcome aboard, {{first_name}}"));
        // end::templates[]
        return templates;
    }

    /** Imports a CSV file, leaving out suppressed addresses, and reports what was left out. */
    static CsvImportResult importCsv(DirectMail directMail, Path file) {
        // tag::csv-import[]
        CsvImportResult result = CsvImport.DEFAULT
                .withSuppression(address -> directMail.suppression(address).isPresent()     // bounced, or your own entry
                        || directMail.unsubscribed("customer-42", address).isPresent())    // unsubscribed from this account
                .read(file);
        result.invalidRows().forEach(row -> System.out.println("line " + row.line() + ": " + row.reason()));
        result.duplicates().forEach(row -> System.out.println("line " + row.line() + ": " + row.address()
                + " is already on line " + row.firstLine()));
        result.suppressed().forEach(row -> System.out.println("line " + row.line() + ": " + row.address() + " is suppressed"));
        // end::csv-import[]
        return result;
    }

    /** Keeps the imported list, refusing an import beyond the list limit as a whole. */
    static RecipientLists keepList(DirectMail directMail, Path file) {
        // tag::lists[]
        CsvImport importer = CsvImport.DEFAULT.withSuppression(address -> directMail.suppression(address).isPresent());
        RecipientLists lists = new RecipientLists(ListLimits.DEFAULT);
        try {
            lists.add(importer.read(file).toList("customers"));
        } catch (LimitExceededException e) {
            // e.g. maxAddressesPerList is 10000 but the file holds 12000: nothing was imported
            System.err.println(e.limit() + " is " + e.allowed() + ", the file holds " + e.requested());
        }
        // end::lists[]
        return lists;
    }

    /** Sends a template to every row of a list, rendering one message at a time. */
    static int sendBatch(DirectMail directMail, TemplateRenderer renderer, Template welcome, RecipientList customers) {
        int sent = 0;
        // tag::batch[]
        Personalisation batch = Personalisation.of(renderer, welcome, customers.recipients(), MissingVariables.FAIL);
        for (PersonalisedMessage message : batch) {
            switch (message) {
                case PersonalisedMessage.Rendered rendered -> {
                    directMail.send(rendered.content().applyTo(Mail.newBuilder()
                                    .from("hello@example.com")
                                    .addTo(rendered.recipient().address())
                                    .type(MailType.BATCH))
                            .build());
                    sent++;
                }
                case PersonalisedMessage.Refused refused ->
                        System.err.println("row " + refused.index() + ": " + refused.reason().getMessage());
            }
        }
        // end::batch[]
        return sent;
    }
}
