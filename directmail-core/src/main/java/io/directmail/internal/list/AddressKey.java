package io.directmail.internal.list;

import io.directmail.EmailAddress;
import java.util.Locale;

/** How recipient lists compare addresses: the whole address without regard to case. */
public final class AddressKey {

    private AddressKey() {
    }

    /** Returns the address lower-cased, the key under which a list holds it at most once. */
    public static String of(EmailAddress address) {
        return address.address().toLowerCase(Locale.ROOT);
    }
}
