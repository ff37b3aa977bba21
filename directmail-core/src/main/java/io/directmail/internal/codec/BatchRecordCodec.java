package io.directmail.internal.codec;

import io.directmail.batch.BatchRecord;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.BatchState;
import io.directmail.list.RecipientList;
import io.directmail.template.MissingVariables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes a batch in two records: what it sends (written once: id, account, request with its
 * template and rows, creation time) and how far it got (written at every checkpoint: state,
 * counts, failure), so that a checkpoint does not rewrite ten thousand rows. Stateless.
 *
 * <pre>
 * request  u8 version=1, str id, str account, address from, str? fromName, octets template
 *          (TemplateCodec), str? listName, octets rows (RecipientListCodec), str? tag,
 *          i32 shared variables, each str name, str value; enum missingVariables, instant createdAt
 * progress u8 version=1, enum state, i32 queued, i32 refused, str? failure
 * </pre>
 */
public final class BatchRecordCodec {

    private static final String REQUEST = "batch";
    private static final String PROGRESS = "batch progress";
    private static final int FORMAT = 1;
    /** The list name rows of a request without a stored list are encoded under. */
    private static final String INLINE = "inline";

    /** A batch's progress, as its second record holds it. */
    public record Progress(BatchState state, int queued, int refused, String failure) {}

    private BatchRecordCodec() {
    }

    /**
     * Encodes what a batch sends.
     *
     * @throws IllegalArgumentException if a text cannot be encoded in UTF-8; the message names it
     */
    public static byte[] encodeRequest(BatchRecord batch) {
        Objects.requireNonNull(batch, "batch");
        BatchRequest request = batch.request();
        byte[] template = TemplateCodec.encode(request.template());
        byte[] rows = RecipientListCodec.encode(new RecipientList(request.listName() != null ? request.listName() : INLINE,
                request.rows()));
        FieldWriter out = new FieldWriter(REQUEST, FORMAT, 64 + template.length + rows.length);
        out.string("id", batch.id());
        out.string("account", batch.account());
        out.address("from", request.from());
        out.nullableString("fromName", request.fromName());
        out.octets(template);
        out.nullableString("listName", request.listName());
        out.octets(rows);
        out.nullableString("tag", request.tag());
        out.i32(request.sharedVariables().size());
        request.sharedVariables().forEach((name, value) -> {
            out.string("shared variable name", name);
            out.string("shared variable " + name, value);
        });
        out.enumName("missingVariables", request.missingVariables());
        out.instant(batch.createdAt());
        return out.toByteArray();
    }

    /** Encodes how far a batch got. */
    public static byte[] encodeProgress(BatchRecord batch) {
        Objects.requireNonNull(batch, "batch");
        FieldWriter out = new FieldWriter(PROGRESS, FORMAT, 64);
        out.enumName("state", batch.state());
        out.i32(batch.queued());
        out.i32(batch.refused());
        out.nullableString("failure", batch.failure());
        return out.toByteArray();
    }

    /**
     * Decodes a batch from its two records.
     *
     * @param request the bytes of {@link #encodeRequest}
     * @param progress the bytes of {@link #encodeProgress}
     * @throws CorruptedRecordException if the bytes are not a batch of a format this release reads
     */
    public static BatchRecord decode(byte[] request, Progress progress) {
        FieldReader in = new FieldReader(REQUEST, request);
        in.expectVersion(FORMAT);
        int start = in.position();
        String id = in.string("id");
        String account = in.string("account");
        var from = in.address("from");
        String fromName = in.nullableString("fromName");
        var template = TemplateCodec.decode(in.octets("template"));
        String listName = in.nullableString("listName");
        RecipientList rows = RecipientListCodec.decode(in.octets("rows"));
        String tag = in.nullableString("tag");
        int shared = in.count("shared variables", 8);
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < shared; i++) {
            variables.put(in.string("shared variable name"), in.string("shared variable value"));
        }
        MissingVariables missing = in.enumName(MissingVariables.class, "missingVariables");
        Instant createdAt = in.instant("createdAt");
        in.end();
        return in.valid(start, "batch", () -> new BatchRecord(id, account,
                new BatchRequest(from, fromName, template, listName, rows.recipients(), tag, variables, missing),
                progress.state(), progress.queued(), progress.refused(), createdAt, progress.failure()));
    }

    /**
     * Decodes how far a batch got.
     *
     * @throws CorruptedRecordException if the bytes are not a batch's progress of a format this release reads
     */
    public static Progress decodeProgress(byte[] bytes) {
        FieldReader in = new FieldReader(PROGRESS, bytes);
        in.expectVersion(FORMAT);
        BatchState state = in.enumName(BatchState.class, "state");
        int queued = in.i32("queued");
        int refused = in.i32("refused");
        String failure = in.nullableString("failure");
        in.end();
        return new Progress(state, queued, refused, failure);
    }
}
