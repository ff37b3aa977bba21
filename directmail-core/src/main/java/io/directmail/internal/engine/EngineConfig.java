package io.directmail.internal.engine;

import io.directmail.DeliveryListener;
import io.directmail.Limits;
import io.directmail.RetryPolicy;
import io.directmail.dkim.DkimKey;
import io.directmail.internal.account.AccountRegistry;
import io.directmail.internal.throttle.AccountRates;
import io.directmail.store.MailStore;
import io.directmail.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Everything the engine is built from, checked by the public builder before it gets here.
 *
 * @param clock the time source
 * @param transport the transport messages leave through
 * @param ownsTransport true when the engine made the transport and closes it
 * @param dkimKeys signing keys, any number per domain
 * @param listeners delivery listeners
 * @param limits admission limits
 * @param executor the executor for delivery workers and async sends, or null for the engine's own
 * @param deliveryConcurrency how many deliveries may run at once
 * @param idempotencyWindow how long an idempotency key is remembered
 * @param closeTimeout how long {@code close()} waits for the queue to drain
 * @param retryPolicy when to retry after a temporary failure and when to give up
 * @param schedulerTick how often due retries are looked for
 * @param store where accepted messages are kept
 * @param ownsStore true when the engine made the store and closes it
 * @param claimLease how long a claim on a message lasts unless renewed
 * @param accountRates how fast each account's mail may be handed to the transport
 * @param accounts the managed accounts, whose mail is checked and charged at admission
 */
public record EngineConfig(Clock clock, Transport transport, boolean ownsTransport, List<DkimKey> dkimKeys,
        List<DeliveryListener> listeners, Limits limits, ExecutorService executor, int deliveryConcurrency,
        Duration idempotencyWindow, Duration closeTimeout, RetryPolicy retryPolicy, Duration schedulerTick, MailStore store,
        boolean ownsStore, Duration claimLease, AccountRates accountRates, AccountRegistry accounts) {

    /** Checks that the required parts are present. */
    public EngineConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(transport, "transport");
        dkimKeys = List.copyOf(dkimKeys);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(schedulerTick, "schedulerTick");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(claimLease, "claimLease");
        Objects.requireNonNull(accountRates, "accountRates");
        Objects.requireNonNull(accounts, "accounts");
    }
}
