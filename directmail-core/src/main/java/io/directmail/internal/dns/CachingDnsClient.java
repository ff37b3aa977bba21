package io.directmail.internal.dns;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.xbill.DNS.Name;

/**
 * Answers questions (name, type) from a cache or, on a miss, through a {@link DnsQuerySender},
 * and follows CNAME chains across questions. Thread-safe; concurrent askers of one question share
 * one query.
 *
 * <p>An answer stays cached for its TTL as measured by the injected clock: positive answers by
 * their records' smallest TTL, negative ones by the SOA's negative TTL, capped. Temporary
 * failures are shared by those who asked while the query ran, and expire at once: the next ask
 * queries again.
 */
final class CachingDnsClient {

    /** How many CNAME hops are followed before a chain counts as broken. */
    static final int MAX_CNAME_HOPS = 8;

    private record Question(Name name, int type) {}

    private final DnsQuerySender sender;
    private final ResponseClassifier classifier;
    private final AsyncCache<Question, DnsAnswer> cache;

    CachingDnsClient(DnsQuerySender sender, ResponseClassifier classifier, long maximumSize, Clock clock) {
        this.sender = sender;
        this.classifier = classifier;
        this.cache = maximumSize == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(maximumSize)
                        .expireAfter(Expiry.creating((Question question, DnsAnswer answer) ->
                                Duration.ofSeconds(answer.ttlSeconds())))
                        .ticker(new ClockTicker(clock))
                        .executor(Runnable::run)
                        .buildAsync();
    }

    /** Returns the longest one uncached question can take to answer, CNAME hops included. */
    Duration worstCase() {
        return sender.worstCase().multipliedBy(MAX_CNAME_HOPS + 1);
    }

    /**
     * Answers a question, following CNAMEs for at most {@value #MAX_CNAME_HOPS} hops.
     *
     * @return a future of the answer, never {@link DnsAnswer.Alias}; failed with a
     *     {@link DnsTemporaryFailure} when the name servers could not answer
     */
    CompletableFuture<DnsAnswer> resolve(Name name, int type) {
        return resolve(name, type, 0);
    }

    private CompletableFuture<DnsAnswer> resolve(Name name, int type, int hops) {
        return ask(name, type).thenCompose(answer -> {
            if (answer instanceof DnsAnswer.Alias alias) {
                return hops >= MAX_CNAME_HOPS
                        ? CompletableFuture.completedFuture(new DnsAnswer.AliasLoop(alias.target()))
                        : resolve(alias.target(), type, hops + 1);
            }
            return CompletableFuture.completedFuture(answer);
        });
    }

    private CompletableFuture<DnsAnswer> ask(Name name, int type) {
        if (cache == null) {
            return query(name, type);
        }
        return cache.get(new Question(name, type), (question, executor) -> query(name, type)
                        .exceptionally(CachingDnsClient::unanswered))
                .thenCompose(answer -> answer instanceof DnsAnswer.Unanswered unanswered
                        ? CompletableFuture.failedFuture(unanswered.failure())
                        : CompletableFuture.completedFuture(answer));
    }

    private CompletableFuture<DnsAnswer> query(Name name, int type) {
        return sender.send(name, type).thenApply(response -> classifier.classify(response, name, type));
    }

    private static DnsAnswer unanswered(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return new DnsAnswer.Unanswered(cause instanceof DnsTemporaryFailure temporary
                ? temporary
                : new DnsTemporaryFailure("DNS query failed: " + cause, cause));
    }
}
