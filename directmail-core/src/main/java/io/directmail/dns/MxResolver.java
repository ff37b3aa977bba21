package io.directmail.dns;

import io.directmail.internal.dns.DnsjavaMxResolver;

/**
 * Finds the mail exchangers of a recipient domain. The built-in asks DNS through dnsjava (see
 * {@link #dns(DnsSettings)}); tests and special set-ups may supply their own.
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

    /**
     * Returns a resolver that asks DNS with the given settings and caches the answers by their
     * TTL. The resolver holds the cache: create one and share it.
     *
     * <p>It follows RFC 5321 §5.1 and RFC 7505:
     * <ul>
     *   <li>MX hosts come by preference, lowest first, shuffled among equal preferences; each
     *       with its IPv4 addresses, then (if {@link DnsSettings#ipv6()}) its IPv6 addresses;</li>
     *   <li>a domain without MX records but with A/AAAA records gets one {@linkplain MxHost#implicit()
     *       implicit} host: itself, preference 0;</li>
     *   <li>a null MX ({@code MX 0 .}), a domain that does not exist (NXDOMAIN), or one with neither
     *       MX nor address records is a {@link MxLookup.PermanentFailure};</li>
     *   <li>SERVFAIL, REFUSED, timeouts and network errors, after every name server and attempt,
     *       are a {@link MxLookup.TemporaryFailure};</li>
     *   <li>an MX host without an address is skipped; when no host is left the failure is
     *       temporary if any host's lookup failed temporarily, and permanent otherwise;</li>
     *   <li>an MX target written like an IP address ({@code 192.0.2.1.}) is looked up as a host
     *       name, like other MTAs do, and normally skipped for having no address (RFC 5321 §5.1
     *       requires a name there);</li>
     *   <li>CNAMEs are followed, for at most 8 hops;</li>
     *   <li>names are always absolute: no search domains are appended. A domain given in Unicode
     *       or with a trailing dot is accepted and converted; one that is not a valid DNS name is a
     *       {@link MxLookup.PermanentFailure}.</li>
     * </ul>
     * A lookup never blocks longer than its queries' timeouts allow.
     *
     * @param settings name servers, timeouts, cache size
     * @return a new resolver, thread-safe
     */
    static MxResolver dns(DnsSettings settings) {
        return DnsjavaMxResolver.create(settings);
    }

    /**
     * Returns a resolver that asks the system's name servers with the {@linkplain
     * DnsSettings#defaults() default settings}; see {@link #dns(DnsSettings)}.
     *
     * @return a new resolver, thread-safe
     */
    static MxResolver dns() {
        return dns(DnsSettings.defaults());
    }
}
