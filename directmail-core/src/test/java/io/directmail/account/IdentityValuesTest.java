package io.directmail.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types of the package: their defaults, copies and refusals. */
class IdentityValuesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final EmailAddress ALERTS = EmailAddress.of("alerts@example.com");
    private static final DnsRecord OWNERSHIP = new DnsRecord(DnsRecord.Type.TXT, "_directmail.example.com",
            "directmail-verification=0123456789abcdef0123456789abcdef", DnsRecord.Purpose.OWNERSHIP);
    private static final DnsRecord SPF = new DnsRecord(DnsRecord.Type.TXT, "example.com", "v=spf1 a ~all", DnsRecord.Purpose.SPF);
    private static final DnsRecord DKIM = new DnsRecord(DnsRecord.Type.TXT, "s._domainkey.example.com", "v=DKIM1; p=AAAA",
            DnsRecord.Purpose.DKIM);
    private static final DnsRecord DMARC = new DnsRecord(DnsRecord.Type.TXT, "_dmarc.example.com", "v=DMARC1; p=none",
            DnsRecord.Purpose.DMARC);

    @Test
    void identityPolicy_defaults_andCopies() {
        assertThat(IdentityPolicy.DEFAULT).isEqualTo(new IdentityPolicy(5, 10, true));
        assertThat(IdentityPolicy.DEFAULT.withMaxDomainsPerAccount(1).withMaxSenderAddressesPerAccount(2)
                .withRequireVerifiedDomain(false)).isEqualTo(new IdentityPolicy(1, 2, false));
    }

    @Test
    void identityPolicy_refusesLimitsBelowOne_namingThem() {
        assertThatThrownBy(() -> IdentityPolicy.DEFAULT.withMaxDomainsPerAccount(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDomainsPerAccount must be at least 1, was 0");
        assertThatThrownBy(() -> IdentityPolicy.DEFAULT.withMaxSenderAddressesPerAccount(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSenderAddressesPerAccount must be at least 1, was -1");
    }

    @Test
    void senderAddress_copies_andRefusals() {
        SenderAddress sender = new SenderAddress(ALERTS, "a", MailType.TRIGGER, null, null, NOW);

        assertThat(sender.domain()).isEqualTo("example.com");
        assertThat(sender.withReplyTo(EmailAddress.of("help@example.com")).replyTo()).isEqualTo(EmailAddress.of("help@example.com"));
        assertThat(sender.withSmtpPasswordHash("h").withReplyTo(null))
                .isEqualTo(new SenderAddress(ALERTS, "a", MailType.TRIGGER, null, "h", NOW));
        assertThatThrownBy(() -> new SenderAddress(null, "a", MailType.TRIGGER, null, null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SenderAddress(ALERTS, null, MailType.TRIGGER, null, null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SenderAddress(ALERTS, "a b", MailType.TRIGGER, null, null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderAddress(ALERTS, "a", null, null, null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SenderAddress(ALERTS, "a", MailType.TRIGGER, null, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void accountIds_followTheRuleOfMail() {
        for (String valid : List.of("a", "default", "Customer-42", "x.y_z", "9", "a".repeat(64))) {
            assertThat(AccountIds.check(valid)).isEqualTo(valid);
        }
        for (String invalid : List.of("", ".a", "_a", "-a", "a b", "a/b", "a@b", "ä", "a".repeat(65), "a\n")) {
            assertThatThrownBy(() -> AccountIds.check(invalid)).as(invalid).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void verification_isVerified_onlyWithEveryRequiredPurposeFound() {
        assertThat(verification(found(OWNERSHIP), found(SPF), found(DKIM), missing(DMARC)).verified()).isTrue();
        assertThat(verification(found(OWNERSHIP), found(SPF), missing(DMARC)).verified())
                .as("no DKIM check at all").isFalse();
        assertThat(verification().verified()).isFalse();
        assertThat(verification(found(OWNERSHIP), found(SPF), found(DKIM), check(DKIM, RecordCheck.Result.WRONG)).verified())
                .as("every DKIM key counts").isFalse();
    }

    @Test
    void verification_isInconclusive_onlyWhenTemporaryFailuresAloneStandInTheWay() {
        RecordCheck temporary = check(DKIM, RecordCheck.Result.TEMPORARY_FAILURE);

        assertThat(verification(found(OWNERSHIP), found(SPF), temporary).inconclusive()).isTrue();
        assertThat(verification(missing(OWNERSHIP), found(SPF), temporary).inconclusive()).isFalse();
        assertThat(verification(found(OWNERSHIP), found(SPF), found(DKIM), check(DMARC, RecordCheck.Result.TEMPORARY_FAILURE))
                .inconclusive()).as("verified despite an advisory failure").isFalse();
        assertThat(verification(found(OWNERSHIP), found(SPF), temporary).summary())
                .isEqualTo("DKIM s._domainkey.example.com: TEMPORARY_FAILURE");
    }

    @Test
    void recordCheck_refusesBadParts() {
        assertThatThrownBy(() -> new RecordCheck(SPF, RecordCheck.Result.FOUND, List.of(), ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordCheck(null, RecordCheck.Result.FOUND, List.of(), "d")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RecordCheck(SPF, null, List.of(), "d")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RecordCheck(SPF, RecordCheck.Result.FOUND, null, "d")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VerificationStatus.Verified(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VerificationStatus.Failed(NOW, null)).isInstanceOf(NullPointerException.class);
    }

    private static DomainVerification verification(RecordCheck... checks) {
        return new DomainVerification("example.com", NOW, List.of(checks));
    }

    private static RecordCheck found(DnsRecord record) {
        return check(record, RecordCheck.Result.FOUND);
    }

    private static RecordCheck missing(DnsRecord record) {
        return check(record, RecordCheck.Result.MISSING);
    }

    private static RecordCheck check(DnsRecord record, RecordCheck.Result result) {
        return new RecordCheck(record, result, List.of(), "checked");
    }
}
