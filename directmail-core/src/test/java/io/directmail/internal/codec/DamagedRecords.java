package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * Damages a valid record in the ways storage damages records (cut short, extended, a wrong
 * version, bytes overwritten) and checks that decoding reports it as a
 * {@link CorruptedRecordException} of the record's kind, never as another exception.
 */
final class DamagedRecords {
    /** Fixed, so that a failure repeats. */
    private static final long SEED = 20260101L;
    private static final int ROUNDS = 1_000;

    private DamagedRecords() {
    }

    /**
     * Checks every kind of damage on {@code valid}, which {@code decode} must accept as it is.
     *
     * @param kind the kind the exceptions must name
     * @param valid a valid record
     * @param decode the decoder
     */
    static void assertRefused(String kind, byte[] valid, Function<byte[], ?> decode) {
        assertThat(decode.apply(valid)).as("the undamaged record decodes").isNotNull();
        assertEveryShortenedCopyRefused(kind, valid, decode);
        assertTrailingBytesRefused(kind, valid, decode);
        assertOtherVersionsRefused(kind, valid, decode);
        assertOverwrittenBytesDecodeOrAreRefused(kind, valid, decode);
        assertGarbageDecodesOrIsRefused(kind, decode);
    }

    private static void assertEveryShortenedCopyRefused(String kind, byte[] valid, Function<byte[], ?> decode) {
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            int cutLength = length;
            assertThatThrownBy(() -> decode.apply(cut))
                    .as("the record cut to %d of %d bytes", length, valid.length)
                    .isInstanceOfSatisfying(CorruptedRecordException.class, e -> {
                        assertThat(e.kind()).isEqualTo(kind);
                        assertThat(e.offset()).isBetween(0, cutLength);
                    });
        }
    }

    private static void assertTrailingBytesRefused(String kind, byte[] valid, Function<byte[], ?> decode) {
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);
        assertThatThrownBy(() -> decode.apply(longer))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.offset()).isEqualTo(valid.length);
                })
                .hasMessageContaining("2 bytes after the last field");
    }

    private static void assertOtherVersionsRefused(String kind, byte[] valid, Function<byte[], ?> decode) {
        for (int version : new int[] {0, valid[0] + 1, 255}) {
            byte[] other = valid.clone();
            other[0] = (byte) version;
            assertThatThrownBy(() -> decode.apply(other))
                    .isInstanceOfSatisfying(CorruptedRecordException.class, e -> {
                        assertThat(e.kind()).isEqualTo(kind);
                        assertThat(e.offset()).isZero();
                    })
                    .hasMessageContaining("format version " + version + " is unknown");
        }
    }

    private static void assertOverwrittenBytesDecodeOrAreRefused(String kind, byte[] valid, Function<byte[], ?> decode) {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] damaged = valid.clone();
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                damaged[1 + random.nextInt(damaged.length - 1)] = (byte) random.nextInt(256);
            }
            decodeOrRefuse(kind, damaged, decode);
        }
    }

    private static void assertGarbageDecodesOrIsRefused(String kind, Function<byte[], ?> decode) {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            garbage[0] = 1;
            decodeOrRefuse(kind, garbage, decode);
        }
    }

    private static void decodeOrRefuse(String kind, byte[] bytes, Function<byte[], ?> decode) {
        try {
            decode.apply(bytes);
        } catch (CorruptedRecordException e) {
            assertThat(e.kind()).isEqualTo(kind);
        } catch (RuntimeException | Error e) {
            fail("decoding " + GoldenBytes.hex(bytes) + " threw " + e + " instead of a CorruptedRecordException", e);
        }
    }
}
