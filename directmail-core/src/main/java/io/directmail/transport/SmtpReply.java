package io.directmail.transport;

import java.util.regex.Pattern;

/**
 * One reply of an SMTP server: the three-digit code (RFC 5321 §4.2), the enhanced status code
 * when the server gave one (RFC 3463, e.g. {@code 5.1.1}), and the text.
 *
 * @param code the reply code, 200 to 599
 * @param enhancedStatus the enhanced status code such as {@code 4.7.0}, or {@code null}
 * @param text the human-readable text (lines of a multi-line reply joined by a space)
 */
public record SmtpReply(int code, String enhancedStatus, String text) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    /** "rate" as a word (not "separate" or "moderated"), rate limits, too many (but recipients), try again later, throttling. */
    private static final Pattern THROTTLING_TEXT = Pattern.compile(
            "\\brates?\\b|\\brate-?limit|too many(?! recipients)|try again later|throttl|slow down", Pattern.CASE_INSENSITIVE);
    private static final Pattern GREYLISTING_TEXT = Pattern.compile("gr[ae]y-?list", Pattern.CASE_INSENSITIVE);

    /**
     * Validates the reply.
     *
     * @throws IllegalArgumentException if the code is outside 200..599 or the enhanced code is malformed
     */
    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code must be 200..599, was " + code);
        }
        if (enhancedStatus != null && !ENHANCED.matcher(enhancedStatus).matches()) {
            throw new IllegalArgumentException("malformed enhanced status code: " + enhancedStatus);
        }
        text = text == null ? "" : text;
    }

    /**
     * Parses the text after the reply code, taking a leading enhanced status code when it
     * agrees with the reply class (RFC 3463 §2).
     *
     * @param code the reply code
     * @param text the text after the code and its separator
     * @return the reply
     */
    public static SmtpReply parse(int code, String text) {
        String rest = text == null ? "" : text;
        int space = rest.indexOf(' ');
        String first = space < 0 ? rest : rest.substring(0, space);
        if (ENHANCED.matcher(first).matches() && first.charAt(0) == Character.forDigit(code / 100, 10)) {
            return new SmtpReply(code, first, space < 0 ? "" : rest.substring(space + 1));
        }
        return new SmtpReply(code, null, rest);
    }

    /** Returns true for 2xx and 3xx replies. */
    public boolean isPositive() {
        return code < 400;
    }

    /** Returns true for 4xx replies: try again later. */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** Returns true for 5xx replies: do not try again. */
    public boolean isPermanent() {
        return code >= 500;
    }

    /**
     * Returns true when the reply says the sender is sending too fast or too much and should slow
     * down: a 4xx reply that is a 421 (the server closes the session), a 450, 451 or 452 with an
     * RFC 3463 {@code 4.7.x} (security or policy) status, or one whose text speaks of a rate, of
     * too many messages or connections, of throttling, or asks to try again later. Greylisting
     * (a text that says so) is not throttling, nor is a 452 for too many recipients of one message
     * (RFC 5321 §4.5.3.1.10), which the client answers with a further transaction.
     *
     * @return true for a throttling reply
     */
    public boolean isThrottling() {
        if (!isTransient() || GREYLISTING_TEXT.matcher(text).find()) {
            return false;
        }
        if (code == 421) {
            return true;
        }
        if ((code == 450 || code == 451 || code == 452) && enhancedStatus != null && enhancedStatus.startsWith("4.7.")) {
            return true;
        }
        return THROTTLING_TEXT.matcher(text).find();
    }

    @Override
    public String toString() {
        return code + (enhancedStatus == null ? "" : " " + enhancedStatus) + (text.isEmpty() ? "" : " " + text);
    }
}
