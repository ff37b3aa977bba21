package io.directmail.internal.batch;

import io.directmail.batch.BatchRecord;
import io.directmail.batch.BatchState;
import io.directmail.internal.codec.BatchRecordCodec;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps batches in the store's records, so that they go on after a restart: what a batch sends is
 * written once, how far it got at every checkpoint. Thread-safe.
 */
public final class StoredBatches {

    private static final Logger LOG = LoggerFactory.getLogger(StoredBatches.class);
    static final String REQUESTS = "dm.batch";
    static final String PROGRESS = "dm.batch-progress";

    private final MailStore store;
    private final Set<String> requestsStored = ConcurrentHashMap.newKeySet();

    /** @param store where the batches are kept */
    public StoredBatches(MailStore store) {
        this.store = store;
    }

    /**
     * Records a batch's state; the first call for a batch also records what it sends. Used as the
     * journal of {@code Batches}: if it throws, a new batch does not start.
     */
    public void save(BatchRecord batch) {
        if (!requestsStored.contains(batch.id())) {
            store.putRecordIfAbsent(REQUESTS, batch.id(), BatchRecordCodec.encodeRequest(batch));
            requestsStored.add(batch.id());
        }
        store.putRecord(PROGRESS, batch.id(), BatchRecordCodec.encodeProgress(batch));
    }

    /** Removes a batch's records: it is not taken up again after a restart. */
    public void remove(String id) {
        store.removeRecord(PROGRESS, id);
        store.removeRecord(REQUESTS, id);
        requestsStored.remove(id);
    }

    /** {@return every stored batch, with its latest progress} */
    public List<BatchRecord> load() {
        List<BatchRecord> batches = new ArrayList<>();
        for (StoredRecord request : store.records(REQUESTS)) {
            try {
                BatchRecordCodec.Progress progress = store.findRecord(PROGRESS, request.key())
                        .map(BatchRecordCodec::decodeProgress)
                        // Stored just before its first checkpoint: it had sent nothing yet.
                        .orElse(new BatchRecordCodec.Progress(BatchState.RUNNING, 0, 0, null));
                batches.add(BatchRecordCodec.decode(request.value(), progress));
                requestsStored.add(request.key());
            } catch (RuntimeException e) {
                LOG.error("Cannot read stored batch {}; it is left out", request.key(), e);
            }
        }
        return batches;
    }
}
