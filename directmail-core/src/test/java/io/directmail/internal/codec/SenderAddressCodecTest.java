package io.directmail.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.account.DomainSettings;
import io.directmail.account.IdentitySnapshot;
import io.directmail.account.SenderAddress;
import io.directmail.account.SendingDomain;
import io.directmail.account.SendingIdentities;
import io.directmail.account.VerificationStatus;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SenderAddressCodecTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.000000006Z");
    private static final SenderAddress GOLDEN_VALUE = new SenderAddress(EmailAddress.of("alerts@example.com"), "acme",
            MailType.TRIGGER, EmailAddress.of("help@example.com"), "hash", Instant.parse("2026-01-01T00:00:00Z"));

    private static final String GOLDEN = """
            01                                  # format version
            00000006 616c65727473               # address: local part "alerts"
            0000000b 6578616d706c652e636f6d     #   domain "example.com"
            00000004 61636d65                   # account "acme"
            00000007 54524947474552             # type "TRIGGER"
            01                                  # replyTo present
            00000004 68656c70                   #   local part "help"
            0000000b 6578616d706c652e636f6d     #   domain "example.com"
            01                                  # smtpPasswordHash present
            00000004 68617368                   #   "hash"
            000000006955b900 00000000           # createdAt 2026-01-01T00:00:00Z
            """;

    private static SenderAddress roundTrip(SenderAddress sender) {
        return SenderAddressCodec.decode(SenderAddressCodec.encode(sender));
    }

    @ParameterizedTest
    @EnumSource(MailType.class)
    void replyToAndPasswordHash_presentOrAbsent_roundTrip(MailType type) {
        SenderAddress bare = new SenderAddress(EmailAddress.of("news@example.com"), "acme", type, null, null, CREATED);
        EmailAddress replyTo = EmailAddress.of("support@example.com");
        String hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

        for (SenderAddress sender : List.of(bare, bare.withReplyTo(replyTo), bare.withSmtpPasswordHash(hash),
                bare.withReplyTo(replyTo).withSmtpPasswordHash(hash))) {
            SenderAddress decoded = roundTrip(sender);

            assertThat(decoded).isEqualTo(sender);
            assertThat(decoded.replyTo()).isEqualTo(sender.replyTo());
            assertThat(decoded.smtpPasswordHash()).isEqualTo(sender.smtpPasswordHash());
        }
    }

    @Test
    void internationalAddresses_roundTrip() {
        SenderAddress sender = new SenderAddress(EmailAddress.of("jörg.müller@bücher.example"), "acme", MailType.BATCH,
                EmailAddress.of("\"help desk\"@例え.テスト"), null, CREATED);

        SenderAddress decoded = roundTrip(sender);

        assertThat(decoded).isEqualTo(sender);
        assertThat(decoded.address().requiresSmtpUtf8()).isTrue();
        assertThat(decoded.domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(decoded.replyTo().unicodeDomain()).isEqualTo("例え.テスト");
    }

    @Test
    void encoding_isTheGoldenBytes_andTheGoldenBytesDecode() {
        byte[] golden = GoldenBytes.parse(GOLDEN);

        assertThat(GoldenBytes.hex(SenderAddressCodec.encode(GOLDEN_VALUE))).isEqualTo(GoldenBytes.hex(golden));
        assertThat(SenderAddressCodec.decode(golden)).isEqualTo(GOLDEN_VALUE);
    }

    @Test
    void unknownMailType_isRefused_namingIt() {
        assertThatThrownBy(() -> SenderAddressCodec.decode(record("alerts", "BULK", "hash")))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("type names no MailType: \"BULK\"");
    }

    @Test
    void fieldsTheSenderAddressRefuses_areReportedAsCorruption() {
        assertThatThrownBy(() -> SenderAddressCodec.decode(record("alerts", "TRIGGER", "has spaces")))
                .isInstanceOfSatisfying(CorruptedRecordException.class, e -> assertThat(e.offset()).isEqualTo(1))
                .hasMessageContaining("the fields do not make a valid sender address: smtpPasswordHash must be");
        assertThatThrownBy(() -> SenderAddressCodec.decode(record("two@ats", "TRIGGER", "hash")))
                .isInstanceOf(CorruptedRecordException.class)
                .hasMessageContaining("the fields do not make a valid address");
        assertThat(SenderAddressCodec.decode(record("alerts", "TRIGGER", "hash"))).isEqualTo(GOLDEN_VALUE);
    }

    @Test
    void decodedDomainsAndSenderAddresses_restoreARegistryThatSendsAsBefore() {
        DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "s1");
        SendingDomain domain = new SendingDomain("example.com", "acme", List.of(key), SendingDomainCodecTest.TOKEN,
                new VerificationStatus.Verified(CREATED), CREATED);
        SenderAddress sender = new SenderAddress(EmailAddress.of("alerts@example.com"), "acme", MailType.TRIGGER, null,
                "encoded-hash", CREATED);
        IdentitySnapshot snapshot = new IdentitySnapshot(
                List.of(SendingDomainCodec.decode(SendingDomainCodec.encode(domain))),
                List.of(SenderAddressCodec.decode(SenderAddressCodec.encode(sender))));

        SendingIdentities restored = SendingIdentities.newBuilder(DomainSettings.of(List.of("ip4:192.0.2.1"), "bounce.example.net"))
                .restore(snapshot).build();

        assertThat(restored.snapshot()).isEqualTo(new IdentitySnapshot(List.of(domain), List.of(sender)));
        assertThat(restored.checkSendable("acme", EmailAddress.of("alerts@example.com"), MailType.TRIGGER)).isEqualTo(sender);
        assertThat(restored.domain("acme", "example.com").verified()).isTrue();
    }

    @Test
    void damagedRecords_areRefusedAsCorruption() {
        DamagedRecords.assertRefused("sender address", SenderAddressCodec.encode(GOLDEN_VALUE), SenderAddressCodec::decode);
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> SenderAddressCodec.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SenderAddressCodec.decode(null)).isInstanceOf(NullPointerException.class);
    }

    /** {@link #GOLDEN_VALUE}, written field by field with the given values. */
    private static byte[] record(String localPart, String type, String hash) {
        FieldWriter out = new FieldWriter("sender address", 1, 0);
        out.string("local part", localPart);
        out.string("domain", "example.com");
        out.string("account", "acme");
        out.string("type", type);
        out.present(true);
        out.string("local part", "help");
        out.string("domain", "example.com");
        out.present(true);
        out.string("hash", hash);
        out.instant(Instant.parse("2026-01-01T00:00:00Z"));
        return out.toByteArray();
    }
}
