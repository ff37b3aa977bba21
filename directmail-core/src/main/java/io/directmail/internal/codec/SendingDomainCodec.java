package io.directmail.internal.codec;

import io.directmail.account.SendingDomain;
import io.directmail.account.VerificationStatus;
import io.directmail.dkim.DkimKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of a {@link SendingDomain}, DKIM private keys included. Format version 1:
 *
 * <pre>
 * u8 1
 * str name (lower-case ASCII), str account
 * i32 key count, each: str selector, str private key (unencrypted PKCS#8 PEM, as
 *     {@link DkimKey#privateKeyPem()} gives it); the key's domain is the domain's name
 * str ownershipToken
 * u8 status: 1 unverified; 2 verified, instant at; 3 failed, instant at, str reason
 * instant createdAt
 * </pre>
 *
 * <p>The bytes hold the domain's private keys in the clear: a store that keeps them keeps a
 * secret, and they must never be logged. Stateless and thread-safe.
 */
public final class SendingDomainCodec {
    private static final String KIND = "sending domain";
    private static final int FORMAT = 1;
    private static final int UNVERIFIED = 1;
    private static final int VERIFIED = 2;
    private static final int FAILED = 3;
    /** The fewest bytes one key takes: two empty texts. */
    private static final int MIN_KEY_BYTES = 8;

    private SendingDomainCodec() {
    }

    /**
     * Encodes a domain.
     *
     * @param domain the domain
     * @return its bytes, which hold its DKIM private keys
     * @throws NullPointerException if the domain is null
     * @throws IllegalArgumentException if the verification status's reason holds half of a
     *     surrogate pair, which UTF-8 cannot hold
     */
    public static byte[] encode(SendingDomain domain) {
        Objects.requireNonNull(domain, "domain");
        FieldWriter out = new FieldWriter(KIND, FORMAT, 256 + 1800 * domain.dkimKeys().size());
        out.string("name", domain.name());
        out.string("account", domain.account());
        out.i32(domain.dkimKeys().size());
        for (DkimKey key : domain.dkimKeys()) {
            out.string("DKIM selector", key.selector());
            out.string("DKIM private key", key.privateKeyPem());
        }
        out.string("ownershipToken", domain.ownershipToken());
        switch (domain.status()) {
            case VerificationStatus.Unverified unverified -> out.u8(UNVERIFIED);
            case VerificationStatus.Verified verified -> {
                out.u8(VERIFIED);
                out.instant(verified.at());
            }
            case VerificationStatus.Failed failed -> {
                out.u8(FAILED);
                out.instant(failed.at());
                out.string("failure reason", failed.reason());
            }
        }
        out.instant(domain.createdAt());
        return out.toByteArray();
    }

    /**
     * Decodes a domain and loads its DKIM keys.
     *
     * @param bytes bytes from {@link #encode}
     * @return the domain
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not a domain of a format this release
     *     reads, or a key in it is not a usable DKIM private key
     */
    public static SendingDomain decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        in.expectVersion(FORMAT);
        int start = in.position();
        String name = in.string("name");
        String account = in.string("account");
        int keyCount = in.count("DKIM key", MIN_KEY_BYTES);
        List<DkimKey> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            int keyStart = in.position();
            String selector = in.string("DKIM selector");
            String pem = in.string("DKIM private key");
            keys.add(in.valid(keyStart, "DKIM key " + i, () -> DkimKey.fromPem(name, selector, pem)));
        }
        String token = in.string("ownershipToken");
        VerificationStatus status = status(in);
        Instant createdAt = in.instant("createdAt");
        in.end();
        return in.valid(start, KIND, () -> new SendingDomain(name, account, keys, token, status, createdAt));
    }

    private static VerificationStatus status(FieldReader in) {
        int start = in.position();
        int tag = in.u8("status");
        return switch (tag) {
            case UNVERIFIED -> new VerificationStatus.Unverified();
            case VERIFIED -> new VerificationStatus.Verified(in.instant("verified at"));
            case FAILED -> {
                Instant at = in.instant("failed at");
                yield new VerificationStatus.Failed(at, in.string("failure reason"));
            }
            default -> throw in.corrupted(start, "status tag " + tag + " is unknown; this release reads 1 to 3", null);
        };
    }
}
