package io.directmail.quota;

/**
 * Messages taken from one {@link ResourcePackage}, as part of a charge or of a day's totals.
 *
 * @param packageId the package's id
 * @param messages how many messages were taken, at least 1
 */
public record PackageDraw(String packageId, long messages) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if the id is null
     * @throws InvalidQuotaInputException naming the value if it is out of range
     */
    public PackageDraw {
        QuotaIds.require("package id", packageId);
        if (messages < 1) {
            throw new InvalidQuotaInputException("a draw from package " + packageId + " must take at least 1 message, was "
                    + messages);
        }
    }
}
