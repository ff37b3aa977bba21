package io.directmail.account;

/**
 * The rule for account ids, the same as for {@link io.directmail.Mail.Builder#account(String)}: 1
 * to 64 ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit.
 */
final class AccountIds {

    private static final int MAX_CHARS = 64;

    private AccountIds() {
    }

    /**
     * Returns the id if it follows the rule.
     *
     * @throws NullPointerException if the id is null
     * @throws IllegalArgumentException if it does not follow the rule; the message shows it
     */
    static String check(String account) {
        if (account == null) {
            throw new NullPointerException("account");
        }
        if (!valid(account)) {
            throw new IllegalArgumentException("account must be 1 to " + MAX_CHARS
                    + " ASCII letters, digits, '.', '_' or '-', starting with a letter or digit, was "
                    + DomainNames.visible(account));
        }
        return account;
    }

    private static boolean valid(String id) {
        if (id.isEmpty() || id.length() > MAX_CHARS) {
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
