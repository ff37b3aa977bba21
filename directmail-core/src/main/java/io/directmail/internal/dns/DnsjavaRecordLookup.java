package io.directmail.internal.dns;

import io.directmail.dns.DnsSettings;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Looks up TXT and CNAME records through the same query machinery as the MX resolver (the
 * settings' name servers, timeout and attempts; CNAMEs followed for TXT), for checking the records
 * a sending domain publishes.
 *
 * <p>It caches nothing: whoever checks a domain has usually just published or corrected a record
 * and must see the name servers' current answer, not one remembered from a minute ago (a
 * negative answer would otherwise hide a new record for as long as the zone's SOA allows).
 *
 * <p>Thread-safe. Lookups never block; their futures complete within {@link #worstCase()}.
 */
public final class DnsjavaRecordLookup {

    private static final Logger LOG = LoggerFactory.getLogger(DnsjavaRecordLookup.class);

    private final CachingDnsClient client;

    /**
     * Creates a lookup that asks the settings' name servers (or the system's, when the settings
     * name none). The settings' cache size and negative TTL cap are not used.
     *
     * @param settings name servers, timeout and attempts
     */
    public DnsjavaRecordLookup(DnsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        List<InetSocketAddress> nameservers = settings.nameservers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers()
                : settings.nameservers();
        DnsQuerySender sender = new DnsQuerySender(nameservers, settings.timeout(), settings.attempts());
        this.client = new CachingDnsClient(sender, new ResponseClassifier(0), 0, settings.clock());
    }

    /** Returns the longest a lookup's future can take to complete, CNAME hops included. */
    public Duration worstCase() {
        return client.worstCase();
    }

    /**
     * Looks up the TXT records of a name, following CNAMEs.
     *
     * @param name an absolute ASCII host name without the trailing dot, e.g. {@code _dmarc.example.com}
     * @return a future of the records' values; it never fails
     * @throws IllegalArgumentException if the name is not a valid DNS name
     */
    public CompletableFuture<RecordLookup> txt(String name) {
        return lookup(name, Type.TXT);
    }

    /**
     * Looks up the CNAME record of a name itself (the alias, not what it leads to).
     *
     * @param name an absolute ASCII host name without the trailing dot
     * @return a future of the alias's target; it never fails
     * @throws IllegalArgumentException if the name is not a valid DNS name
     */
    public CompletableFuture<RecordLookup> cname(String name) {
        return lookup(name, Type.CNAME);
    }

    private CompletableFuture<RecordLookup> lookup(String name, int type) {
        Name absolute = absolute(name);
        String question = name + " " + Type.string(type);
        return client.resolve(absolute, type).handle((answer, failure) -> {
            if (failure != null) {
                return new RecordLookup.Unavailable(question + ": " + reason(failure));
            }
            return switch (answer) {
                case DnsAnswer.Records records -> new RecordLookup.Found(records.records().stream()
                        .map(DnsjavaRecordLookup::value)
                        .toList());
                case DnsAnswer.NoData noData -> new RecordLookup.Absent(question + ": no such records");
                case DnsAnswer.NxDomain nxDomain -> new RecordLookup.Absent(question + ": the name does not exist (NXDOMAIN)");
                case DnsAnswer.AliasLoop loop -> new RecordLookup.Absent(question + ": the CNAME chain loops or is longer than "
                        + CachingDnsClient.MAX_CNAME_HOPS + " (at " + loop.last() + ")");
                case DnsAnswer.Alias alias -> throw new IllegalStateException("unfollowed alias " + alias);
                case DnsAnswer.Unanswered unanswered -> throw new IllegalStateException("unwrapped " + unanswered);
            };
        });
    }

    private static Name absolute(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a valid DNS name: \"" + name + "\"", e);
        }
    }

    private static String value(Record record) {
        return switch (record) {
            case TXTRecord txt -> joined(txt.getStringsAsByteArrays());
            case CNAMERecord cname -> cname.getTarget().toString(true).toLowerCase(Locale.ROOT);
            default -> throw new IllegalStateException("unexpected record type " + Type.string(record.getType()));
        };
    }

    /**
     * Joins a TXT record's character-strings without separators and decodes them as UTF-8;
     * bytes that are not UTF-8 become U+FFFD, so that they show but never match.
     */
    private static String joined(List<byte[]> strings) {
        int length = strings.stream().mapToInt(s -> s.length).sum();
        ByteBuffer bytes = ByteBuffer.allocate(length);
        strings.forEach(bytes::put);
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder reported an error", e);
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (!(cause instanceof DnsTemporaryFailure)) {
            LOG.warn("unexpected failure in a DNS lookup", cause);
        }
        return String.valueOf(cause.getMessage());
    }

    @Override
    public String toString() {
        return "DnsjavaRecordLookup[uncached]";
    }
}
