package io.directmail.list;

import io.directmail.EmailAddress;
import io.directmail.InvalidAddressException;
import io.directmail.InvalidMailException;
import io.directmail.internal.template.VariableNames;
import io.directmail.internal.text.VisibleText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a recipient list: an address and the values a template fills in for it.
 *
 * @param address the recipient's address
 * @param variables the row's values by variable name, in column order; names are letters,
 *     digits, {@code '_'} and {@code '-'}; values are never null
 */
public record Recipient(EmailAddress address, Map<String, String> variables) {

    /**
     * Checks the parts and keeps an unmodifiable copy of the variables.
     *
     * @throws InvalidMailException if the address is missing, or a variable has a bad name or a
     *     null value
     */
    public Recipient {
        if (address == null) {
            throw new InvalidMailException("a recipient needs an address");
        }
        if (variables == null) {
            throw new InvalidMailException("the variables of recipient " + address + " are null; pass an empty map");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            String problem = name == null ? "the name is null" : VariableNames.nameProblem(name);
            if (problem != null) {
                throw new InvalidMailException("variable " + VisibleText.quote(name) + " of recipient " + address
                        + " is refused: " + problem);
            }
            if (variable.getValue() == null) {
                throw new InvalidMailException("variable " + name + " of recipient " + address + " is null; use \"\" for no value");
            }
            copy.put(name, variable.getValue());
        }
        variables = Collections.unmodifiableMap(copy);
    }

    /**
     * Creates a row without variables from an address text.
     *
     * @param address the address, {@code local-part@domain}
     * @return the row
     * @throws InvalidAddressException if the address is not usable
     */
    public static Recipient of(String address) {
        return of(address, Map.of());
    }

    /**
     * Creates a row from an address text.
     *
     * @param address the address, {@code local-part@domain}
     * @param variables the row's values by variable name
     * @return the row
     * @throws InvalidAddressException if the address is not usable
     */
    public static Recipient of(String address, Map<String, String> variables) {
        return new Recipient(EmailAddress.of(address), variables);
    }
}
