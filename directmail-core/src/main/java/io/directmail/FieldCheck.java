package io.directmail;

import io.directmail.internal.text.HeaderText;

/**
 * Checks on caller-supplied text that ends up in a message header: the rules shared by
 * {@link Mail}, {@link Mail.Header} and {@link Attachment}. Every refusal is an
 * {@link InvalidMailException} that names the field and shows the value with invisible
 * characters escaped.
 */
final class FieldCheck {

    private FieldCheck() {
    }

    /**
     * Refuses CR, LF and NUL (header injection), the other control characters except TAB, the
     * Unicode line and paragraph separators, and unpaired surrogates.
     *
     * @param field the field's name as the caller knows it, e.g. {@code "subject"}
     * @param value the value, not null
     * @return the value
     */
    static String headerText(String field, String value) {
        HeaderText.Problem problem = HeaderText.find(value);
        if (problem != null) {
            throw problem.injection()
                    ? injection(field, problem.what(), value)
                    : invalid(field, value, "contains " + problem.what());
        }
        return value;
    }

    /** Refuses a value longer than {@code max} characters. */
    static String maxLength(String field, String value, int max) {
        if (value.length() > max) {
            throw invalid(field, value, "is " + value.length() + " characters long; at most " + max + " are allowed");
        }
        return value;
    }

    /** Returns an exception whose message names the field, shows the value and says why. */
    static InvalidMailException invalid(String field, String value, String reason) {
        return new InvalidMailException(field + " " + reason + ": " + visible(value));
    }

    /** Returns the value quoted, with line breaks and other invisible characters escaped. */
    static String visible(String value) {
        return InvalidAddressException.visible(value);
    }

    private static InvalidMailException injection(String field, String what, String value) {
        return invalid(field, value, "must not contain " + what + " (CR, LF and NUL in a header could inject other headers)");
    }
}
