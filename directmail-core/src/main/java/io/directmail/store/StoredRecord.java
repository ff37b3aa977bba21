package io.directmail.store;

import io.directmail.internal.store.StoreArguments;
import java.util.Arrays;

/**
 * One keyed record of a {@link MailStore}: an opaque value filed under a kind and a key, as
 * listed by {@link MailStore#records(String, String)}. The sending model (accounts, sending
 * domains, sender addresses, templates, recipient lists, quota ledgers, batches) keeps its state
 * in such records, so that it lives in the same store as the queue.
 *
 * <p>The value is copied on the way in and on the way out: changing the array given to the
 * constructor, or one returned by {@link #value()}, changes nothing here. Two records are equal
 * when their kinds, keys and value contents are.
 *
 * @param kind what the record is, such as {@code account} or {@code template}: 1 to
 *     {@value #MAX_KIND_LENGTH} characters of {@code a-z}, {@code 0-9}, {@code .}, {@code _} and
 *     {@code -}
 * @param key which one, unique within its kind: 1 to {@value #MAX_KEY_OCTETS} octets in UTF-8,
 *     without control characters (U+0000 to U+001F, U+007F to U+009F) and without unpaired
 *     surrogates
 * @param value the record's contents, at most {@value #MAX_VALUE_OCTETS} octets (may be empty)
 */
public record StoredRecord(String kind, String key, byte[] value) {

    /** The longest kind, in characters. */
    public static final int MAX_KIND_LENGTH = 64;

    /**
     * The longest key, in octets of its UTF-8 form: 1,024, so that 1,024 ASCII characters fit,
     * and so does a key of other scripts up to that many octets (341 characters of three octets
     * each, such as Chinese). Counted in octets because that is what storage indexes hold.
     */
    public static final int MAX_KEY_OCTETS = 1024;

    /** The largest value, in octets: 16 MiB. */
    public static final int MAX_VALUE_OCTETS = 16 * 1024 * 1024;

    /**
     * Checks the parts and copies the value.
     *
     * @throws NullPointerException naming the part if one is null
     * @throws IllegalArgumentException naming the part and the rule if one breaks the rules above
     */
    public StoredRecord {
        StoreArguments.checkRecord(kind, key, value);
        value = value.clone();
    }

    /** {@return a copy of the record's contents} */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** {@return the number of octets of the value, without copying it} */
    public int size() {
        return value.length;
    }

    /**
     * Compares kinds, keys and value contents.
     *
     * @param other the object to compare with
     * @return true if {@code other} is a record with the same kind, key and value contents
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRecord that && kind.equals(that.kind) && key.equals(that.key)
                && Arrays.equals(value, that.value);
    }

    /** {@return a hash of the kind, the key and the value contents} */
    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + key.hashCode()) * 31 + Arrays.hashCode(value);
    }

    /** {@return the kind, the key and the size of the value (not the value, which may be large)} */
    @Override
    public String toString() {
        return "StoredRecord[kind=" + kind + ", key=" + key + ", " + value.length + " octets]";
    }
}
