package io.directmail.internal.account;

import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.account.DomainVerification;
import io.directmail.account.RecordCheck;
import io.directmail.account.SendingDomain;
import io.directmail.internal.dns.DnsjavaRecordLookup;
import io.directmail.internal.dns.RecordLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks a domain's DNS records: looks up every record of
 * {@link SendingDomain#records(DomainSettings)} at once, through the configured name servers and
 * without a cache, and judges each with {@link RecordMatcher}.
 *
 * <p>Thread-safe. {@link #verify} blocks until every lookup has answered or timed out.
 */
public final class DomainVerifier {

    private static final Duration GRACE = Duration.ofSeconds(1);

    private final DnsjavaRecordLookup lookup;
    private final Clock clock;

    /**
     * Creates a verifier.
     *
     * @param lookup looks the records up
     * @param clock dates the verification
     */
    public DomainVerifier(DnsjavaRecordLookup lookup, Clock clock) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a domain's records.
     *
     * @param domain the domain
     * @param settings what its records say
     * @return one check per expected record, in the order of {@link SendingDomain#records(DomainSettings)}
     */
    public DomainVerification verify(SendingDomain domain, DomainSettings settings) {
        Instant checkedAt = clock.instant();
        List<DnsRecord> expected = domain.records(settings);
        Map<String, CompletableFuture<RecordLookup>> lookups = new LinkedHashMap<>();
        for (DnsRecord record : expected) {
            lookups.computeIfAbsent(record.type() + " " + record.host(), question -> switch (record.type()) {
                case TXT -> lookup.txt(record.host());
                case CNAME -> lookup.cname(record.host());
            });
        }
        awaitAll(lookups.values());
        List<RecordCheck> checks = new ArrayList<>(expected.size());
        for (DnsRecord record : expected) {
            CompletableFuture<RecordLookup> answer = lookups.get(record.type() + " " + record.host());
            RecordLookup result = answer.isDone()
                    ? answer.join()
                    : new RecordLookup.Unavailable(record.host() + " " + record.type() + ": no answer in time");
            checks.add(RecordMatcher.check(record, result));
        }
        return new DomainVerification(domain.name(), checkedAt, checks);
    }

    private void awaitAll(Iterable<CompletableFuture<RecordLookup>> futures) {
        List<CompletableFuture<RecordLookup>> all = new ArrayList<>();
        futures.forEach(all::add);
        Duration bound = lookup.worstCase().plus(GRACE);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Unanswered lookups are reported as temporary failures.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a DNS lookup failed although lookups report failures as values", e.getCause());
        }
    }
}
