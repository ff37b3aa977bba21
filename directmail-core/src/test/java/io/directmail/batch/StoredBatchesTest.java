package io.directmail.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.internal.codec.BatchRecordCodec;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.template.MissingVariables;
import io.directmail.template.Template;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.OutboundMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches kept in the instance's store go on after a restart. */
class StoredBatchesTest {

    private static final Template TEMPLATE = new Template("monthly", "News for {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}");
    private static final UnsubscribeSettings UNSUBSCRIBE = UnsubscribeSettings.of("https://shop.example/unsubscribe", new byte[32]);

    private static RecipientList readers(int count) {
        List<Recipient> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Recipient(EmailAddress.of("reader" + i + "@example.org"), Map.of("name", "Reader " + i)));
        }
        return new RecipientList("readers", rows);
    }

    @Test
    void aBatchRecord_encodesToTwoRecords_andDecodesToItself() {
        BatchRequest request = new BatchRequest(EmailAddress.of("news@shop.example"), "Shop News", TEMPLATE, "readers",
                readers(3).recipients(), "2026-06", Map.of("month", "June"), MissingVariables.EMPTY);
        BatchRecord record = new BatchRecord("b-1", "shop", request, BatchState.PAUSED, 1, 1,
                Instant.parse("2026-06-01T10:00:00Z"), "the store was full");
        BatchRecord inline = new BatchRecord("b-2", "shop", BatchRequest.inline(EmailAddress.of("news@shop.example"), TEMPLATE,
                readers(2).recipients()), BatchState.RUNNING, 0, 0, Instant.parse("2026-06-01T10:00:00Z"), null);

        BatchRecord failed = new BatchRecord("b-3", "shop", request, BatchState.FAILED, 2, 0,
                Instant.parse("2026-06-01T10:00:00Z"), "java.lang.OutOfMemoryError: Java heap space");

        for (BatchRecord batch : List.of(record, inline, failed)) {
            byte[] requestBytes = BatchRecordCodec.encodeRequest(batch);
            BatchRecordCodec.Progress progress = BatchRecordCodec.decodeProgress(BatchRecordCodec.encodeProgress(batch));
            assertThat(BatchRecordCodec.decode(requestBytes, progress)).isEqualTo(batch);
        }
    }

    @Test
    void aPausedBatch_isStillThereAfterARestart_andResumedSendsEachRowOnce(@TempDir Path dir) throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        String id;
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).dataDirectory(dir).build();
                Batches batches = directMail.batches(UNSUBSCRIBE)) {
            id = batches.start("shop", BatchRequest.of(EmailAddress.of("news@shop.example"), TEMPLATE, readers(2_000))).id();
            batches.pause(id);
        }
        int before = transport.messages().size();

        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).dataDirectory(dir).build();
                Batches batches = directMail.batches(UNSUBSCRIBE)) {
            BatchProgress restored = batches.progress(id).orElseThrow();
            assertThat(restored.state()).isEqualTo(BatchState.PAUSED);
            assertThat(restored.queued()).isEqualTo(before).isLessThan(2_000);

            batches.resume(id);
            List<OutboundMessage> all = transport.awaitMessages(2_000, Duration.ofSeconds(30));
            assertThat(all).hasSize(2_000);
            assertThat(all.stream().map(m -> m.recipients().getFirst().address()).distinct()).as("each row once").hasSize(2_000);
        }
    }

    @Test
    void aForgottenBatch_isNotTakenUpAfterARestart(@TempDir Path dir) throws Exception {
        InMemoryTransport transport = new InMemoryTransport();
        String id;
        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).dataDirectory(dir).build();
                Batches batches = directMail.batches(UNSUBSCRIBE)) {
            id = batches.start("shop", BatchRequest.of(EmailAddress.of("news@shop.example"), TEMPLATE, readers(2_000))).id();
            assertThat(batches.cancel(id).state()).isEqualTo(BatchState.CANCELLED);
            batches.forget(id);
        }

        try (DirectMail directMail = DirectMail.newBuilder().transport(transport).dataDirectory(dir).build();
                Batches batches = directMail.batches(UNSUBSCRIBE)) {
            assertThat(batches.progress(id)).isEmpty();
            assertThat(batches.snapshot()).isEmpty();
        }
    }
}
