package io.directmail.internal.codec;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.account.SenderAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * The bytes of a {@link SenderAddress}. Format version 1:
 *
 * <pre>
 * u8 1
 * address (str local part, str domain)
 * str account
 * str type (the MailType's name: TRIGGER or BATCH)
 * u8 has replyTo, [address replyTo]
 * u8 has smtpPasswordHash, [str smtpPasswordHash]
 * instant createdAt
 * </pre>
 *
 * <p>The password hash is kept as the opaque encoded text the address holds. Stateless and
 * thread-safe.
 */
public final class SenderAddressCodec {
    private static final String KIND = "sender address";
    private static final int FORMAT = 1;

    private SenderAddressCodec() {
    }

    /**
     * Encodes a sender address.
     *
     * @param sender the sender address
     * @return its bytes
     * @throws NullPointerException if the sender address is null
     */
    public static byte[] encode(SenderAddress sender) {
        Objects.requireNonNull(sender, "sender");
        FieldWriter out = new FieldWriter(KIND, FORMAT, 160);
        out.address("address", sender.address());
        out.string("account", sender.account());
        out.enumName("type", sender.type());
        out.present(sender.replyTo() != null);
        if (sender.replyTo() != null) {
            out.address("replyTo", sender.replyTo());
        }
        out.nullableString("smtpPasswordHash", sender.smtpPasswordHash());
        out.instant(sender.createdAt());
        return out.toByteArray();
    }

    /**
     * Decodes a sender address.
     *
     * @param bytes bytes from {@link #encode}
     * @return the sender address
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not a sender address of a format this
     *     release reads
     */
    public static SenderAddress decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        in.expectVersion(FORMAT);
        int start = in.position();
        EmailAddress address = in.address("address");
        String account = in.string("account");
        MailType type = in.enumName(MailType.class, "type");
        EmailAddress replyTo = in.present("replyTo") ? in.address("replyTo") : null;
        String hash = in.nullableString("smtpPasswordHash");
        Instant createdAt = in.instant("createdAt");
        in.end();
        return in.valid(start, KIND, () -> new SenderAddress(address, account, type, replyTo, hash, createdAt));
    }
}
