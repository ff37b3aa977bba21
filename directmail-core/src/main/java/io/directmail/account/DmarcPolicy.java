package io.directmail.account;

/**
 * What a receiver is asked to do with mail that fails DMARC (RFC 7489 §6.3, the {@code p=} tag).
 * Start with {@link #NONE} and read the reports; tighten once every legitimate sender passes.
 */
public enum DmarcPolicy {
    /** {@code p=none}: deliver as usual, only report. The default. */
    NONE("none"),
    /** {@code p=quarantine}: treat failing mail as suspicious, e.g. file it as spam. */
    QUARANTINE("quarantine"),
    /** {@code p=reject}: refuse failing mail. */
    REJECT("reject");

    private final String tag;

    DmarcPolicy(String tag) {
        this.tag = tag;
    }

    /** Returns the value of the {@code p=} tag, e.g. {@code none}. */
    public String tag() {
        return tag;
    }
}
