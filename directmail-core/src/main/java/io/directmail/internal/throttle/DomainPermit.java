package io.directmail.internal.throttle;

import io.directmail.EmailAddress;
import io.directmail.internal.smtp.SmtpTarget;
import io.directmail.internal.smtp.TargetGate;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Leave to deliver one message to one recipient domain now: it holds one of the domain's
 * connection slots and has taken one token. As the {@link TargetGate} of the delivery it hands out
 * the exchangers' connection slots without waiting, sets the domain's messages per connection,
 * and gathers the throttling replies met on the way.
 *
 * <p>Use: {@link io.directmail.internal.smtp.SmtpClient#deliver deliver} with it as the gate, then
 * {@link #record} the outcomes, then {@link #close}. A permit under which nothing was sent (no
 * exchanger was entered, or every one turned out busy) gives its token back. Used by one delivery
 * thread; not thread-safe.
 */
public final class DomainPermit implements Admission, TargetGate, AutoCloseable {

    private final DestinationThrottle throttle;
    private final DomainState domain;
    private final boolean batch;
    private final Set<String> throttlingHosts = new LinkedHashSet<>();
    private SmtpReply throttlingReply;
    private Instant busyRetryAt;
    private boolean entered;
    private boolean allBusy;
    private boolean closed;

    DomainPermit(DestinationThrottle throttle, DomainState domain, boolean batch) {
        this.throttle = throttle;
        this.domain = domain;
        this.batch = batch;
    }

    @Override
    public Pass enter(SmtpTarget target) {
        String hostname = target.hostname().toLowerCase(Locale.ROOT);
        HostState host = throttle.enterHost(hostname, domain.limits(), batch);
        if (host == null) {
            return null;
        }
        entered = true;
        return new HostPass(host, hostname);
    }

    /** A full connection pool means a busy exchanger: never wait for it. */
    @Override
    public Duration poolWait() {
        return Duration.ZERO;
    }

    @Override
    public RecipientOutcome busy(EmailAddress recipient, String detail) {
        allBusy = true;
        if (busyRetryAt == null) {
            busyRetryAt = domain.hostsBusy(batch, throttle.now());
        }
        return RecipientOutcome.notAttempted(recipient, busyRetryAt, detail + "; trying again at " + busyRetryAt);
    }

    /**
     * Feeds the outcomes of the delivery to the domain's adaptive rate: a throttling reply, in an
     * outcome or from an exchanger that was abandoned, lowers it; otherwise a delivered message
     * counts toward raising it again.
     */
    public void record(List<RecipientOutcome> outcomes) {
        boolean delivered = false;
        for (RecipientOutcome outcome : outcomes) {
            SmtpReply reply = outcome.reply();
            if (reply != null && reply.isThrottling()) {
                throttlingReply = reply;
                if (outcome.remoteHost() != null) {
                    throttlingHosts.add(outcome.remoteHost().toLowerCase(Locale.ROOT));
                }
            }
            delivered |= outcome.result() == RecipientOutcome.Result.DELIVERED;
        }
        if (throttlingReply != null) {
            throttle.throttled(domain, throttlingHosts, throttlingReply);
        } else if (delivered) {
            domain.succeeded(throttle.now());
        }
    }

    /** Gives the domain's connection slot back, and the token when nothing was sent. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            domain.exit(!entered || allBusy, throttle.now());
        }
    }

    /** One exchanger's connection slot, given back when the client is done with it. */
    private final class HostPass implements Pass {

        private final HostState host;
        private final String hostname;
        private boolean released;

        HostPass(HostState host, String hostname) {
            this.host = host;
            this.hostname = hostname;
        }

        @Override
        public int maxMessagesPerConnection() {
            return domain.limits().maxMessagesPerConnection();
        }

        @Override
        public void abandoned(SmtpReply reply) {
            if (reply != null && reply.isThrottling()) {
                throttlingReply = reply;
                throttlingHosts.add(hostname);
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                host.exit(throttle.now());
            }
        }
    }
}
