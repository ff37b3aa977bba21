package io.directmail.internal.store.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A record as a test saw it during replay, with the payload copied out. */
record ReplayedRecord(RecordLocation location, long sequence, byte type, byte[] payload) {

    /** {@return a visitor that adds every record to the list} */
    static RecordVisitor into(List<ReplayedRecord> records) {
        return (location, sequence, type, payload) -> records.add(
                new ReplayedRecord(location, sequence, type, copy(payload)));
    }

    static List<ReplayedRecord> replayOnOpen(java.nio.file.Path dir, JournalOptions options) {
        List<ReplayedRecord> records = new ArrayList<>();
        Journal.open(dir, options, into(records)).close();
        return records;
    }

    private static byte[] copy(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }

    String text() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
