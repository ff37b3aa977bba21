package io.directmail.internal.dns;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What the name servers said about one name and type, reduced to what a resolver acts on, with
 * how long it may be cached. Temporary failures are not answers: they fail the lookup's future
 * with a {@link DnsTemporaryFailure} and are never cached.
 */
sealed interface DnsAnswer {

    /** How long this answer may be cached, in seconds. */
    long ttlSeconds();

    /**
     * Records of the asked type.
     *
     * @param records the records, at least one, owned by the name at the end of any CNAME chain
     * @param ttlSeconds the smallest TTL of the records and of the CNAMEs that led to them
     */
    record Records(List<Record> records, long ttlSeconds) implements DnsAnswer {
        public Records {
            records = List.copyOf(records);
        }
    }

    /**
     * The name is an alias whose target the server did not answer for; ask again for the target.
     *
     * @param target the name at the end of the CNAME chain
     * @param ttlSeconds the smallest TTL of the CNAMEs
     */
    record Alias(Name target, long ttlSeconds) implements DnsAnswer {}

    /**
     * The name exists but has no records of the asked type (NOERROR with an empty answer).
     *
     * @param ttlSeconds the negative TTL (RFC 2308), capped
     */
    record NoData(long ttlSeconds) implements DnsAnswer {}

    /**
     * The name does not exist (NXDOMAIN).
     *
     * @param ttlSeconds the negative TTL (RFC 2308), capped
     */
    record NxDomain(long ttlSeconds) implements DnsAnswer {}

    /**
     * A CNAME chain that loops or is longer than the resolver follows; never cached.
     *
     * @param last the last name reached
     */
    record AliasLoop(Name last) implements DnsAnswer {
        @Override
        public long ttlSeconds() {
            return 0;
        }
    }

    /**
     * The name servers could not answer now. Only the cache holds this, for no time at all, so
     * that concurrent askers share one failed query without a failed future in the cache;
     * {@link CachingDnsClient} turns it back into a failed future.
     *
     * @param failure what went wrong
     */
    record Unanswered(DnsTemporaryFailure failure) implements DnsAnswer {
        @Override
        public long ttlSeconds() {
            return 0;
        }
    }
}
