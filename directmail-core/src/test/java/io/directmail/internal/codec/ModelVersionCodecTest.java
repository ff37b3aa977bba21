package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.internal.account.ModelVersion;
import io.directmail.internal.account.ModelVersion.Change;
import io.directmail.internal.account.ModelVersion.RecordKey;
import io.directmail.internal.account.ModelVersion.Writer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelVersionCodecTest {

    private static final ModelVersion GOLDEN_VALUE = new ModelVersion(2,
            new Writer("w1", Instant.parse("2026-01-01T00:00:00Z"), new RecordKey("dm.template", "acme/welcome")),
            List.of(new Change(1, new RecordKey("dm.account", "acme")),
                    new Change(2, new RecordKey("dm.domain", "acme.example"))));

    private static final String GOLDEN = """
            01                                  # format version
            0000000000000002                    # number 2
            01                                  # writer present
            00000002 7731                       #   id "w1"
            000000006955b900 00000000           #   leaseUntil 2026-01-01T00:00:00Z
            0000000b 646d2e74656d706c617465     #   kind "dm.template"
            0000000c 61636d652f77656c636f6d65   #   key "acme/welcome"
            00000002                            # 2 recent changes
            0000000000000001                    #   number 1
            0000000a 646d2e6163636f756e74       #   kind "dm.account"
            00000004 61636d65                   #   key "acme"
            0000000000000002                    #   number 2
            00000009 646d2e646f6d61696e         #   kind "dm.domain"
            0000000c 61636d652e6578616d706c65   #   key "acme.example"
            """;

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        byte[] golden = GoldenBytes.parse(GOLDEN);

        assertThat(GoldenBytes.hex(ModelVersionCodec.encode(GOLDEN_VALUE))).isEqualTo(GoldenBytes.hex(golden));
        assertThat(ModelVersionCodec.decode(golden)).isEqualTo(GOLDEN_VALUE);
    }

    @Test
    void theVersionBeforeAnyChange_andOneWithoutAWriter_roundTrip() {
        ModelVersion next = GOLDEN_VALUE.next(new RecordKey("dm.list", "acme/customers"));

        assertThat(ModelVersionCodec.decode(ModelVersionCodec.encode(ModelVersion.INITIAL))).isEqualTo(ModelVersion.INITIAL);
        assertThat(ModelVersionCodec.decode(ModelVersionCodec.encode(next))).isEqualTo(next);
    }

    @Test
    void damagedRecords_areRefusedAsCorrupted() {
        DamagedRecords.assertRefused("model version", ModelVersionCodec.encode(GOLDEN_VALUE), ModelVersionCodec::decode);
    }

    @Test
    void changesOutOfOrder_areRefusedAsCorrupted() {
        byte[] golden = GoldenBytes.parse(GOLDEN);
        golden[golden.length - 37 + 7] = 5;   // the last byte of the second change's number: 5 instead of 2

        assertThatThrownBy(() -> ModelVersionCodec.decode(golden)).isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("out of order");
    }
}
