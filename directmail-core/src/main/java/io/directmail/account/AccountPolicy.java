package io.directmail.account;

import io.directmail.list.ListLimits;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.TemplateLimits;
import java.util.Objects;

/**
 * The limits of one account, each a default the application may change: templates, recipient
 * lists and quota. (The limits on sending domains and sender addresses are the same for every
 * account: {@link IdentityPolicy}, set on the {@code DirectMail} builder.) Start from
 * {@link #defaults()}; every instance is immutable.
 *
 * @param templates templates (at most 100)
 * @param lists recipient lists (at most 10, of 10,000 addresses each)
 * @param quota the free allowance, packages, pay-as-you-go price and the optional daily cap
 */
public record AccountPolicy(TemplateLimits templates, ListLimits lists, QuotaPolicy quota) {

    /**
     * Checks that every part is present.
     *
     * @throws NullPointerException naming the missing part
     */
    public AccountPolicy {
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(lists, "lists");
        Objects.requireNonNull(quota, "quota");
    }

    /** {@return the default limits of every part} */
    public static AccountPolicy defaults() {
        return new AccountPolicy(TemplateLimits.DEFAULT, ListLimits.DEFAULT, QuotaPolicy.defaults());
    }

    /**
     * {@return a copy with other template limits}
     *
     * @param value the new limits
     */
    public AccountPolicy withTemplates(TemplateLimits value) {
        return new AccountPolicy(value, lists, quota);
    }

    /**
     * {@return a copy with other recipient list limits}
     *
     * @param value the new limits
     */
    public AccountPolicy withLists(ListLimits value) {
        return new AccountPolicy(templates, value, quota);
    }

    /**
     * {@return a copy with another quota policy}
     *
     * @param value the new policy
     */
    public AccountPolicy withQuota(QuotaPolicy value) {
        return new AccountPolicy(templates, lists, value);
    }
}
