package io.directmail.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order records are listed in, and the bound that turns a key prefix into a range. */
class KeyOrderTest {

    /** Characters from every range the order must get right: ASCII, 2 and 3 octets, around the surrogates, above U+FFFF. */
    private static final int[] CODE_POINTS = {'a', 'b', '/', '%', '_', '\\', 0xA0, 0xE9, 0x7FF, 0x800, 0x4E2D, 0xD7FF,
            0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1D11E, 0x1F600, Character.MAX_CODE_POINT};

    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder();
        int length = random.nextInt(5);
        for (int i = 0; i < length; i++) {
            key.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
        }
        return key.toString();
    }

    private static int utf8Order(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compare_agreesWithTheOrderOfUtf8Octets() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String a = randomKey(random);
            String b = randomKey(random);
            assertThat(Integer.signum(KeyOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(utf8Order(a, b)));
        }
    }

    @Test
    void compare_putsSupplementaryCharactersAfterTheRestOfTheBasicPlane() {
        assertThat(KeyOrder.compare("\uE000", "😀")).isNegative();
        assertThat(KeyOrder.compare("\uFFFF", "\uD800\uDC00")).isNegative();
        assertThat("\uE000".compareTo("😀")).as("unlike String.compareTo").isPositive();
        assertThat(KeyOrder.compare("ab", "abc")).isNegative();
        assertThat(KeyOrder.compare("abc", "abc")).isZero();
    }

    @Test
    void prefixEnd_raisesTheLastCharacter_skippingTheSurrogates_andDroppingTheHighest() {
        String max = new String(Character.toChars(Character.MAX_CODE_POINT));

        assertThat(KeyOrder.prefixEnd("acct/")).isEqualTo("acct0");
        assertThat(KeyOrder.prefixEnd("a%")).isEqualTo("a&");
        assertThat(KeyOrder.prefixEnd("\uD7FF")).isEqualTo("\uE000");
        assertThat(KeyOrder.prefixEnd("\uFFFF")).isEqualTo("\uD800\uDC00");
        assertThat(KeyOrder.prefixEnd("y" + max + max)).isEqualTo("z");
        assertThat(KeyOrder.prefixEnd(max)).isNull();
        assertThat(KeyOrder.prefixEnd("")).isNull();
    }

    @Test
    void prefixEnd_boundsExactlyTheKeysThatStartWithThePrefix() {
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            keys.add(randomKey(random));
        }
        for (int i = 0; i < 300; i++) {
            String prefix = randomKey(random);
            String end = KeyOrder.prefixEnd(prefix);
            for (String key : keys) {
                boolean inRange = KeyOrder.compare(key, prefix) >= 0 && (end == null || KeyOrder.compare(key, end) < 0);
                assertThat(inRange).as("key %s, prefix %s, end %s", key, prefix, end).isEqualTo(key.startsWith(prefix));
            }
        }
    }
}
