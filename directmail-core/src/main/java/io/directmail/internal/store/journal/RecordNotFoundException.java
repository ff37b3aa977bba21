package io.directmail.internal.store.journal;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown by {@link Journal#read(RecordLocation)} when the location does not name a record of
 * this journal: its segment was deleted by compaction (the record moved; look the location up
 * again) or never existed.
 */
public class RecordNotFoundException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param location the location that was asked for
     * @param why why there is no record there
     */
    public RecordNotFoundException(RecordLocation location, String why) {
        super("no record at " + location + ": " + why);
    }
}
