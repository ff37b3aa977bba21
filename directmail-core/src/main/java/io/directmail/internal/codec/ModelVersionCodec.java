package io.directmail.internal.codec;

import io.directmail.internal.account.ModelVersion;
import io.directmail.internal.account.ModelVersion.Change;
import io.directmail.internal.account.ModelVersion.RecordKey;
import io.directmail.internal.account.ModelVersion.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of a {@link ModelVersion}, the record that orders the changes of the accounts' model
 * between the nodes sharing a store. Format version 1:
 *
 * <pre>
 * u8 1
 * i64 number
 * u8 has writer, [str id, instant leaseUntil, str kind, str key]
 * i32 count of recent changes, then each: i64 number, str kind, str key
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class ModelVersionCodec {
    private static final String KIND = "model version";
    private static final int FORMAT = 1;
    /** The fewest bytes of one recent change: its number and two empty texts. */
    private static final int MIN_CHANGE_BYTES = 8 + 4 + 4;

    private ModelVersionCodec() {
    }

    /**
     * Encodes a model version.
     *
     * @param version the version
     * @return its bytes
     * @throws NullPointerException if the version is null
     */
    public static byte[] encode(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        FieldWriter out = new FieldWriter(KIND, FORMAT, 64 + 48 * version.recent().size());
        out.i64(version.number());
        Writer writer = version.writer();
        out.present(writer != null);
        if (writer != null) {
            out.string("writer id", writer.id());
            out.instant(writer.leaseUntil());
            record(out, writer.record());
        }
        out.i32(version.recent().size());
        for (Change change : version.recent()) {
            out.i64(change.number());
            record(out, change.record());
        }
        return out.toByteArray();
    }

    /**
     * Decodes a model version.
     *
     * @param bytes bytes from {@link #encode}
     * @return the version
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not a model version of a format this release reads
     */
    public static ModelVersion decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        in.expectVersion(FORMAT);
        int start = in.position();
        long number = in.i64("number");
        Writer writer = null;
        if (in.present("writer")) {
            String id = in.string("writer id");
            Instant leaseUntil = in.instant("writer lease");
            RecordKey record = record(in);
            writer = new Writer(id, leaseUntil, record);
        }
        int count = in.count("recent change", MIN_CHANGE_BYTES);
        List<Change> recent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long changeNumber = in.i64("recent change number");
            recent.add(new Change(changeNumber, record(in)));
        }
        in.end();
        Writer finalWriter = writer;
        return in.valid(start, KIND, () -> new ModelVersion(number, finalWriter, recent));
    }

    private static void record(FieldWriter out, RecordKey record) {
        out.string("kind", record.kind());
        out.string("key", record.key());
    }

    private static RecordKey record(FieldReader in) {
        String kind = in.string("kind");
        String key = in.string("key");
        return new RecordKey(kind, key);
    }
}
