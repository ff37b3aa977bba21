package io.directmail.account;

import io.directmail.InvalidMailException;
import java.io.Serial;

/**
 * Thrown when mail is to be sent from, or a sender address added on, a domain that is not
 * verified: its DNS records have not been checked yet, or the last check found a required record
 * missing or wrong. Publish the records of {@link SendingDomain#records(DomainSettings)} and
 * {@linkplain SendingIdentities#verify verify} the domain. Nothing has been queued or changed.
 */
public final class DomainNotVerifiedException extends InvalidMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final transient VerificationStatus status;

    /**
     * Creates the exception.
     *
     * @param domain the domain
     * @param status its status, {@link VerificationStatus.Unverified} or {@link VerificationStatus.Failed}
     */
    public DomainNotVerifiedException(String domain, VerificationStatus status) {
        super("Domain " + domain + " is not verified" + (status instanceof VerificationStatus.Failed failed
                ? " (last check at " + failed.at() + ": " + failed.reason() + ")"
                : " (not checked yet)") + "; publish its DNS records and verify it");
        this.domain = domain;
        this.status = status;
    }

    /** Returns the domain. */
    public String domain() {
        return domain;
    }

    /** Returns the domain's status when the request was refused (null after deserialisation). */
    public VerificationStatus status() {
        return status;
    }
}
