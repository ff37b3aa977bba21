package io.directmail.template;

/**
 * Limits on one account's templates. The default is that of a hosted sender; the embedding
 * application may change it. A request beyond a limit is refused with a
 * {@link io.directmail.LimitExceededException} naming it.
 *
 * @param maxTemplatesPerAccount how many templates one account may keep; default 100
 */
public record TemplateLimits(int maxTemplatesPerAccount) {

    /** The default: 100 templates per account. */
    public static final TemplateLimits DEFAULT = new TemplateLimits(100);

    /** Checks that the limit is positive. */
    public TemplateLimits {
        if (maxTemplatesPerAccount < 1) {
            throw new IllegalArgumentException("maxTemplatesPerAccount must be at least 1, was " + maxTemplatesPerAccount);
        }
    }

    /** Returns a copy with another limit on templates per account. */
    public TemplateLimits withMaxTemplatesPerAccount(int value) {
        return new TemplateLimits(value);
    }
}
