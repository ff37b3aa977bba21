package io.directmail.dns;

/**
 * Finds the mail exchangers of a recipient domain. The built-in asks DNS through dnsjava (see
 * {@link DnsSettings}); tests and special set-ups may supply their own.
 *
 * <p>Implementations must be thread-safe and must not throw for DNS failures: every failure is
 * an {@link MxLookup.PermanentFailure} or {@link MxLookup.TemporaryFailure}.
 */
public interface MxResolver {

    /**
     * Looks up where mail for a domain goes.
     *
     * @param asciiDomain the domain in lower-case ASCII form (IDNA already applied), no trailing dot
     * @return the hosts to try, or why there are none
     */
    MxLookup lookup(String asciiDomain);
}
