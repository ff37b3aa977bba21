package io.directmail.internal.engine;

import io.directmail.EmailAddress;
import io.directmail.Suppression;
import io.directmail.internal.store.SuppressionList;
import io.directmail.store.MailStore;
import io.directmail.store.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Each account's own suppression list of addresses that unsubscribed from its batch mail, in the
 * store's keyed records ({@value #KIND}, key {@code account/address}), so every node sharing the
 * store sees it. Unlike the instance's suppression list (hard bounces, the application's own
 * entries), it holds back only that account's batch mail. Thread-safe.
 */
final class Unsubscriptions {

    static final String KIND = "dm.unsubscribed";
    private static final byte FORMAT = 2;

    private final MailStore store;

    Unsubscriptions(MailStore store) {
        this.store = store;
    }

    /** {@return the account's entry for the address, if it unsubscribed} */
    Optional<Suppression> find(String account, EmailAddress address) {
        return store.findRecord(KIND, key(account, address)).map(Unsubscriptions::decode);
    }

    /**
     * Adds the address to the account's list unless it is there already.
     *
     * @return the entry in force, and whether it is the one just added
     */
    Added add(String account, EmailAddress address, Instant at, String detail) {
        Suppression entry = new Suppression(address, Suppression.Reason.UNSUBSCRIBE, at, detail);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (store.putRecordIfAbsent(KIND, key(account, address), encode(entry))) {
                return new Added(entry, true);
            }
            Optional<Suppression> existing = find(account, address);
            if (existing.isPresent()) {
                return new Added(existing.get(), false);
            }
            // Removed between the refused put and the lookup: try once more.
        }
        return new Added(find(account, address).orElse(entry), false);
    }

    /** Removes the address from the account's list; returns true if it was on it. */
    boolean remove(String account, EmailAddress address) {
        return store.removeRecord(KIND, key(account, address));
    }

    /** {@return the account's list, oldest first} */
    List<Suppression> list(String account) {
        List<Suppression> entries = new ArrayList<>();
        for (StoredRecord record : store.records(KIND, account + "/")) {
            entries.add(decode(record.value()));
        }
        entries.sort(Comparator.comparing(Suppression::since));
        return entries;
    }

    private static String key(String account, EmailAddress address) {
        return account + "/" + SuppressionList.key(address);
    }

    /** u8 format, i64 second, i32 nano, i32 address length, the address as given (UTF-8), the detail (UTF-8). */
    private static byte[] encode(Suppression entry) {
        byte[] address = entry.address().address().getBytes(StandardCharsets.UTF_8);
        byte[] detail = entry.detail().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Long.BYTES + 2 * Integer.BYTES + address.length + detail.length).put(FORMAT)
                .putLong(entry.since().getEpochSecond()).putInt(entry.since().getNano())
                .putInt(address.length).put(address).put(detail).array();
    }

    private static Suppression decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        if (in.get() != FORMAT) {
            throw new IllegalStateException("an unsubscribe record has an unknown format");
        }
        Instant since = Instant.ofEpochSecond(in.getLong(), in.getInt());
        byte[] address = new byte[in.getInt()];
        in.get(address);
        String detail = new String(value, in.position(), in.remaining(), StandardCharsets.UTF_8);
        return new Suppression(EmailAddress.of(new String(address, StandardCharsets.UTF_8)), Suppression.Reason.UNSUBSCRIBE,
                since, detail);
    }

    /**
     * @param entry the entry in force
     * @param added true if this call added it
     */
    record Added(Suppression entry, boolean added) {
    }
}
