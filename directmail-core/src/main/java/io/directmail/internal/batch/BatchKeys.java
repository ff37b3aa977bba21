package io.directmail.internal.batch;

import java.util.Optional;

/**
 * The idempotency keys of batch mail, {@code batch-<batch id>-<row>}: the same whenever a row is
 * sent again, and telling admission which batch (and so which quota reservation) a message is
 * of. Stateless.
 */
public final class BatchKeys {

    private static final String PREFIX = "batch-";

    private BatchKeys() {
    }

    /** {@return the idempotency key of a row of a batch} */
    public static String idempotencyKey(String batchId, int row) {
        return PREFIX + batchId + "-" + row;
    }

    /**
     * Returns the batch a key names, if it is a batch key.
     *
     * @param idempotencyKey a mail's idempotency key
     * @return the batch id, or empty for any other key
     */
    public static Optional<String> batchIdOf(String idempotencyKey) {
        if (!idempotencyKey.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dash = idempotencyKey.lastIndexOf('-');
        if (dash <= PREFIX.length()) {
            return Optional.empty();
        }
        String row = idempotencyKey.substring(dash + 1);
        if (row.isEmpty() || !row.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(idempotencyKey.substring(PREFIX.length(), dash));
    }
}
