package io.directmail.internal.quota;

import io.directmail.quota.ResourcePackage;
import java.time.Instant;
import java.util.Comparator;

/** A resource package and how many of its messages have been used. Mutable; guarded by the ledger's lock. */
final class PackageBalance {

    /** The order packages are drawn on and reported in: earliest expiry, then earliest purchase, then id. */
    static final Comparator<ResourcePackage> CONSUMPTION_ORDER = Comparator.comparing(ResourcePackage::expiresAt)
            .thenComparing(ResourcePackage::purchasedAt)
            .thenComparing(ResourcePackage::id);

    private final ResourcePackage resourcePackage;
    private long used;

    PackageBalance(ResourcePackage resourcePackage) {
        this.resourcePackage = resourcePackage;
    }

    ResourcePackage resourcePackage() {
        return resourcePackage;
    }

    long remaining() {
        return resourcePackage.messages() - used;
    }

    /** Returns whether messages can be drawn at {@code now}: active and not used up. */
    boolean canDraw(Instant now) {
        return remaining() > 0 && resourcePackage.isActiveAt(now);
    }

    /** Uses {@code messages}; a negative number gives them back. */
    void use(long messages) {
        used += messages;
    }
}
