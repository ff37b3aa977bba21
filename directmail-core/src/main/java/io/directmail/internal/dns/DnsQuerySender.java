package io.directmail.internal.dns;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends one question to the configured name servers until one gives a usable response (NOERROR or
 * NXDOMAIN): each server in turn, for the configured number of rounds, each try bounded by the
 * timeout. SERVFAIL, REFUSED, other error codes, timeouts and network errors move on to the next
 * try; when all tries fail, the future fails with a {@link DnsTemporaryFailure} naming the last
 * problem. A truncated UDP response is retried over TCP by dnsjava's {@link SimpleResolver}.
 *
 * <p>Thread-safe: the resolvers are configured once and only used to send afterwards. Nothing
 * blocks; every try is bounded by the timeout plus a small grace, even if dnsjava's own timer
 * failed to fire.
 */
final class DnsQuerySender {

    private static final Logger LOG = LoggerFactory.getLogger(DnsQuerySender.class);
    private static final Duration GRACE = Duration.ofMillis(250);

    private final List<SimpleResolver> resolvers;
    private final int attempts;
    private final Duration timeout;

    DnsQuerySender(List<InetSocketAddress> nameservers, Duration timeout, int attempts) {
        if (nameservers.isEmpty()) {
            throw new IllegalArgumentException("at least one name server is needed");
        }
        this.resolvers = nameservers.stream().map(address -> resolver(address, timeout)).toList();
        this.attempts = attempts;
        this.timeout = timeout;
    }

    /** Returns the longest one {@link #send} can take before its future completes. */
    Duration worstCase() {
        return timeout.plus(GRACE).multipliedBy((long) attempts * resolvers.size());
    }

    /**
     * Asks for the records of a name and type.
     *
     * @return a future of a NOERROR or NXDOMAIN response, or failed with a {@link DnsTemporaryFailure}
     */
    CompletableFuture<Message> send(Name name, int type) {
        return tryFrom(0, name, type, "no try was made");
    }

    private CompletableFuture<Message> tryFrom(int index, Name name, int type, String lastProblem) {
        if (index >= attempts * resolvers.size()) {
            return CompletableFuture.failedFuture(new DnsTemporaryFailure(
                    "no usable answer for " + name + " " + Type.string(type) + " after " + index
                            + (index == 1 ? " try: " : " tries: ") + lastProblem));
        }
        SimpleResolver resolver = resolvers.get(index % resolvers.size());
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return resolver.sendAsync(query)
                .toCompletableFuture()
                .orTimeout(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, failure) -> outcome(resolver, response, failure))
                .thenCompose(outcome -> outcome.response() != null
                        ? CompletableFuture.completedFuture(outcome.response())
                        : tryFrom(index + 1, name, type, outcome.problem()));
    }

    /** The result of one try: a usable response, or what was wrong with it. */
    private record Outcome(Message response, String problem) {}

    private static Outcome outcome(SimpleResolver resolver, Message response, Throwable failure) {
        String server = resolver.getAddress().toString();
        if (failure != null) {
            String problem = describe(failure) + " from " + server;
            LOG.debug("DNS try failed: {}", problem);
            return new Outcome(null, problem);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            return new Outcome(response, null);
        }
        String problem = Rcode.string(rcode) + " from " + server;
        LOG.debug("DNS try failed: {}", problem);
        return new Outcome(null, problem);
    }

    private static SimpleResolver resolver(InetSocketAddress address, Duration timeout) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTimeout(timeout);
        resolver.setIgnoreTruncation(false);
        return resolver;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return "timed out";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }
}
