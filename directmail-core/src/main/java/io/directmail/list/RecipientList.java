package io.directmail.list;

import io.directmail.InvalidMailException;
import io.directmail.internal.list.AddressKey;
import io.directmail.internal.registry.RegistryName;
import io.directmail.internal.text.VisibleText;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named list of recipients for batch mail, each address at most once (compared without
 * regard to case). Build one from a CSV file with {@link CsvImport}, or from rows in code.
 *
 * <p>The name follows the same rule as a template's: 1 to 64 ASCII letters, digits,
 * {@code '.'}, {@code '_'} and {@code '-'}, starting with a letter or digit. How many addresses
 * a list may hold is a {@link ListLimits limit} that {@link RecipientLists} and {@link CsvImport}
 * enforce. The record holds only its name and rows, so it is stored and rebuilt through its
 * constructor. It is immutable and thread-safe.
 *
 * @param name the list's name within its account
 * @param recipients the rows, in order
 */
public record RecipientList(String name, List<Recipient> recipients) {

    /**
     * Checks the name and that no address appears twice, and keeps an unmodifiable copy.
     *
     * @throws InvalidMailException if the name is refused, a row is null or an address repeats
     */
    public RecipientList {
        String problem = RegistryName.problem(name);
        if (problem != null) {
            throw new InvalidMailException("recipient list name " + VisibleText.quote(name) + " is refused: " + problem);
        }
        Objects.requireNonNull(recipients, "recipients");
        Set<String> seen = new HashSet<>(recipients.size() * 2);
        for (int i = 0; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            if (recipient == null) {
                throw new InvalidMailException("recipient list " + VisibleText.quote(name) + " has a null row at index " + i);
            }
            if (!seen.add(AddressKey.of(recipient.address()))) {
                throw new InvalidMailException("recipient list " + VisibleText.quote(name) + " has " + recipient.address()
                        + " more than once (addresses are compared without regard to case)");
            }
        }
        recipients = List.copyOf(recipients);
    }

    /** Returns how many recipients the list holds. */
    public int size() {
        return recipients.size();
    }

    /** Returns a copy under another name. */
    public RecipientList withName(String value) {
        return new RecipientList(value, recipients);
    }
}
