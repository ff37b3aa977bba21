package io.directmail.quota;

import java.util.Objects;

/**
 * One resource package in a {@link QuotaUsage} report: what the period took from it and what was
 * left at the report's {@link QuotaUsage#asOf() as-of instant}.
 *
 * @param resourcePackage the package, with its size, price and expiry
 * @param used messages the period took from it
 * @param remaining messages not used by the as-of instant; if the package has expired they are lost
 * @param expired whether the package had expired at the as-of instant
 */
public record PackageUsage(ResourcePackage resourcePackage, long used, long remaining, boolean expired) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if the package is null
     * @throws IllegalArgumentException naming the value if a count is negative or larger than the package
     */
    public PackageUsage {
        Objects.requireNonNull(resourcePackage, "resourcePackage");
        if (used < 0 || remaining < 0 || remaining > resourcePackage.messages() || used > resourcePackage.messages()) {
            throw new IllegalArgumentException("package " + resourcePackage.id() + " of " + resourcePackage.messages()
                    + " messages cannot have used " + used + " and remaining " + remaining);
        }
    }
}
