package io.directmail.account;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a domain name as a person types it into the form DirectMail keeps: ASCII (IDNA
 * {@code xn--} labels for internationalised names), lower case, without a trailing dot; and
 * refuses what is not a host name.
 */
final class DomainNames {

    /**
     * The longest sending domain: 253 (the longest DNS name) less the longest name the product
     * puts in front of it, a 63-character return-path label and its dot.
     */
    static final int MAX_SENDING_DOMAIN_CHARS = 253 - 64;
    /** The longest DNS name in text form, without the trailing dot (RFC 1035 §2.3.4). */
    static final int MAX_HOST_CHARS = 253;

    private static final int MAX_LABEL_CHARS = 63;
    /** The label separators IDNA recognises: full stop, ideographic, fullwidth and halfwidth ideographic full stops. */
    private static final Pattern DOT = Pattern.compile("[.\u3002\uff0e\uff61]");

    private DomainNames() {
    }

    /**
     * Normalises a sending domain: at most {@value #MAX_SENDING_DOMAIN_CHARS} characters in ASCII
     * form, so that every record name under it fits in DNS.
     *
     * @throws InvalidDomainNameException if it is not a usable host name
     */
    static String sendingDomain(String input) {
        return normalise("domain", input, MAX_SENDING_DOMAIN_CHARS);
    }

    /**
     * Normalises a host name, such as a bounce host or an SPF {@code include:} target.
     *
     * @param field what the name is for, for the message
     * @throws InvalidDomainNameException if it is not a usable host name
     */
    static String hostName(String field, String input) {
        return normalise(field, input, MAX_HOST_CHARS);
    }

    private static String normalise(String field, String input, int maxChars) {
        if (input == null) {
            throw new InvalidDomainNameException(field, null, "the name is null");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new InvalidDomainNameException(field, input,
                        String.format("contains a space or control character (U+%04X)", (int) c));
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < input.length()
                    && Character.isLowSurrogate(input.charAt(++i)))) {
                throw new InvalidDomainNameException(field, input, "contains an unpaired surrogate character");
            }
        }
        if (input.startsWith("[")) {
            throw new InvalidDomainNameException(field, input, "address literals are not accepted; give a domain name");
        }
        if (input.indexOf(':') >= 0) {
            throw new InvalidDomainNameException(field, input, "contains ':' (an IPv6 address or a port?); give a domain name");
        }
        String[] labels = DOT.split(input, -1);
        int count = labels.length;
        if (count > 1 && labels[count - 1].isEmpty()) {
            count--; // one trailing dot: the absolute form of the same name
        }
        StringBuilder ascii = new StringBuilder(input.length() + 8);
        for (int i = 0; i < count; i++) {
            String label = labels[i];
            if (label.isEmpty()) {
                throw new InvalidDomainNameException(field, input, input.isEmpty() ? "the name is empty"
                        : "it has an empty label (a leading dot or two dots in a row)");
            }
            String asciiLabel = asciiLabel(field, input, label);
            if (!ascii.isEmpty()) {
                ascii.append('.');
            }
            ascii.append(asciiLabel.toLowerCase(Locale.ROOT));
        }
        if (count < 2) {
            throw new InvalidDomainNameException(field, input, "it has no dot; a fully qualified name such as example.com is needed");
        }
        if (labels[count - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidDomainNameException(field, input, "it is an IP address, not a domain name");
        }
        if (ascii.length() > maxChars) {
            throw new InvalidDomainNameException(field, input, "it is " + ascii.length()
                    + " characters long in ASCII form; at most " + maxChars + " are allowed");
        }
        return ascii.toString();
    }

    private static String asciiLabel(String field, String input, String label) {
        String ascii;
        try {
            ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            if (label.startsWith("-") || label.endsWith("-")) {
                throw startsOrEndsWithHyphen(field, input, label);
            }
            if (String.valueOf(e.getMessage()).contains("too long")) {
                throw tooLong(field, input, label);
            }
            throw new InvalidDomainNameException(field, input, "label \"" + label
                    + "\" is not a valid host name label (letters, digits and inner '-' only): " + e.getMessage());
        }
        if (ascii.length() > MAX_LABEL_CHARS) {
            throw tooLong(field, input, label);
        }
        if (ascii.startsWith("-") || ascii.endsWith("-")) {
            throw startsOrEndsWithHyphen(field, input, label);
        }
        return ascii;
    }

    private static InvalidDomainNameException tooLong(String field, String input, String label) {
        return new InvalidDomainNameException(field, input, "label \"" + label + "\" is longer than "
                + MAX_LABEL_CHARS + " characters in ASCII form");
    }

    private static InvalidDomainNameException startsOrEndsWithHyphen(String field, String input, String label) {
        return new InvalidDomainNameException(field, input, "label \"" + label + "\" starts or ends with '-'");
    }

    /**
     * Returns the text in double quotes with control characters escaped and cut after 80
     * characters: safe to put in a message or a log.
     */
    static String visible(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        int shown = Math.min(text.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > shown) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.append('"').toString();
    }
}
