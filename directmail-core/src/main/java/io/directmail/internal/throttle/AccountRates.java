package io.directmail.internal.throttle;

import io.directmail.MailType;
import io.directmail.RateLimit;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-account limits on how fast mail is handed to the transport: one token bucket per
 * account that has a limit. Batch mail leaves the last token of a bucket whose burst allows it to
 * trigger mail, as with destinations. Accounts without a limit are never held back. Thread-safe.
 */
public final class AccountRates {

    private final RateLimit defaultLimit;
    private final Map<String, RateLimit> overrides;
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    /**
     * @param defaultLimit the limit of every account without its own, or null for none
     * @param overrides accounts' own limits
     */
    public AccountRates(RateLimit defaultLimit, Map<String, RateLimit> overrides) {
        this.defaultLimit = defaultLimit;
        this.overrides = Map.copyOf(overrides);
    }

    /** {@return true if no account has a limit} */
    public boolean isUnlimited() {
        return defaultLimit == null && overrides.isEmpty();
    }

    /**
     * Takes a token for a message of an account, if one is there.
     *
     * @param account the account
     * @param lane the message's lane
     * @param now the current time
     * @return null when the message may go now, else when it may try again
     */
    public synchronized Instant admit(String account, MailType lane, Instant now) {
        Objects.requireNonNull(account, "account");
        RateLimit limit = overrides.getOrDefault(account, defaultLimit);
        if (limit == null) {
            return null;
        }
        TokenBucket bucket = buckets.computeIfAbsent(account, a -> new TokenBucket(limit.perSecond(), limit.burst(), now));
        int keep = lane == MailType.BATCH && limit.burst() > 1 ? 1 : 0;
        if (bucket.tryTake(now, keep)) {
            return null;
        }
        return bucket.availableAt(now, keep);
    }
}
