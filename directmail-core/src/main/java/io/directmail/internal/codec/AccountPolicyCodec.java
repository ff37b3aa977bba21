package io.directmail.internal.codec;

import io.directmail.account.AccountPolicy;
import io.directmail.list.ListLimits;
import io.directmail.quota.QuotaPolicy;
import io.directmail.template.TemplateLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The bytes of an {@link AccountPolicy}, the record a store keeps for each managed account.
 * Format version 2, or version 1 without the last field when it has its default of 100 (so that
 * nodes of an earlier release sharing the store read the policies that do not change it):
 *
 * <pre>
 * u8 2
 * i32 maxTemplatesPerAccount
 * i32 maxListsPerAccount, i32 maxAddressesPerList
 * i64 freePerDay
 * decimal pricePerThousand, str currency (ISO 4217 code)
 * period packageValidity
 * u8 has dailyCap, [i64 dailyCap]
 * str zone (its ID: a region such as Europe/Berlin, or an offset such as Z or +08:00)
 * duration idempotencyWindow
 * i32 maxInlineRows
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class AccountPolicyCodec {
    private static final String KIND = "account policy";
    private static final int FORMAT = 2;
    private static final int FIRST_FORMAT = 1;

    private AccountPolicyCodec() {
    }

    /**
     * Encodes a policy.
     *
     * @param policy the policy
     * @return its bytes
     * @throws NullPointerException if the policy is null
     */
    public static byte[] encode(AccountPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        QuotaPolicy quota = policy.quota();
        // The default inline rows keep format 1, which releases before format 2 read too.
        boolean defaultInlineRows = policy.lists().maxInlineRows() == ListLimits.DEFAULT.maxInlineRows();
        FieldWriter out = new FieldWriter(KIND, defaultInlineRows ? FIRST_FORMAT : FORMAT, 96);
        out.i32(policy.templates().maxTemplatesPerAccount());
        out.i32(policy.lists().maxListsPerAccount());
        out.i32(policy.lists().maxAddressesPerList());
        out.i64(quota.freePerDay());
        out.decimal("pricePerThousand", quota.pricePerThousand());
        out.string("currency", quota.currency().getCurrencyCode());
        out.period(quota.packageValidity());
        out.present(quota.dailyCap().isPresent());
        if (quota.dailyCap().isPresent()) {
            out.i64(quota.dailyCap().getAsLong());
        }
        out.string("zone", quota.zone().getId());
        out.duration(quota.idempotencyWindow());
        if (!defaultInlineRows) {
            out.i32(policy.lists().maxInlineRows());
        }
        return out.toByteArray();
    }

    /**
     * Decodes a policy.
     *
     * @param bytes bytes from {@link #encode}
     * @return the policy
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not a policy of a format this release reads
     */
    public static AccountPolicy decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        int format = in.versionBetween(FIRST_FORMAT, FORMAT);
        int start = in.position();
        int maxTemplates = in.i32("maxTemplatesPerAccount");
        int maxLists = in.i32("maxListsPerAccount");
        int maxAddresses = in.i32("maxAddressesPerList");
        long freePerDay = in.i64("freePerDay");
        BigDecimal price = in.decimal("pricePerThousand");
        int currencyStart = in.position();
        String currencyCode = in.string("currency");
        Currency currency = in.valid(currencyStart, "currency", () -> Currency.getInstance(currencyCode));
        Period validity = in.period("packageValidity");
        OptionalLong dailyCap = in.present("dailyCap") ? OptionalLong.of(in.i64("dailyCap")) : OptionalLong.empty();
        int zoneStart = in.position();
        String zoneId = in.string("zone");
        ZoneId zone = in.valid(zoneStart, "zone", () -> ZoneId.of(zoneId));
        Duration window = in.duration("idempotencyWindow");
        int maxInlineRows = format >= 2 ? in.i32("maxInlineRows") : ListLimits.DEFAULT.maxInlineRows();
        in.end();
        return in.valid(start, KIND, () -> new AccountPolicy(new TemplateLimits(maxTemplates),
                new ListLimits(maxLists, maxAddresses, maxInlineRows),
                new QuotaPolicy(freePerDay, price, currency, validity, dailyCap, zone, window)));
    }
}
