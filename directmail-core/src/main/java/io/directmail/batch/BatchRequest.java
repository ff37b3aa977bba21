package io.directmail.batch;

import io.directmail.EmailAddress;
import io.directmail.InvalidMailException;
import io.directmail.Mail;
import io.directmail.internal.list.AddressKey;
import io.directmail.internal.registry.RegistryName;
import io.directmail.internal.template.VariableNames;
import io.directmail.internal.text.VisibleText;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.template.MissingVariables;
import io.directmail.template.Template;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch sends: one template to every row of a stored recipient list, or of a few rows
 * given inline (up to 100 by default), from one batch sender address.
 *
 * <pre>{@code
 * BatchRequest request = BatchRequest.of(EmailAddress.of("news@example.com"), newsletter, customers)
 *         .withFromName("Example News")
 *         .withTag("2025-11-newsletter")
 *         .withSharedVariables(Map.of("month", "November"));
 * }</pre>
 *
 * <p>Each row's variables fill the template; {@linkplain #sharedVariables() shared variables} fill
 * in what a row does not have. The request holds the template and the rows themselves, not their
 * names only, so a batch sends what it was started with even if the stored template or list
 * changes while it runs, and a {@link BatchRecord} holding the request is all a store needs to
 * take the batch up again after a restart.
 *
 * <p>Checked when it is created, each refusal an {@link InvalidMailException} naming the part:
 * the from address, the template, the missing-variable policy and the shared variables are
 * required (the map may be empty); shared variable names follow the rule of recipient variables
 * and their values are not null; the from name and the tag follow the rules of
 * {@link Mail.Builder#fromName(String)} and {@link Mail.Builder#tag(String)}; there is at least one
 * row, no row is null and no address appears twice (compared without regard to case). How many
 * rows a batch may carry, inline ({@link io.directmail.list.ListLimits#maxInlineRows()}, 100 by
 * default) or from a list, and whether the from address may send batch mail for the account, is
 * checked when the batch starts ({@link ListCheck}, {@link SenderCheck}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the batch sender address the mail is sent from
 * @param fromName the display name shown with it, or {@code null}
 * @param template the template every row is rendered with
 * @param listName the name of the stored list the rows come from, or {@code null} for inline rows
 * @param rows the recipients, in the order they are sent to
 * @param tag the statistics tag of every message, or {@code null}
 * @param sharedVariables values every row shares; a row's own value for a name wins
 * @param missingVariables what a variable that a row lacks does: {@link MissingVariables#FAIL}
 *     refuses that row, {@link MissingVariables#EMPTY} renders it empty
 */
public record BatchRequest(EmailAddress from, String fromName, Template template, String listName, List<Recipient> rows,
        String tag, Map<String, String> sharedVariables, MissingVariables missingVariables) {

    /**
     * Checks every part; see the type's description.
     *
     * @throws InvalidMailException naming the part that is missing or refused
     */
    public BatchRequest {
        if (from == null) {
            throw new InvalidMailException("a batch needs a from address");
        }
        Mail.newBuilder().fromName(fromName).tag(tag);
        if (template == null) {
            throw new InvalidMailException("a batch needs a template");
        }
        if (listName != null && RegistryName.problem(listName) != null) {
            throw new InvalidMailException("recipient list name " + VisibleText.quote(listName) + " is refused: "
                    + RegistryName.problem(listName));
        }
        rows = checkRows(listName, rows);
        sharedVariables = checkSharedVariables(sharedVariables);
        if (missingVariables == null) {
            throw new InvalidMailException("a batch needs a missing-variable policy (FAIL or EMPTY)");
        }
    }

    /**
     * Creates a request for every row of a stored list, without a from name, tag or shared
     * variables, refusing rows that lack a variable ({@link MissingVariables#FAIL}).
     *
     * @param from the batch sender address
     * @param template the template
     * @param list the list; its name and rows are taken
     * @return the request
     * @throws InvalidMailException if a part is missing or the list is empty
     */
    public static BatchRequest of(EmailAddress from, Template template, RecipientList list) {
        if (list == null) {
            throw new InvalidMailException("a batch needs a recipient list");
        }
        return new BatchRequest(from, null, template, list.name(), list.recipients(), null, Map.of(), MissingVariables.FAIL);
    }

    /**
     * Creates a request for rows given inline (up to 100 by default), without a from
     * name, tag or shared variables, refusing rows that lack a variable ({@link MissingVariables#FAIL}).
     *
     * @param from the batch sender address
     * @param template the template
     * @param rows the recipients
     * @return the request
     * @throws InvalidMailException if a part is missing, a row is null or an address repeats
     */
    public static BatchRequest inline(EmailAddress from, Template template, List<Recipient> rows) {
        return new BatchRequest(from, null, template, null, rows, null, Map.of(), MissingVariables.FAIL);
    }

    /** Returns true when the rows were given inline rather than from a stored list. */
    public boolean isInline() {
        return listName == null;
    }

    /** Returns how many rows the batch sends to. */
    public int size() {
        return rows.size();
    }

    /** Returns a copy with another display name, or none for {@code null}. */
    public BatchRequest withFromName(String value) {
        return new BatchRequest(from, value, template, listName, rows, tag, sharedVariables, missingVariables);
    }

    /** Returns a copy with another statistics tag, or none for {@code null}. */
    public BatchRequest withTag(String value) {
        return new BatchRequest(from, fromName, template, listName, rows, value, sharedVariables, missingVariables);
    }

    /** Returns a copy with other shared variables. */
    public BatchRequest withSharedVariables(Map<String, String> value) {
        return new BatchRequest(from, fromName, template, listName, rows, tag, value, missingVariables);
    }

    /** Returns a copy with another missing-variable policy. */
    public BatchRequest withMissingVariables(MissingVariables value) {
        return new BatchRequest(from, fromName, template, listName, rows, tag, sharedVariables, value);
    }

    /** Describes the request briefly: sender, template, where the rows come from and how many, tag; no rows. */
    @Override
    public String toString() {
        return "BatchRequest[from=" + from + ", template=" + template.name() + ", "
                + (listName == null ? "inline" : "list=" + listName) + ", rows=" + rows.size()
                + (tag == null ? "" : ", tag=" + tag) + "]";
    }

    private static List<Recipient> checkRows(String listName, List<Recipient> rows) {
        String source = listName == null ? "the inline rows" : "the rows of recipient list " + VisibleText.quote(listName);
        if (rows == null) {
            throw new InvalidMailException("a batch needs rows, but they are null");
        }
        if (rows.isEmpty()) {
            throw new InvalidMailException("a batch needs at least one row, but " + source + " are empty");
        }
        Set<String> seen = new HashSet<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            Recipient row = rows.get(i);
            if (row == null) {
                throw new InvalidMailException(source + " include a null row at index " + i);
            }
            if (!seen.add(AddressKey.of(row.address()))) {
                throw new InvalidMailException(source + " include " + row.address()
                        + " more than once (addresses are compared without regard to case)");
            }
        }
        return List.copyOf(rows);
    }

    private static Map<String, String> checkSharedVariables(Map<String, String> variables) {
        if (variables == null) {
            throw new InvalidMailException("the shared variables of a batch are null; pass an empty map");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            String problem = name == null ? "the name is null" : VariableNames.nameProblem(name);
            if (problem != null) {
                throw new InvalidMailException("shared variable " + VisibleText.quote(name) + " is refused: " + problem);
            }
            if (variable.getValue() == null) {
                throw new InvalidMailException("shared variable " + name + " is null; use \"\" for no value");
            }
            copy.put(name, variable.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }
}
