package io.directmail.internal.store.embedded;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.store.StoredMessage;
import io.directmail.transport.SmtpReply;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The byte layout of the embedded store's records and of the compact metadata it keeps in the
 * heap. All integers are big-endian; {@code varint} is an unsigned LEB128; {@code str} is a
 * varint length and that many UTF-8 octets; {@code str?} is a varint of length + 1, 0 meaning
 * null; {@code instant} is an i64 of epoch seconds and an i32 of nanoseconds.
 *
 * <pre>
 * MESSAGE   (type 1) u8 format=1, str id, varint metaLength, meta, content octets to the end
 * STATE     (type 2) u8 format=1, str id, meta to the end
 * TOMBSTONE (type 3) u8 format=1, str id
 *
 * meta: u8 flags (1 pending, 2 smtpUtf8, 4 eightBit, 8 has nextAttemptAt, 16 has returnPath,
 *       32 batch lane, 64 has notBefore, 128 has an account other than the default),
 *       i64 finishedAt epoch milliseconds: the latest recipient status time once no recipient
 *       is pending, Long.MAX_VALUE while one is (read without decoding the rest),
 *       str? idempotencyKey, instant acceptedAt, i32 size, str? tag,
 *       [str localPart, str domain] returnPath, [instant] nextAttemptAt, [instant] notBefore, [str] account,
 *       varint recipients, each: str localPart, str domain, u8 status, varint attempts,
 *           u16 replyCode (0 = no reply), [str? enhancedStatus, str text], str? remoteHost,
 *           str detail, instant updatedAt
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class MessageCodec {

    static final byte MESSAGE = 1;
    static final byte STATE = 2;
    static final byte TOMBSTONE = 3;

    private static final byte FORMAT = 1;
    private static final int PENDING = 1;
    private static final int SMTP_UTF8 = 2;
    private static final int EIGHT_BIT = 4;
    private static final int HAS_NEXT = 8;
    private static final int HAS_RETURN_PATH = 16;
    private static final int BATCH = 32;
    private static final int HAS_NOT_BEFORE = 64;
    private static final int HAS_ACCOUNT = 128;
    private static final int FINISHED_AT_OFFSET = 1;
    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();

    private MessageCodec() {}

    /** A decoded record header: the message id and where the rest starts. */
    record Head(String messageId, int restOffset) {}

    /** Encodes a message's metadata, without its id. */
    static byte[] encodeMeta(StoredMessage m) {
        Out out = new Out(128);
        int flags = (m.isPending() ? PENDING : 0) | (m.smtpUtf8() ? SMTP_UTF8 : 0) | (m.eightBit() ? EIGHT_BIT : 0)
                | (m.nextAttemptAt() != null ? HAS_NEXT : 0) | (m.returnPath() != null ? HAS_RETURN_PATH : 0)
                | (m.type() == MailType.BATCH ? BATCH : 0) | (m.notBefore() != null ? HAS_NOT_BEFORE : 0)
                | (m.account().equals(Mail.DEFAULT_ACCOUNT) ? 0 : HAS_ACCOUNT);
        out.write(flags);
        out.i64(finishedAtMillis(m));
        out.nullableStr(m.idempotencyKey());
        out.instant(m.acceptedAt());
        out.i32(m.size());
        out.nullableStr(m.tag());
        if (m.returnPath() != null) {
            out.str(m.returnPath().localPart());
            out.str(m.returnPath().domain());
        }
        if (m.nextAttemptAt() != null) {
            out.instant(m.nextAttemptAt());
        }
        if (m.notBefore() != null) {
            out.instant(m.notBefore());
        }
        if (!m.account().equals(Mail.DEFAULT_ACCOUNT)) {
            out.str(m.account());
        }
        out.varint(m.recipients().size());
        for (RecipientStatus r : m.recipients()) {
            out.str(r.recipient().localPart());
            out.str(r.recipient().domain());
            out.write(r.status().ordinal());
            out.varint(r.attempts());
            SmtpReply reply = r.lastReply();
            out.i16(reply == null ? 0 : reply.code());
            if (reply != null) {
                out.nullableStr(reply.enhancedStatus());
                out.str(reply.text());
            }
            out.nullableStr(r.remoteHost());
            out.str(r.detail());
            out.instant(r.updatedAt());
        }
        return out.toByteArray();
    }

    private static long finishedAtMillis(StoredMessage m) {
        if (m.isPending()) {
            return Long.MAX_VALUE;
        }
        long last = Long.MIN_VALUE;
        for (RecipientStatus r : m.recipients()) {
            last = Math.max(last, r.updatedAt().toEpochMilli());
        }
        return last;
    }

    /**
     * Decodes metadata made by {@link #encodeMeta}.
     *
     * @param returnPaths makes the return path from its stored local part and domain (a cache may
     *     answer: validating an address is the dearest part of decoding, and return paths repeat)
     */
    static StoredMessage decodeMeta(String messageId, byte[] meta, BiFunction<String, String, EmailAddress> returnPaths) {
        ByteBuffer in = ByteBuffer.wrap(meta);
        int flags = in.get();
        in.getLong();
        String key = nullableStr(in);
        Instant acceptedAt = instant(in);
        int size = in.getInt();
        String tag = nullableStr(in);
        EmailAddress returnPath = (flags & HAS_RETURN_PATH) != 0 ? returnPaths.apply(str(in), str(in)) : null;
        Instant next = (flags & HAS_NEXT) != 0 ? instant(in) : null;
        Instant notBefore = (flags & HAS_NOT_BEFORE) != 0 ? instant(in) : null;
        String account = (flags & HAS_ACCOUNT) != 0 ? str(in) : Mail.DEFAULT_ACCOUNT;
        int count = varint(in);
        List<RecipientStatus> recipients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            EmailAddress address = new EmailAddress(str(in), str(in));
            DeliveryStatus status = STATUSES[in.get()];
            int attempts = varint(in);
            int code = in.getShort() & 0xffff;
            SmtpReply reply = code == 0 ? null : new SmtpReply(code, nullableStr(in), str(in));
            String remoteHost = nullableStr(in);
            String detail = str(in);
            recipients.add(new RecipientStatus(address, status, attempts, reply, remoteHost, detail, instant(in)));
        }
        return new StoredMessage(messageId, acceptedAt, returnPath, recipients, next, tag, key, size,
                (flags & SMTP_UTF8) != 0, (flags & EIGHT_BIT) != 0, (flags & BATCH) != 0 ? MailType.BATCH : MailType.TRIGGER,
                notBefore, account);
    }

    /**
     * What the due index needs of a pending message: its lane, its account and when its next
     * attempt is due ({@code nextAttemptAt}, else {@code notBefore}, else {@code acceptedAt}),
     * without an {@link Instant} per message.
     *
     * @param lane the lane
     * @param account the account's name
     * @param dueSecond the due time's epoch second
     * @param dueNano the due time's nanosecond of the second
     */
    record Schedule(MailType lane, String account, long dueSecond, int dueNano) {

        /** {@return the due time} */
        Instant due() {
            return Instant.ofEpochSecond(dueSecond, dueNano);
        }
    }

    /**
     * Reads a message's lane, account and due time from metadata made by {@link #encodeMeta},
     * without decoding its recipients: what {@link #decodeMeta} and
     * {@link io.directmail.internal.store.StoreArguments#dueOf} would give, for less.
     *
     * @param accounts gives the one copy of an account's name to keep (a name repeats in many messages)
     * @throws IllegalArgumentException if the metadata is cut short or malformed
     */
    static Schedule scheduleOf(byte[] meta, UnaryOperator<String> accounts) {
        try {
            ByteBuffer in = ByteBuffer.wrap(meta);
            int flags = in.get();
            in.getLong(); // finishedAt
            skipNullableStr(in); // idempotencyKey
            long second = in.getLong(); // acceptedAt
            int nano = in.getInt();
            in.getInt(); // size
            skipNullableStr(in); // tag
            if ((flags & HAS_RETURN_PATH) != 0) {
                skipStr(in);
                skipStr(in);
            }
            if ((flags & HAS_NEXT) != 0) {
                second = in.getLong();
                nano = in.getInt();
                if ((flags & HAS_NOT_BEFORE) != 0) {
                    instant(in); // notBefore: the next attempt comes first
                }
            } else if ((flags & HAS_NOT_BEFORE) != 0) {
                second = in.getLong();
                nano = in.getInt();
            }
            String account = (flags & HAS_ACCOUNT) != 0 ? accounts.apply(str(in)) : Mail.DEFAULT_ACCOUNT;
            return new Schedule((flags & BATCH) != 0 ? MailType.BATCH : MailType.TRIGGER, account, second, nano);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the metadata ends before its account", e);
        }
    }

    /** What a listing filters and orders messages by: facts that never change after a message is stored. */
    record Listed(Instant acceptedAt, String account, String tag) {}

    /** {@return the acceptance time, account and tag in the metadata}, without decoding the recipients */
    static Listed listed(byte[] meta) {
        ByteBuffer in = ByteBuffer.wrap(meta);
        int flags = in.get();
        in.position(FINISHED_AT_OFFSET + Long.BYTES);
        nullableStr(in);
        Instant acceptedAt = instant(in);
        in.getInt();
        String tag = nullableStr(in);
        if ((flags & HAS_RETURN_PATH) != 0) {
            str(in);
            str(in);
        }
        if ((flags & HAS_NEXT) != 0) {
            instant(in);
        }
        if ((flags & HAS_NOT_BEFORE) != 0) {
            instant(in);
        }
        String account = (flags & HAS_ACCOUNT) != 0 ? str(in) : Mail.DEFAULT_ACCOUNT;
        return new Listed(acceptedAt, account, tag);
    }

    /** {@return when the last recipient got a final status, in epoch milliseconds; Long.MAX_VALUE while pending} */
    static long finishedAtMillis(byte[] meta) {
        return ByteBuffer.wrap(meta).getLong(FINISHED_AT_OFFSET);
    }

    /** {@return the idempotency key in the metadata, or null} */
    static String idempotencyKey(byte[] meta) {
        ByteBuffer in = ByteBuffer.wrap(meta).position(FINISHED_AT_OFFSET + Long.BYTES);
        return nullableStr(in);
    }

    /** Lays out a MESSAGE record: header, metadata, content. */
    static ByteBuffer messageRecord(String messageId, byte[] meta, byte[] content) {
        byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
        Out head = new Out(16 + id.length);
        head.write(FORMAT);
        head.varint(id.length);
        head.write(id, 0, id.length);
        head.varint(meta.length);
        byte[] h = head.toByteArray();
        return ByteBuffer.allocate(h.length + meta.length + content.length).put(h).put(meta).put(content).flip();
    }

    /** Lays out a STATE record: header, metadata. */
    static ByteBuffer stateRecord(String messageId, byte[] meta) {
        byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
        Out out = new Out(8 + id.length + meta.length);
        out.write(FORMAT);
        out.varint(id.length);
        out.write(id, 0, id.length);
        out.write(meta, 0, meta.length);
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** Lays out a TOMBSTONE record. */
    static ByteBuffer tombstoneRecord(String messageId) {
        byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
        Out out = new Out(8 + id.length);
        out.write(FORMAT);
        out.varint(id.length);
        out.write(id, 0, id.length);
        return ByteBuffer.wrap(out.toByteArray());
    }

    /**
     * Reads a record's header. The buffer's position is not changed.
     *
     * @throws IllegalArgumentException if the format is unknown or the header is cut short
     */
    static Head head(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        int start = in.position();
        try {
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown record format " + format);
            }
            String id = str(in);
            return new Head(id, in.position() - start);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the record ends inside its header", e);
        }
    }

    /** {@return the metadata of a MESSAGE record whose rest starts at {@code restOffset}} */
    static byte[] messageMeta(ByteBuffer payload, int restOffset) {
        ByteBuffer in = payload.duplicate().position(payload.position() + restOffset);
        int length = varint(in);
        byte[] meta = new byte[length];
        in.get(meta);
        return meta;
    }

    /** {@return the content of a MESSAGE record, read back whole} */
    static byte[] messageContent(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        Head head = head(in);
        in.position(head.restOffset());
        int metaLength = varint(in);
        in.position(in.position() + metaLength);
        byte[] content = new byte[in.remaining()];
        in.get(content);
        return content;
    }

    /** {@return the metadata of a whole MESSAGE or STATE record, as read back} */
    static byte[] metaOf(byte[] payload, boolean isMessage) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        int rest = head(in).restOffset();
        return isMessage ? messageMeta(in, rest) : stateMeta(in, rest);
    }

    /** {@return the metadata of a STATE record} */
    static byte[] stateMeta(ByteBuffer payload, int restOffset) {
        ByteBuffer in = payload.duplicate().position(payload.position() + restOffset);
        byte[] meta = new byte[in.remaining()];
        in.get(meta);
        return meta;
    }

    private static String str(ByteBuffer in) {
        int length = varint(in);
        if (length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " octets runs past the record");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void skipStr(ByteBuffer in) {
        skip(in, varint(in));
    }

    private static void skipNullableStr(ByteBuffer in) {
        int marker = varint(in);
        if (marker != 0) {
            skip(in, marker - 1);
        }
    }

    private static void skip(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " octets runs past the record");
        }
        in.position(in.position() + length);
    }

    private static String nullableStr(ByteBuffer in) {
        int marker = varint(in);
        if (marker == 0) {
            return null;
        }
        int length = marker - 1;
        if (length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " octets runs past the record");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Instant instant(ByteBuffer in) {
        long seconds = in.getLong();
        return Instant.ofEpochSecond(seconds, in.getInt());
    }

    private static int varint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IllegalArgumentException("a length or count is negative");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("a varint is longer than 5 octets");
    }

    /** A growable buffer with the writers the layout needs. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void i16(int v) {
            write(v >>> 8);
            write(v);
        }

        void i32(int v) {
            i16(v >>> 16);
            i16(v);
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void instant(Instant t) {
            i64(t.getEpochSecond());
            i32(t.getNano());
        }

        void varint(int v) {
            while ((v & ~0x7f) != 0) {
                write((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            write(v);
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }

        void nullableStr(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1);
            write(b, 0, b.length);
        }
    }
}
