/**
 * The byte encodings of the sending model, so that a {@link io.directmail.store.MailStore} can
 * keep it in records next to the queue: {@link io.directmail.internal.codec.AccountPolicyCodec},
 * {@link io.directmail.internal.codec.SendingDomainCodec},
 * {@link io.directmail.internal.codec.SenderAddressCodec},
 * {@link io.directmail.internal.codec.TemplateCodec},
 * {@link io.directmail.internal.codec.RecipientListCodec} and
 * {@link io.directmail.internal.codec.LedgerEntryCodec}. Each is a pair of pure functions,
 * {@code encode(value)} and {@code decode(bytes)}, with {@code decode(encode(v)).equals(v)}; none
 * touches a store.
 *
 * <p>The layout every codec shares: the first byte is the record's format version (1 for every
 * kind so far); integers are big-endian; {@code i32} and {@code i64} are signed, {@code u8} an
 * unsigned byte. Then:
 * <ul>
 *   <li>{@code str}: an i32 count of octets and that many octets of UTF-8;</li>
 *   <li>an optional field: a u8 presence byte, 1 followed by the field or 0 alone;</li>
 *   <li>{@code instant}: i64 epoch second, i32 nanosecond (0 to 999,999,999);</li>
 *   <li>{@code date}: i64 epoch day; {@code period}: i32 years, i32 months, i32 days;
 *       {@code duration}: i64 seconds, i32 nanosecond adjustment;</li>
 *   <li>{@code decimal}: i32 scale (not negative: the model keeps amounts without trailing zeros
 *       and with a scale of at least 0), i32 count of octets, the unscaled value's big-endian
 *       two's complement octets: exact, so {@code 0.29} comes back as {@code 0.29};</li>
 *   <li>{@code address}: str local part, str domain (ASCII);</li>
 *   <li>a constant of an enum: its name as a str, never its position, so constants may be added
 *       and reordered;</li>
 *   <li>a variant of a sealed type: a u8 tag, numbered from 1, then the variant's fields;</li>
 *   <li>a list: an i32 count, then the entries.</li>
 * </ul>
 *
 * <p>Decoding is strict: an unknown version or tag, input that ends inside a field or goes on
 * after the last one, malformed UTF-8, or fields that the value's own checks refuse throw a
 * {@link io.directmail.internal.codec.CorruptedRecordException} naming the kind, the byte offset
 * and the field. A change to a layout takes a new version number; a release that writes version
 * 2 of a kind keeps reading version 1. Tests hold the exact bytes of one value of each kind, so
 * an accidental change fails them.
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.codec;
