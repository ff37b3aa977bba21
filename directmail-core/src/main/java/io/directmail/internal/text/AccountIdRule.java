package io.directmail.internal.text;

/**
 * The rule for account ids, one for every place that takes one: 1 to {@value #MAX_CHARS} ASCII
 * letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit. Stateless.
 */
public final class AccountIdRule {

    /** The longest id. */
    public static final int MAX_CHARS = 64;

    /** How the rule reads in an error message. */
    public static final String DESCRIPTION = "1 to " + MAX_CHARS
            + " ASCII letters, digits, '.', '_' or '-', starting with a letter or digit";

    private AccountIdRule() {
    }

    /** {@return true if the id follows the rule} */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_CHARS) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }
}
