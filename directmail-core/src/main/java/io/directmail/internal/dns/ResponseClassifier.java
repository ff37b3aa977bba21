package io.directmail.internal.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reduces a NOERROR or NXDOMAIN response to a {@link DnsAnswer}. Stateless and thread-safe.
 *
 * <p>The answer section is read from the queried name along its CNAME chain: records of the
 * asked type owned by the end of the chain are the answer. A chain without such records is
 * {@link DnsAnswer.NoData} when the server vouched for the end with an SOA (it is authoritative or
 * resolved the chain), and {@link DnsAnswer.Alias} otherwise, to be asked about again. Positive
 * answers live for their smallest TTL, capped at {@link #MAX_TTL_SECONDS}; negative ones for the
 * SOA's negative TTL (the lesser of its TTL and minimum field, RFC 2308 §5), capped by the
 * settings, or not at all without an SOA.
 */
final class ResponseClassifier {

    /** The longest any answer is cached, whatever its TTL says: one day. */
    static final long MAX_TTL_SECONDS = 86_400;

    private final long negativeTtlCapSeconds;

    ResponseClassifier(long negativeTtlCapSeconds) {
        this.negativeTtlCapSeconds = negativeTtlCapSeconds;
    }

    DnsAnswer classify(Message response, Name name, int type) {
        List<Record> answers = response.getSection(Section.ANSWER);
        Name current = name;
        long ttl = MAX_TTL_SECONDS;
        Set<Name> visited = new HashSet<>();
        boolean looped = true;
        while (visited.add(current)) {
            List<Record> matching = new ArrayList<>();
            CNAMERecord alias = null;
            for (Record record : answers) {
                if (record.getDClass() != DClass.IN || !record.getName().equals(current)) {
                    continue;
                }
                if (record.getType() == type) {
                    matching.add(record);
                } else if (record.getType() == Type.CNAME && alias == null) {
                    alias = (CNAMERecord) record;
                }
            }
            if (!matching.isEmpty()) {
                for (Record record : matching) {
                    ttl = Math.min(ttl, record.getTTL());
                }
                return new DnsAnswer.Records(matching, ttl);
            }
            if (alias == null) {
                looped = false;
                break;
            }
            ttl = Math.min(ttl, alias.getTTL());
            current = alias.getTarget();
        }
        if (looped) {
            return new DnsAnswer.AliasLoop(current);
        }
        SOARecord soa = soa(response);
        if (response.getRcode() == Rcode.NXDOMAIN) {
            return new DnsAnswer.NxDomain(negativeTtl(soa));
        }
        if (soa == null && !current.equals(name)) {
            return new DnsAnswer.Alias(current, ttl);
        }
        return new DnsAnswer.NoData(negativeTtl(soa));
    }

    private long negativeTtl(SOARecord soa) {
        if (soa == null) {
            return 0;
        }
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return Math.max(0, Math.min(ttl, negativeTtlCapSeconds));
    }

    private static SOARecord soa(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return soa;
            }
        }
        return null;
    }
}
