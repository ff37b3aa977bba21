package io.directmail.account;

import io.directmail.internal.text.AccountIdRule;

/**
 * The rule for account ids, the same as for {@link io.directmail.Mail.Builder#account(String)}: 1
 * to 64 ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit.
 */
final class AccountIds {

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
        if (!AccountIdRule.isValid(account)) {
            throw new IllegalArgumentException("account must be " + AccountIdRule.DESCRIPTION + ", was "
                    + DomainNames.visible(account));
        }
        return account;
    }
}
