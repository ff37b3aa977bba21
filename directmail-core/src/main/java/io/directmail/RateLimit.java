package io.directmail;

/**
 * A rate of messages: so many per second on average, with bursts of up to {@code burst} at once
 * (a token bucket that holds {@code burst} tokens and fills at {@code perSecond}).
 *
 * @param perSecond the average rate, above 0 and at most 1,000,000
 * @param burst how many messages may leave at once after a quiet spell, 1 to 1,000,000
 */
public record RateLimit(double perSecond, int burst) {

    private static final double MAX = 1_000_000;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value if it is out of range
     */
    public RateLimit {
        if (!(perSecond > 0) || perSecond > MAX) {
            throw new IllegalArgumentException("perSecond must be above 0 and at most 1000000, was " + perSecond);
        }
        if (burst < 1 || burst > MAX) {
            throw new IllegalArgumentException("burst must be 1 to 1000000, was " + burst);
        }
    }

    /**
     * Returns a rate whose burst is one second's worth (at least 1).
     *
     * @param perSecond the average rate
     * @return the rate limit
     * @throws IllegalArgumentException if the rate is out of range
     */
    public static RateLimit perSecond(double perSecond) {
        return new RateLimit(perSecond, (int) Math.max(1, Math.min(MAX, Math.ceil(perSecond))));
    }
}
