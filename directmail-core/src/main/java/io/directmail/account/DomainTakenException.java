package io.directmail.account;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when an account adds a domain that belongs to another account: the same domain, a
 * parent domain of it, or a subdomain of it. A domain and all its subdomains belong to one account
 * only, so that no account can send as another's domain. Nothing has been changed.
 */
public final class DomainTakenException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final String takenDomain;

    /**
     * Creates the exception.
     *
     * @param domain the domain that was to be added
     * @param takenDomain the other account's domain it collides with: the same, a parent or a subdomain
     */
    public DomainTakenException(String domain, String takenDomain) {
        super(domain.equals(takenDomain)
                ? "Domain " + domain + " belongs to another account"
                : "Domain " + domain + " cannot be added: " + takenDomain + " belongs to another account,"
                        + " and a domain and its subdomains belong to one account only");
        this.domain = domain;
        this.takenDomain = takenDomain;
    }

    /** Returns the domain that was to be added. */
    public String domain() {
        return domain;
    }

    /** Returns the other account's domain it collides with. */
    public String takenDomain() {
        return takenDomain;
    }
}
