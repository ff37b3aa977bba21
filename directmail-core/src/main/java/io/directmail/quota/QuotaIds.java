package io.directmail.quota;

import java.util.Objects;

/**
 * The rule for the identifiers the ledger keeps (message ids, package ids, reservation ids): 1 to
 * 1,000 characters, none of them whitespace, a control character or half of a surrogate pair. A
 * refused id is reported with an {@link InvalidQuotaInputException} that names the field and shows
 * the value with invisible characters escaped.
 */
final class QuotaIds {

    static final int MAX_LENGTH = 1000;

    private QuotaIds() {
    }

    /**
     * Checks an identifier.
     *
     * @param field the field's name, e.g. {@code "messageId"}
     * @param value the identifier
     * @return the identifier
     * @throws NullPointerException if it is null
     * @throws InvalidQuotaInputException if it breaks the rule
     */
    static String require(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty()) {
            throw new InvalidQuotaInputException(field + " is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidQuotaInputException(field + " is " + value.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed: " + visible(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || Character.isISOControl(c) || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                throw new InvalidQuotaInputException(field + " must not contain whitespace or control characters: " + visible(value));
            }
        }
        return value;
    }

    /** Returns the value quoted, cut after 80 characters, with invisible characters as {@code \\uXXXX}. */
    static String visible(String value) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(value.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > shown) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.append('"').toString();
    }
}
