package io.directmail;

/**
 * The two kinds of mail a sender sends, delivered in separate lanes so that one never waits for
 * the other.
 */
public enum MailType {
    /**
     * Mail one person is waiting for right now: a password reset, a receipt, a sign-in code.
     * The default. Trigger mail goes ahead of any queued batch mail, and some delivery capacity is
     * always kept free for it.
     */
    TRIGGER,
    /** Mail sent to many at once: newsletters, announcements. It yields to trigger mail. */
    BATCH
}
