package io.directmail.internal.dns;

import io.directmail.dns.DnsSettings;
import io.directmail.dns.MxHost;
import io.directmail.dns.MxLookup;
import io.directmail.dns.MxResolver;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The built-in {@link MxResolver}: asks DNS through dnsjava's {@code SimpleResolver}, one per
 * name server, with the settings' timeout and attempts, and caches answers by TTL. The rules it
 * follows are listed on {@link MxResolver#dns(DnsSettings)}.
 *
 * <p>Thread-safe. It uses none of dnsjava's global defaults ({@code Lookup}'s shared cache and
 * resolver): every query is built with {@code Message.newQuery} and sent through this instance's
 * own resolvers, always for an absolute name. Queries for a lookup run concurrently (the MX
 * hosts' A and AAAA queries all at once); {@link #lookup} waits for them at most as long as their
 * timeouts allow.
 */
public final class DnsjavaMxResolver implements MxResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DnsjavaMxResolver.class);
    private static final Duration LOOKUP_GRACE = Duration.ofSeconds(1);

    private final CachingDnsClient client;
    private final RandomGenerator random;
    private final Object randomLock = new Object();
    private final boolean ipv6;
    private final Duration lookupBound;

    /**
     * Creates a resolver that shuffles equal-preference hosts with the given generator.
     *
     * @param settings the DNS settings
     * @param random shuffles hosts of equal preference; used under this resolver's lock, so it
     *     need not be thread-safe
     */
    public DnsjavaMxResolver(DnsSettings settings, RandomGenerator random) {
        Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        List<InetSocketAddress> nameservers = settings.nameservers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers()
                : settings.nameservers();
        DnsQuerySender sender = new DnsQuerySender(nameservers, settings.timeout(), settings.attempts());
        this.client = new CachingDnsClient(
                sender,
                new ResponseClassifier(settings.negativeTtlCap().toSeconds()),
                settings.cacheMaximumSize(),
                settings.clock());
        this.ipv6 = settings.ipv6();
        this.lookupBound = client.worstCase().multipliedBy(2).plus(LOOKUP_GRACE);
    }

    /**
     * Creates a resolver that shuffles equal-preference hosts with a thread-local random source.
     *
     * @param settings the DNS settings
     * @return the resolver
     */
    public static DnsjavaMxResolver create(DnsSettings settings) {
        return new DnsjavaMxResolver(settings, () -> ThreadLocalRandom.current().nextLong());
    }

    @Override
    public MxLookup lookup(String asciiDomain) {
        Objects.requireNonNull(asciiDomain, "asciiDomain");
        String domain;
        Name name;
        try {
            domain = normalise(asciiDomain);
            name = Name.fromString(domain + ".");
        } catch (TextParseException | IllegalArgumentException e) {
            return new MxLookup.PermanentFailure("\"" + asciiDomain + "\" is not a valid domain name: " + e.getMessage());
        }
        try {
            MxLookup result = lookupAsync(domain, name).get(lookupBound.toNanos(), TimeUnit.NANOSECONDS);
            LOG.debug("MX lookup for {}: {}", domain, result);
            return result;
        } catch (TimeoutException e) {
            return new MxLookup.TemporaryFailure("MX lookup for " + domain + " took longer than " + lookupBound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MxLookup.TemporaryFailure("MX lookup for " + domain + " was interrupted");
        } catch (ExecutionException e) {
            LOG.warn("MX lookup for {} failed unexpectedly", domain, e.getCause());
            return new MxLookup.TemporaryFailure("MX lookup for " + domain + " failed: " + e.getCause());
        }
    }

    private CompletableFuture<MxLookup> lookupAsync(String domain, Name name) {
        return client.resolve(name, Type.MX).handle((answer, failure) -> {
            if (failure != null) {
                return CompletableFuture.completedFuture(temporary(domain, "MX", failure));
            }
            return switch (answer) {
                case DnsAnswer.Records records -> exchangers(domain, records.records());
                case DnsAnswer.NoData noData -> implicitExchanger(domain, name);
                case DnsAnswer.NxDomain nxDomain -> CompletableFuture.<MxLookup>completedFuture(
                        new MxLookup.PermanentFailure(domain + " does not exist (NXDOMAIN)"));
                case DnsAnswer.AliasLoop loop -> CompletableFuture.<MxLookup>completedFuture(
                        new MxLookup.PermanentFailure("the CNAME chain of " + domain + " loops or is longer than "
                                + CachingDnsClient.MAX_CNAME_HOPS + " (at " + loop.last() + ")"));
                case DnsAnswer.Alias alias -> throw new IllegalStateException("unfollowed alias " + alias);
                case DnsAnswer.Unanswered unanswered -> throw new IllegalStateException("unwrapped " + unanswered);
            };
        }).thenCompose(future -> future);
    }

    /** RFC 5321 §5.1: no MX records, so the domain's own addresses stand in, preference 0. */
    private CompletableFuture<MxLookup> implicitExchanger(String domain, Name name) {
        return addresses(name).thenApply(found -> {
            if (!found.isEmpty()) {
                return new MxLookup.Found(List.of(new MxHost(domain, 0, found.addresses(), true)));
            }
            String reason = domain + " has no MX records and no address records (" + found.problem() + ")";
            return found.temporary() ? new MxLookup.TemporaryFailure(reason) : new MxLookup.PermanentFailure(reason);
        });
    }

    private CompletableFuture<MxLookup> exchangers(String domain, List<Record> records) {
        List<MXRecord> mxRecords = records.stream().map(MXRecord.class::cast).toList();
        if (mxRecords.size() == 1 && mxRecords.get(0).getTarget().equals(Name.root)) {
            return CompletableFuture.completedFuture(new MxLookup.PermanentFailure(
                    domain + " publishes a null MX (RFC 7505): it accepts no mail"));
        }
        List<MXRecord> ordered = order(mxRecords.stream()
                .filter(mx -> !mx.getTarget().equals(Name.root)) // a "." among real hosts is unusable
                .toList());
        if (ordered.isEmpty()) {
            return CompletableFuture.completedFuture(new MxLookup.PermanentFailure(
                    domain + " publishes only null MX records (RFC 7505): it accepts no mail"));
        }
        List<CompletableFuture<HostAddresses>> lookups = ordered.stream()
                .map(mx -> addresses(mx.getTarget()))
                .toList();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<MxHost> hosts = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            boolean temporary = false;
            for (int i = 0; i < ordered.size(); i++) {
                MXRecord mx = ordered.get(i);
                HostAddresses found = lookups.get(i).join();
                String host = hostname(mx.getTarget());
                if (found.isEmpty()) {
                    problems.add(host + ": " + found.problem());
                    temporary |= found.temporary();
                } else {
                    hosts.add(new MxHost(host, mx.getPriority(), found.addresses(), false));
                }
            }
            if (!hosts.isEmpty()) {
                if (!problems.isEmpty()) {
                    LOG.debug("MX hosts of {} skipped for want of an address: {}", domain, problems);
                }
                return new MxLookup.Found(hosts);
            }
            String reason = "no MX host of " + domain + " has an address: " + String.join("; ", problems);
            return temporary ? new MxLookup.TemporaryFailure(reason) : new MxLookup.PermanentFailure(reason);
        });
    }

    /**
     * Sorts by preference and shuffles within each preference (RFC 5321 §5.1), keeping only the
     * first (lowest-preference) record of a host named twice.
     */
    private List<MXRecord> order(List<MXRecord> records) {
        Map<Name, MXRecord> byHost = new LinkedHashMap<>();
        records.stream()
                .sorted(Comparator.comparingInt(MXRecord::getPriority))
                .forEach(mx -> byHost.putIfAbsent(mx.getTarget(), mx));
        List<MXRecord> ordered = new ArrayList<>(byHost.values());
        synchronized (randomLock) {
            int start = 0;
            while (start < ordered.size()) {
                int end = start;
                while (end < ordered.size() && ordered.get(end).getPriority() == ordered.get(start).getPriority()) {
                    end++;
                }
                for (int i = end - 1; i > start; i--) {
                    int j = start + random.nextInt(i - start + 1);
                    ordered.set(i, ordered.set(j, ordered.get(i)));
                }
                start = end;
            }
        }
        return ordered;
    }

    /** Looks up a host's A and (if enabled) AAAA records at once; IPv4 addresses come first. */
    private CompletableFuture<HostAddresses> addresses(Name host) {
        CompletableFuture<HostAddresses> v4 = addresses(host, Type.A);
        CompletableFuture<HostAddresses> v6 = ipv6
                ? addresses(host, Type.AAAA)
                : CompletableFuture.completedFuture(new HostAddresses(List.of(), false, ""));
        return v4.thenCombine(v6, (a, aaaa) -> {
            List<InetAddress> all = new ArrayList<>(a.addresses());
            all.addAll(aaaa.addresses());
            String problem = a.problem().isEmpty() ? aaaa.problem()
                    : aaaa.problem().isEmpty() ? a.problem()
                    : a.problem() + ", " + aaaa.problem();
            return new HostAddresses(all, a.temporary() || aaaa.temporary(), problem);
        });
    }

    private CompletableFuture<HostAddresses> addresses(Name host, int type) {
        String kind = Type.string(type);
        return client.resolve(host, type).handle((answer, failure) -> {
            if (failure != null) {
                return new HostAddresses(List.of(), true, kind + " lookup failed: " + reason(failure));
            }
            return switch (answer) {
                case DnsAnswer.Records records -> new HostAddresses(records.records().stream()
                        .map(DnsjavaMxResolver::address)
                        .toList(), false, "");
                case DnsAnswer.NoData noData -> new HostAddresses(List.of(), false, "no " + kind + " records");
                case DnsAnswer.NxDomain nxDomain -> new HostAddresses(List.of(), false, "NXDOMAIN");
                case DnsAnswer.AliasLoop loop -> new HostAddresses(List.of(), false, "CNAME chain loops or is too long");
                case DnsAnswer.Alias alias -> throw new IllegalStateException("unfollowed alias " + alias);
                case DnsAnswer.Unanswered unanswered -> throw new IllegalStateException("unwrapped " + unanswered);
            };
        });
    }

    private static InetAddress address(Record record) {
        return record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress();
    }

    private static MxLookup temporary(String domain, String what, Throwable failure) {
        return new MxLookup.TemporaryFailure(what + " lookup for " + domain + " failed: " + reason(failure));
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

    /** The host name as {@link MxHost} wants it: lower-case, without the trailing dot. */
    private static String hostname(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }

    /**
     * Accepts what {@link MxResolver#lookup} documents plus two common slips: a trailing dot and
     * a Unicode (not yet IDNA-converted) domain.
     */
    private static String normalise(String domain) {
        String trimmed = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        String ascii = trimmed.chars().allMatch(c -> c < 0x80) ? trimmed : IDN.toASCII(trimmed, IDN.ALLOW_UNASSIGNED);
        return ascii.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "DnsjavaMxResolver[ipv6=" + ipv6 + "]";
    }
}
