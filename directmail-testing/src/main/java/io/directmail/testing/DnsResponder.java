package io.directmail.testing;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query into the response of an authoritative server for the whole name space, from a
 * {@link DnsRecordStore} and the configured faults. Thread-safe.
 *
 * <p>The rules: a fault set for the queried name (and type, or all types) wins; then the records of the asked type; then a
 * CNAME, followed within the store for at most {@value #MAX_CNAME_HOPS} hops with the rcode of the
 * last name (RFC 6604); a name that exists with other types only gets NOERROR with no answer
 * (NODATA); any other name gets NXDOMAIN. Negative answers carry a root SOA whose minimum is the
 * negative TTL, so that clients can cache them (RFC 2308).
 */
final class DnsResponder {

    static final int MAX_CNAME_HOPS = 8;
    static final int UDP_MAX_WITHOUT_EDNS = 512;

    private static final Name SOA_HOST = Name.fromConstantString("ns.loopback.");
    private static final Name SOA_ADMIN = Name.fromConstantString("hostmaster.loopback.");

    private final DnsRecordStore records;
    /** Faults by name and type; type {@link Type#ANY} stands for every type of the name. */
    private record FaultKey(Name name, int type) {}

    private final Map<FaultKey, DnsFault> faults = new ConcurrentHashMap<>();
    private final QueryCounter counter = new QueryCounter();
    private final LongSupplier negativeTtl;

    DnsResponder(DnsRecordStore records, LongSupplier negativeTtl) {
        this.records = records;
        this.negativeTtl = negativeTtl;
    }

    /** Sets a fault for one type of a name, or for all its types with {@link Type#ANY}. */
    void fault(Name name, int type, DnsFault fault) {
        faults.put(new FaultKey(name, type), fault);
    }

    /** Clears every fault of a name, whatever type it was set for. */
    void clearFaults(Name name) {
        faults.keySet().removeIf(key -> key.name().equals(name));
    }

    QueryCounter counter() {
        return counter;
    }

    /**
     * Answers a query in wire form: parses it, answers it and encodes the response, truncating it
     * (with the TC flag) to what the transport allows: 512 octets over UDP, or the payload size the
     * client advertised with EDNS; 65,535 over TCP. A query that cannot be parsed but has a header
     * gets FORMERR.
     *
     * @param packet the query as received
     * @param tcp whether it came over TCP
     * @return the encoded response, or empty when the server is to stay silent
     */
    Optional<byte[]> respond(byte[] packet, boolean tcp) {
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException e) {
            if (packet.length < Header.LENGTH) {
                return Optional.empty();
            }
            Message formErr = new Message(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
            formErr.getHeader().setFlag(Flags.QR);
            formErr.getHeader().setRcode(Rcode.FORMERR);
            return Optional.of(formErr.toWire());
        }
        int maxLength = Message.MAXLENGTH;
        if (!tcp) {
            OPTRecord opt = query.getOPT();
            maxLength = opt == null ? UDP_MAX_WITHOUT_EDNS : Math.max(UDP_MAX_WITHOUT_EDNS, opt.getPayloadSize());
        }
        int limit = maxLength;
        return respond(query, tcp).map(response -> response.toWire(limit));
    }

    /**
     * Answers a query.
     *
     * @param query the parsed query
     * @param tcp whether it came over TCP (counted separately)
     * @return the response, or empty when the server is to stay silent
     */
    Optional<Message> respond(Message query, boolean tcp) {
        Message response = new Message(query.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            header.setRcode(Rcode.FORMERR);
            return Optional.of(response);
        }
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            response.addRecord(new OPTRecord(Message.MAXLENGTH, 0, 0), Section.ADDITIONAL);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            header.setRcode(Rcode.NOTIMP);
            return Optional.of(response);
        }
        Name name = question.getName();
        int type = question.getType();
        counter.record(name, type, tcp);

        DnsFault fault = faults.get(new FaultKey(name, type));
        if (fault == null) {
            fault = faults.get(new FaultKey(name, Type.ANY));
        }
        if (fault == DnsFault.TIMEOUT) {
            return Optional.empty();
        }
        if (fault != null) {
            header.setRcode(fault == DnsFault.SERVFAIL ? Rcode.SERVFAIL : Rcode.REFUSED);
            return Optional.of(response);
        }
        header.setFlag(Flags.AA);
        header.setRcode(answer(response, name, type));
        return Optional.of(response);
    }

    private int answer(Message response, Name queried, int type) {
        Name name = queried;
        Set<Name> visited = new HashSet<>();
        while (visited.add(name)) {
            List<Record> owned = records.recordsOf(name);
            List<Record> matching = owned.stream()
                    .filter(record -> record.getType() == type || type == Type.ANY)
                    .toList();
            if (!matching.isEmpty()) {
                matching.forEach(record -> response.addRecord(record, Section.ANSWER));
                return Rcode.NOERROR;
            }
            Optional<Record> alias = owned.stream().filter(record -> record.getType() == Type.CNAME).findFirst();
            if (alias.isEmpty()) {
                return negative(response, name);
            }
            response.addRecord(alias.get(), Section.ANSWER);
            if (visited.size() > MAX_CNAME_HOPS) {
                break;
            }
            name = ((CNAMERecord) alias.get()).getTarget();
        }
        return Rcode.NOERROR; // a CNAME loop or a chain too long: the client sees where it stops
    }

    private int negative(Message response, Name name) {
        long ttl = negativeTtl.getAsLong();
        response.addRecord(
                new SOARecord(Name.root, DClass.IN, ttl, SOA_HOST, SOA_ADMIN, 1, 3600, 600, 86400, ttl),
                Section.AUTHORITY);
        return records.exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN;
    }
}
