package io.directmail.account;

import java.util.List;
import java.util.Optional;

/**
 * The managed accounts of a {@code DirectMail} instance ({@code DirectMail.accounts()}). Mail of
 * an account id that is not managed here is sent without these checks — a simple embed needs no
 * account at all — unless the instance was built with {@code managedAccountsOnly()}, which refuses
 * it with an {@link UnknownAccountException}. Thread-safe.
 */
public interface Accounts {

    /**
     * Creates a managed account with the default limits.
     *
     * @param id the id, as mail names it with {@link io.directmail.Mail.Builder#account(String)}
     * @return the account
     * @throws io.directmail.DuplicateNameException if an account with this id exists
     * @throws IllegalArgumentException if the id breaks the rule for account ids
     */
    Account create(String id);

    /**
     * Creates a managed account with its own limits.
     *
     * @param id the id
     * @param policy its limits
     * @return the account
     * @throws io.directmail.DuplicateNameException if an account with this id exists
     * @throws IllegalArgumentException if the id breaks the rule for account ids
     */
    Account create(String id, AccountPolicy policy);

    /**
     * Finds a managed account.
     *
     * @param id the id
     * @return the account, or empty if it is not managed
     */
    Optional<Account> find(String id);

    /** {@return every managed account, by id} */
    List<Account> list();

    /**
     * Gives a managed account other limits, for example a higher daily cap when its customer buys a
     * larger plan. They apply from now on, on every node sharing the store: a lowered limit refuses
     * new templates or lists beyond it but removes none, and quota entries already written keep
     * their outcomes. The limits on domains and sender addresses are the instance's
     * {@link IdentityPolicy}.
     *
     * @param id the account's id
     * @param policy its new limits
     * @return the account, now with the new policy
     * @throws io.directmail.NameNotFoundException if no managed account has this id
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the quota policy changes the price, its currency or the
     *     zone, which past bills depend on (see {@link io.directmail.quota.QuotaLedger#changePolicy})
     */
    Account changePolicy(String id, AccountPolicy policy);
}
