package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.account.AccountPolicy;
import io.directmail.list.ListLimits;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.TemplateLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Currency;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountPolicyCodecTest {

    private static final AccountPolicy CUSTOM = new AccountPolicy(new TemplateLimits(50), new ListLimits(3, 2_000, 40),
            new QuotaPolicy(100, new BigDecimal("0.35"), Currency.getInstance("EUR"), Period.ofYears(1),
                    OptionalLong.of(5_000), ZoneId.of("Europe/Berlin"), Duration.ofDays(3)));

    private static final String GOLDEN = """
            02                          # format version
            00000032                    # maxTemplatesPerAccount 50
            00000003                    # maxListsPerAccount 3
            000007d0                    # maxAddressesPerList 2000
            0000000000000064            # freePerDay 100
            00000002 00000001 23        # pricePerThousand 0.35: scale 2, 1 octet, unscaled 35
            00000003 455552             # currency "EUR"
            00000001 00000000 00000000  # packageValidity 1 year, 0 months, 0 days
            01 0000000000001388         # dailyCap present, 5000
            0000000d 4575726f70652f4265726c696e  # zone "Europe/Berlin"
            000000000003f480 00000000   # idempotencyWindow 259200 s (3 days), 0 ns
            00000028                    # maxInlineRows 40
            """;

    private static AccountPolicy roundTrip(AccountPolicy policy) {
        return AccountPolicyCodec.decode(AccountPolicyCodec.encode(policy));
    }

    @Test
    void defaults_roundTrip() {
        assertThat(roundTrip(AccountPolicy.defaults())).isEqualTo(AccountPolicy.defaults());
    }

    @Test
    void everyValueChanged_roundTrips() {
        assertThat(roundTrip(CUSTOM)).isEqualTo(CUSTOM);
    }

    @Test
    void dailyCap_absentAndZero_stayApart() {
        QuotaPolicy noCap = QuotaPolicy.defaults();
        QuotaPolicy zeroCap = noCap.withDailyCap(0);

        assertThat(roundTrip(CUSTOM.withQuota(noCap)).quota().dailyCap()).isEmpty();
        assertThat(roundTrip(CUSTOM.withQuota(zeroCap)).quota().dailyCap()).hasValue(0);
        assertThat(roundTrip(CUSTOM.withQuota(noCap.withDailyCap(Long.MAX_VALUE))).quota().dailyCap()).hasValue(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Z", "UTC", "+05:30", "-09:30", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"})
    void zone_regionOrOffset_roundTrips(String id) {
        AccountPolicy policy = CUSTOM.withQuota(CUSTOM.quota().withZone(ZoneId.of(id)));

        assertThat(roundTrip(policy).quota().zone()).isEqualTo(ZoneId.of(id));
        assertThat(roundTrip(policy)).isEqualTo(policy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.29", "0.001", "7", "123456789012345678901234567890.000000000000000000001"})
    void price_keepsEveryDigit(String price) {
        for (String currency : new String[] {"USD", "JPY", "BHD", "CNY"}) {
            QuotaPolicy quota = CUSTOM.quota().withPricePerThousand(new BigDecimal(price), Currency.getInstance(currency));

            QuotaPolicy decoded = roundTrip(CUSTOM.withQuota(quota)).quota();

            assertThat(decoded).isEqualTo(quota);
            assertThat(decoded.pricePerThousand().toPlainString()).isEqualTo(quota.pricePerThousand().toPlainString());
            assertThat(decoded.payAsYouGoCost(1_724)).isEqualTo(quota.payAsYouGoCost(1_724));
        }
    }

    @Test
    void validityAndWindow_keepEveryPart() {
        QuotaPolicy quota = CUSTOM.quota().withPackageValidity(Period.of(1, 2, 3))
                .withIdempotencyWindow(Duration.ofDays(1).plusNanos(1));

        assertThat(roundTrip(CUSTOM.withQuota(quota)).quota()).isEqualTo(quota);
    }

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        byte[] golden = GoldenBytes.parse(GOLDEN);

        assertThat(GoldenBytes.hex(AccountPolicyCodec.encode(CUSTOM))).isEqualTo(GoldenBytes.hex(golden));
        assertThat(AccountPolicyCodec.decode(golden)).isEqualTo(CUSTOM);
    }

    @Test
    void aPolicyWithTheDefaultInlineRows_isWrittenInTheFirstFormat_whichEarlierReleasesRead() {
        AccountPolicy defaultRows = CUSTOM.withLists(CUSTOM.lists().withMaxInlineRows(ListLimits.DEFAULT.maxInlineRows()));

        byte[] encoded = AccountPolicyCodec.encode(defaultRows);

        assertThat(encoded[0]).isEqualTo((byte) 1);
        assertThat(encoded).hasSize(AccountPolicyCodec.encode(CUSTOM).length - Integer.BYTES);
        assertThat(AccountPolicyCodec.decode(encoded)).isEqualTo(defaultRows);
    }

    @Test
    void aRecordOfTheFirstFormat_readsWithTheDefaultInlineRows() {
        String first = GOLDEN.replaceFirst("02 ", "01 ").replace("00000028                    # maxInlineRows 40\n", "");

        assertThat(AccountPolicyCodec.decode(GoldenBytes.parse(first)))
                .isEqualTo(CUSTOM.withLists(CUSTOM.lists().withMaxInlineRows(ListLimits.DEFAULT.maxInlineRows())));
    }

    @Test
    void fieldsThePolicyRefuses_areReportedAsCorruption() {
        assertThatThrownBy(() -> AccountPolicyCodec.decode(record(-1, "EUR", "Europe/Berlin")))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.offset()).isEqualTo(1))
                .hasMessageContaining("account policy record is corrupted")
                .hasMessageContaining("freePerDay must not be negative, was -1");
        assertThatThrownBy(() -> AccountPolicyCodec.decode(record(100, "QQQ", "Europe/Berlin")))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the fields do not make a valid currency");
        assertThatThrownBy(() -> AccountPolicyCodec.decode(record(100, "EUR", "Mars/Olympus_Mons")))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the fields do not make a valid zone")
                .hasMessageContaining("Mars/Olympus_Mons");
        assertThat(AccountPolicyCodec.decode(record(100, "EUR", "Europe/Berlin"))).isEqualTo(CUSTOM);
    }

    @Test
    void damagedRecords_areRefusedAsCorruption() {
        DamagedRecords.assertRefused("account policy", AccountPolicyCodec.encode(CUSTOM), AccountPolicyCodec::decode);
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> AccountPolicyCodec.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AccountPolicyCodec.decode(null)).isInstanceOf(NullPointerException.class);
    }

    /** {@link #CUSTOM}, written field by field with the given values. */
    private static byte[] record(long freePerDay, String currency, String zone) {
        FieldWriter out = new FieldWriter("account policy", 2, 0);
        out.i32(50);
        out.i32(3);
        out.i32(2_000);
        out.i64(freePerDay);
        out.decimal("price", new BigDecimal("0.35"));
        out.string("currency", currency);
        out.period(Period.ofYears(1));
        out.present(true);
        out.i64(5_000);
        out.string("zone", zone);
        out.duration(Duration.ofDays(3));
        out.i32(40);
        return out.toByteArray();
    }
}
